import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../accounts/access.decorators';
import { can } from '../accounts/permissions';
import { IntakesService } from '../intake/intakes.service';

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly intakes: IntakesService) {}

  @Get()
  @Can('dashboard.view')
  @Render('dashboard/index')
  async show(@Req() req: Request, @Query('welcome') welcome?: string) {
    const auth = req.auth!;
    return {
      intake: await this.intakes.counts(auth),
      title: 'Dashboard',
      welcome: welcome === '1',
      canManageTeam: can(auth.role, 'team.manage'),
      authorsClinicalWork: can(auth.role, 'clinical.author'),
    };
  }
}
