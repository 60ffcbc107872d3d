import { Controller, Get, HttpCode, Param, Post, Query, Render, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { FormView, Public } from '../../accounts/access.decorators';
import { SingleUpload } from '../../media/image-upload.interceptor';
import { MAX_VERIFY_BYTES, VerificationService } from '../verification.service';

/** Anyone holding a printed or downloaded agreement can check it here; nothing clinical is shown. */
@ApiExcludeController()
@Controller('verify')
export class VerifyController {
  constructor(private readonly verification: VerificationService) {}

  @Public()
  @Get()
  @Render('agreements/verify')
  async form(@Req() req: Request, @Query('code') code?: string) {
    return {
      title: 'Check a care agreement',
      values: { code: code ?? '' },
      result: code ? await this.verification.byCode(code, req.ip ?? 'unknown') : undefined,
    };
  }

  @Public()
  @Get(':code')
  @Render('agreements/verify')
  async byCode(@Param('code') code: string, @Req() req: Request) {
    return { title: 'Check a care agreement', values: { code }, result: await this.verification.byCode(code, req.ip ?? 'unknown') };
  }

  @Public()
  @Post()
  @HttpCode(200)
  @FormView('agreements/verify')
  @UseInterceptors(SingleUpload('file', { maxBytes: MAX_VERIFY_BYTES, noun: 'file' }))
  @Render('agreements/verify')
  async byFile(@UploadedFile() file: Express.Multer.File | undefined, @Req() req: Request) {
    return {
      title: 'Check a care agreement',
      values: {},
      result: await this.verification.byFile(file, req.ip ?? 'unknown'),
      uploaded: true,
    };
  }
}
