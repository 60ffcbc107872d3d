import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { DomainError } from '../common/errors/domain-error';
import { MAX_IMAGE_BYTES } from './image-processing';

/** One uploaded picture (re-encoded before anything is stored). */
export const ImageUpload = (field: string) => SingleUpload(field, { maxBytes: MAX_IMAGE_BYTES, noun: 'picture' });

/**
 * Reads one uploaded file from a multipart form into memory (never to disk), and turns multer's
 * errors into field messages.
 */
export function SingleUpload(field: string, { maxBytes, noun }: { maxBytes: number; noun: string }): Type<NestInterceptor> {
  @Injectable()
  class ImageUploadInterceptor implements NestInterceptor {
    private readonly upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 },
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
    const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
    if (code === 'LIMIT_FILE_SIZE') return say('PAYLOAD_TOO_LARGE', `The ${noun} is larger than ${limit}. Please choose a smaller one.`);
    if (code?.startsWith('LIMIT_')) return say('VALIDATION_FAILED', `Send one ${noun} in the "${field}" field.`);
    if (error instanceof Error && /multipart|boundary/i.test(error.message))
      return say('VALIDATION_FAILED', 'The upload could not be read. Please try again.');
    return error;
  }

  return mixin(ImageUploadInterceptor);
}
