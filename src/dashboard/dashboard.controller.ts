import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can } from '../accounts/access.decorators';
import { can } from '../accounts/permissions';

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Can('dashboard.view')
  @Render('dashboard/index')
  show(@Req() req: Request, @Query('welcome') welcome?: string) {
    const auth = req.auth!;
    return {
      title: 'Dashboard',
      welcome: welcome === '1',
      canManageTeam: can(auth.role, 'team.manage'),
      authorsClinicalWork: can(auth.role, 'clinical.author'),
    };
  }
}
