import { Controller, Get, HttpCode, Param, Post, Query, Render, UploadedFile, UseInterceptors } from '@nestjs/common';
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
  async form(@Query('code') code?: string) {
    return {
      title: 'Check a care agreement',
      values: { code: code ?? '' },
      result: code ? await this.verification.byCode(code) : undefined,
    };
  }

  @Public()
  @Get(':code')
  @Render('agreements/verify')
  async byCode(@Param('code') code: string) {
    return { title: 'Check a care agreement', values: { code }, result: await this.verification.byCode(code) };
  }

  @Public()
  @Post()
  @HttpCode(200)
  @FormView('agreements/verify')
  @UseInterceptors(SingleUpload('file', { maxBytes: MAX_VERIFY_BYTES, noun: 'file' }))
  @Render('agreements/verify')
  async byFile(@UploadedFile() file: Express.Multer.File | undefined) {
    return { title: 'Check a care agreement', values: {}, result: await this.verification.byFile(file), uploaded: true };
  }
}
