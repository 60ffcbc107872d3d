import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { t } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages';
import { isDatabaseUnavailable } from '../../database/unavailable';
import { isApiRequest } from '../http/request-context';
import type { JsonLogger } from '../logger';
import type { FormContexts } from '../views/form-contexts';
import { DomainError, ErrorCode, FieldErrors } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  correlationId: string;
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'NOT_AUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
};

/** Turns anything thrown into a DomainError, so the rest of the filter deals with one shape. */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_CODES[status];
    if (code) return new DomainError(code, status === 404 ? 'This page does not exist.' : exception.message);
  }
  if (isDatabaseUnavailable(exception)) {
    // The database restarts or fails over: nothing of this request was saved, and trying again soon will work.
    return new DomainError('SERVICE_UNAVAILABLE', 'Ayni cannot reach its database just now. Please try again in a moment.', undefined, {
      'Retry-After': '5',
    });
  }
  return new DomainError('INTERNAL', 'Something went wrong on our side. It has been logged; please try again.');
}

/** Values a re-rendered form shows again: everything typed except secrets. */
function keptValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body).filter(([k]) => !/password|_csrf|token/i.test(k)));
}

/** The one exception filter: JSON for /api, a re-rendered form or an error page for everything else. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly formContexts: FormContexts,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const error = toDomainError(exception);
    const correlationId = req.correlationId ?? 'none';
    if (error.status >= 500) {
      const e = exception as Error;
      this.logger.event('error', 'unhandled error', { correlationId, error: e?.name, detail: e?.message, stack: e?.stack });
    } else if (error.logFields) {
      this.logger.event('error', error.code, { correlationId, ...error.logFields });
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    const body: ErrorBody = {
      statusCode: error.status,
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      correlationId,
    };
    if (isApiRequest(req)) {
      res.status(error.status).json(body);
      return;
    }
    // A page that needs a finished log-in, or a fresh confirmation, sends the person to do that first.
    const step = STEP_PAGES[error.code];
    if (step && (req.method === 'GET' || error.code === 'REAUTH_REQUIRED')) {
      const back = req.method === 'GET' ? req.originalUrl : (refererPath(req) ?? '/account/security');
      res.redirect(303, `${step}?next=${encodeURIComponent(back)}`);
      return;
    }
    // Forms come back with what was typed when the input was the problem; a refusal of access is a page of its own.
    const inputProblem =
      error.status < 500 && !['FORBIDDEN', 'NOT_FOUND', 'NOT_AUTHENTICATED', 'MFA_REQUIRED', 'MFA_ENROLMENT_REQUIRED'].includes(error.code);
    if (req.formView && inputProblem && req.method !== 'GET') {
      const context = await this.formContexts.load(req.formView, req);
      if (res.headersSent) return;
      res.status(error.status).render(req.formView, {
        ...context,
        values: keptValues(req.body),
        errors: error.fields,
        // A plain list of field problems speaks for itself; any other refusal says why in a sentence.
        formError: error.code === 'VALIDATION_FAILED' && error.fields ? undefined : error.message,
        correlationId,
      });
      return;
    }
    const language = isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE;
    res.status(error.status).render('errors/error', { error: body, title: titleFor(error.status, language) });
  }
}

const STEP_PAGES: Partial<Record<ErrorCode, string>> = {
  NOT_AUTHENTICATED: '/login',
  MFA_REQUIRED: '/login/code',
  MFA_ENROLMENT_REQUIRED: '/account/mfa/setup',
  REAUTH_REQUIRED: '/reauth',
};

/** The path of the page a form was sent from (Referer-Policy sends it same-origin only); only its path is used. */
function refererPath(req: Request): string | undefined {
  try {
    const url = new URL(req.get('referer') ?? '');
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

/** The error page's heading, in the page's language (a client's link or a public page may be Spanish). */
function titleFor(status: number, language: Language): string {
  if (status === 404) return t(language, 'errors.title.not_found');
  if (status === 403) return t(language, 'errors.title.forbidden');
  if (status === 410) return t(language, 'errors.title.gone');
  if (status === 429) return t(language, 'errors.title.wait');
  if (status >= 500) return t(language, 'errors.title.server');
  return t(language, 'errors.title.input');
}
