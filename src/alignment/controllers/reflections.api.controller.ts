import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, Public } from '../../accounts/access.decorators';
import { notFound } from '../../common/errors/domain-error';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { ReflectDto, RespondDto } from '../dto/reflection.dto';
import { ReflectionsService } from '../reflections.service';

/** Being heard through the API: staff reflect on an intake; the client answers through their link. */
@ApiTags('being heard')
@Controller('api/v1')
export class ReflectionsApiController {
  constructor(private readonly reflections: ReflectionsService) {}

  @Get('intakes/:id/reflection')
  @ApiCookieAuth()
  @Can('intake.read_answers', 'intake')
  async thread(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const thread = await this.reflections.forStaff(req.auth!, id, originOf(req));
    if (!thread) throw notFound('A reflection for this intake');
    return thread;
  }

  @Post('intakes/:id/reflection')
  @ApiCookieAuth()
  @Can('clinical.author', 'intake')
  @ApiBody({ type: ReflectDto })
  reflect(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    // The service checks the body (after the intake is found), so another practice's id is a 404 first.
    return this.reflections.reflect(req.auth!, id, body, originOf(req));
  }

  @Public()
  @Get('intake-links/:token/reflection')
  async clientThread(@Param('token') token: string, @Req() req: Request) {
    const thread = await this.reflections.forClient(token, originOf(req));
    if (!thread) throw notFound('A reflection for this intake');
    return thread;
  }

  @Public()
  @Post('intake-links/:token/reflection/response')
  respond(@Param('token') token: string, @Body() dto: RespondDto, @Req() req: Request) {
    return this.reflections.respond(token, dto, originOf(req));
  }
}
