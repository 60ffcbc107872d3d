import { Body, Controller, Get, Headers, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { originOf } from '../../common/http/origin';
import { Public } from '../../accounts/access.decorators';
import { ClientIntakeService } from '../client-intake.service';
import { SaveAnswersDto, SubmitAnswersDto } from '../dto/intake.dto';

/** The client's intake through their link: no account, the token in the path is the credential. */
@ApiTags('intake (client)')
@Controller('api/v1/intake-links/:token')
export class ClientIntakeApiController {
  constructor(private readonly intake: ClientIntakeService) {}

  @Public()
  @Get()
  async read(@Param('token') token: string) {
    const { intake, content, practice, submission } = await this.intake.live(token);
    return {
      status: intake.status,
      revision: intake.revision,
      savedAt: intake.savedAt,
      submittedAt: intake.submittedAt,
      expiresAt: intake.expiresAt,
      practice: { name: practice.name, phone: practice.phone, email: practice.email },
      form: content,
      answers: submission?.answers ?? intake.answers,
    };
  }

  /** Autosave. 409 DRAFT_CONFLICT when another tab saved since `revision`: read again and choose. */
  @Public()
  @Put('draft')
  saveDraft(@Param('token') token: string, @Body() dto: SaveAnswersDto) {
    return this.intake.saveDraft(token, dto.revision, dto.answers);
  }

  /** Exactly once: a retry with the same Idempotency-Key and body answers as the first did. */
  @Public()
  @Post('submit')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A unique value per submission; send the same one when retrying.' })
  async submit(
    @Param('token') token: string,
    @Body() dto: SubmitAnswersDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { submission, replayed } = await this.intake.submit(token, { revision: dto.revision, answers: dto.answers }, key, originOf(req));
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { submissionId: submission.id, submittedAt: submission.submittedAt, answers: submission.answers };
  }
}
