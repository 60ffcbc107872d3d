import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { Request } from 'express';
import { Can, Public } from '../../accounts/access.decorators';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { AlignmentService } from '../alignment.service';

class CheckDto {
  @ApiProperty({ description: 'A published offering of the practice; its current version is checked.' })
  @IsString()
  offeringId: string;
}

class CommentDto {
  @ApiProperty({ enum: ['timing', 'budget', 'time', 'approach'] })
  @IsString()
  finding: string;

  @ApiProperty()
  @IsString()
  text: string;
}

/** The expectations check through the API: staff create checks; both sides read findings and comment. */
@ApiTags('expectations')
@Controller('api/v1')
export class AlignmentApiController {
  constructor(private readonly alignment: AlignmentService) {}

  @Get('intakes/:id/checks')
  @ApiCookieAuth()
  @Can('intake.read_answers', 'intake')
  list(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.alignment.list(req.auth!, id);
  }

  @Post('intakes/:id/checks')
  @ApiCookieAuth()
  @Can('clinical.author', 'intake')
  @ApiBody({ type: CheckDto })
  async check(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request) {
    // Bodies of record routes are checked by the service, after the record is found: 404 before 400.
    const check = await this.alignment.check(req.auth!, id, body.offeringId, originOf(req));
    return this.alignment.forStaff(req.auth!, id, check.id, null);
  }

  @Get('intakes/:id/checks/:checkId')
  @ApiCookieAuth()
  @Can('intake.read_answers', 'intake')
  get(@Param('id', IdPipe) id: string, @Param('checkId', IdPipe) checkId: string, @Req() req: Request) {
    return this.alignment.forStaff(req.auth!, id, checkId, originOf(req));
  }

  @Post('intakes/:id/checks/:checkId/comments')
  @ApiCookieAuth()
  @Can('intake.read_answers', 'intake')
  @ApiBody({ type: CommentDto })
  async comment(
    @Param('id', IdPipe) id: string,
    @Param('checkId', IdPipe) checkId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ) {
    await this.alignment.commentAsStaff(req.auth!, id, checkId, body.finding, body.text, originOf(req));
    return this.alignment.forStaff(req.auth!, id, checkId, null);
  }

  @Public()
  @Get('intake-links/:token/checks')
  clientList(@Param('token') token: string) {
    return this.alignment.clientChecks(token);
  }

  @Public()
  @Get('intake-links/:token/checks/:checkId')
  clientGet(@Param('token') token: string, @Param('checkId', IdPipe) checkId: string, @Req() req: Request) {
    return this.alignment.forClient(token, checkId, originOf(req));
  }

  @Public()
  @Post('intake-links/:token/checks/:checkId/comments')
  async clientComment(
    @Param('token') token: string,
    @Param('checkId', IdPipe) checkId: string,
    @Body() dto: CommentDto,
    @Req() req: Request,
  ) {
    await this.alignment.commentAsClient(token, checkId, dto.finding, dto.text, originOf(req));
    return this.alignment.forClient(token, checkId, null);
  }
}
