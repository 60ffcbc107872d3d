import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { readSessionToken } from '../../accounts/cookies';
import { DomainError } from '../../common/errors/domain-error';
import { toDomainError } from '../../common/errors/exception.filter';
import { NOT_ACCEPTED, summarize } from '../../common/errors/validation';
import { checkShape, run } from '../../common/http/body-parsing.middleware';
import type { JsonLogger } from '../../common/logger';
import type { ClientIntakeService } from '../client-intake.service';
import type { LinkGuesses } from '../link-guesses';

const PATH = /^\/api\/v1\/intake-links\/([A-Za-z0-9_-]{43})\/draft\/?$/i;
export const AUTOSAVE_ROUTE = '/api/v1/intake-links/:token/draft';

/**
 * Autosave is the request Ayni serves most: every open intake form, a moment after each pause in
 * typing. This lane answers it before Nest's router, guard and pipes, which have nothing to do for
 * it: the link's token is its only credential, so there is no session to load and no role to
 * check. A request that carries a staff session cookie goes the full way instead (its CSRF token
 * is checked there). The same service applies the same rules and answers in the same shapes as
 * the controller (`PUT /api/v1/intake-links/:token/draft`, which documents it); bench:intake
 * measures the difference.
 */
export function autosaveLane(intake: ClientIntakeService, guesses: LinkGuesses, bodyLimit: string, logger: JsonLogger): RequestHandler {
  const json = express.json({ limit: bodyLimit });
  return (req: Request, res: Response, next: NextFunction) => {
    const match = req.method === 'PUT' ? PATH.exec(req.path) : null;
    if (!match || readSessionToken(req)) return next();
    res.locals.routePattern = AUTOSAVE_ROUTE;
    res.locals.routine = true;
    save(req, match[1])
      .then((saved) => res.status(200).json(saved))
      .catch((exception: unknown) => {
        const error = toDomainError(exception);
        if (error.status >= 500) {
          const e = exception as Error;
          logger.event('error', 'unhandled error', {
            correlationId: req.correlationId,
            error: e?.name,
            detail: e?.message,
            stack: e?.stack,
          });
        }
        for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
        res.status(error.status).json({
          statusCode: error.status,
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
          correlationId: req.correlationId,
        });
      });
  };

  async function save(req: Request, token: string) {
    if (!req.is('application/json')) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The API accepts request bodies as application/json (or multipart/form-data for pictures).',
      );
    }
    // As the guard does on every other link route: a link that does not exist counts against the address.
    await guesses.check('client', token, req.ip ?? 'unknown');
    await run(json, req, req.res!);
    const body: unknown = req.body ?? {};
    checkShape(body);
    const { revision, answers, ...rest } = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<
      string,
      unknown
    >;
    const fields: Record<string, string> = {};
    for (const key of Object.keys(rest)) fields[key] = NOT_ACCEPTED;
    if (!Number.isInteger(revision) || (revision as number) < 0)
      fields.revision = 'must be the whole-number revision from your last read or save';
    if (!answers || typeof answers !== 'object' || Array.isArray(answers)) fields.answers = 'must be an object of question id → answer';
    if (Object.keys(fields).length) throw new DomainError('VALIDATION_FAILED', summarize(fields), fields);
    return intake.saveDraft(token, revision as number, answers as Record<string, unknown>);
  }
}
