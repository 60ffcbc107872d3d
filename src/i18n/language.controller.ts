import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ClientLink } from '../accounts/access.decorators';
import { sha256 } from '../accounts/secrets';
import { isLanguage } from './languages';

/** A client's choice of language, kept on their record: their pages, e-mails and PDFs follow it. */
@ApiExcludeController()
@Controller('i')
export class LanguageController {
  constructor(private readonly dataSource: DataSource) {}

  @ClientLink()
  @Post(':token/language')
  async choose(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const back =
      typeof body.next === 'string' && body.next.startsWith(`/i/${token}`) && !body.next.includes('//') ? body.next : `/i/${token}`;
    if (isLanguage(body.language)) {
      await this.dataSource.query(
        `UPDATE clients SET language = $1
          WHERE id = (SELECT client_id FROM intakes WHERE token_hash = $2 AND revoked_at IS NULL AND expires_at > now())`,
        [body.language, sha256(token)],
      );
    }
    res.redirect(303, back);
  }
}
