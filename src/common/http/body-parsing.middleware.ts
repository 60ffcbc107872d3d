import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../errors/domain-error';
import { isApiRequest } from './request-context';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Parses JSON and form bodies inside Nest's middleware chain, so a too-large or malformed body
 * reaches the one exception filter as a clear 4xx instead of Express's default HTML page.
 * The API takes JSON only: a cross-site HTML form cannot send it without a CORS preflight.
 */
@Injectable()
export class BodyParsingMiddleware implements NestMiddleware {
  private readonly json: RequestHandler;
  private readonly form: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.json = express.json({ limit: config.bodyLimit });
    this.form = express.urlencoded({ limit: config.bodyLimit, extended: true, parameterLimit: 1000 });
  }

  async use(req: Request, res: Response, next: NextFunction) {
    const isApi = isApiRequest(req);
    const hasBody = UNSAFE.has(req.method) && Number(req.headers['content-length'] ?? 0) > 0;
    if (isApi && hasBody && !req.is('application/json') && !req.is('multipart/form-data')) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The API accepts request bodies as application/json (or multipart/form-data for pictures).',
      );
    }
    if (UNSAFE.has(req.method)) {
      await run(this.json, req, res);
      if (!isApi) await run(this.form, req, res);
    }
    // Express 5 leaves the body undefined when there is none; handlers may rely on an object.
    req.body ??= {};
    checkShape(req.body);
    next();
  }
}

export function run(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(translate(err)) : resolve())));
}

function translate(err: unknown): unknown {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new DomainError('PAYLOAD_TOO_LARGE', 'The request is larger than Ayni accepts. Please shorten it and try again.');
  }
  if (type === 'entity.parse.failed') {
    return new DomainError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  if (type === 'parameters.too.many') {
    return new DomainError('PAYLOAD_TOO_LARGE', 'The form has more fields than Ayni accepts.');
  }
  // Unsupported charsets and encodings, bodies that are not what they claim: the client's mistake.
  const { status, expose } = err as { status?: number; expose?: boolean };
  if (expose && status && status >= 400 && status < 500) {
    return status === 415
      ? new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body uses a character set or encoding Ayni does not accept.')
      : new DomainError('MALFORMED_BODY', 'The request body could not be read.');
  }
  return err;
}

const MAX_DEPTH = 16;
// A NUL, or half of a surrogate pair, cannot be stored in PostgreSQL text or jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Refuses bodies no form or client would send: nested past reason, or holding characters that cannot be stored. */
export function checkShape(body: unknown, path: string[] = [], depth = 0): void {
  if (depth > MAX_DEPTH) throw new DomainError('MALFORMED_BODY', `The request body is nested more than ${MAX_DEPTH} levels deep.`);
  if (typeof body === 'string') {
    if (UNSTORABLE.test(body)) {
      const field = path.join('.') || 'body';
      throw new DomainError('VALIDATION_FAILED', `${field}: contains characters Ayni cannot store`, {
        [field]: 'contains characters Ayni cannot store',
      });
    }
    return;
  }
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) checkShape(value, [...path, key], depth + 1);
  }
}
