import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { DomainError } from '../common/errors/domain-error';
import { MAX_IMAGE_BYTES } from './image-processing';

/**
 * Reads one uploaded picture from a multipart form into memory (it is re-encoded before anything
 * is stored), and turns multer's errors into field messages.
 */
export function ImageUpload(field: string): Type<NestInterceptor> {
  @Injectable()
  class ImageUploadInterceptor implements NestInterceptor {
    private readonly upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 10, parts: 12 },
    }).single(field);

    async intercept(context: ExecutionContext, next: CallHandler) {
      const http = context.switchToHttp();
      await new Promise<void>((resolve, reject) =>
        this.upload(http.getRequest<Request>(), http.getResponse<Response>(), (error: unknown) =>
          error ? reject(translate(error)) : resolve(),
        ),
      );
      return next.handle();
    }
  }

  function translate(error: unknown): unknown {
    const code = (error as { code?: string }).code;
    const say = (status: 'PAYLOAD_TOO_LARGE' | 'VALIDATION_FAILED', message: string) =>
      new DomainError(status, message, { [field]: message });
    if (code === 'LIMIT_FILE_SIZE') return say('PAYLOAD_TOO_LARGE', 'The picture is larger than 5 MB. Please choose a smaller one.');
    if (code?.startsWith('LIMIT_')) return say('VALIDATION_FAILED', `Send one picture in the "${field}" field.`);
    if (error instanceof Error && /multipart|boundary/i.test(error.message))
      return say('VALIDATION_FAILED', 'The upload could not be read. Please try again.');
    return error;
  }

  return mixin(ImageUploadInterceptor);
}
