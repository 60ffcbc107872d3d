import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AuthContext } from '../../accounts/auth-context';
import type { JsonLogger } from '../logger';

declare module 'express-serve-static-core' {
  interface Request {
    correlationId: string;
    auth?: AuthContext;
    /** The Handlebars view that re-renders this request's form when it fails validation. */
    formView?: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request a correlation id (echoed in responses and logs) and logs one line when it ends. */
export function requestContext(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    req.correlationId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Correlation-Id', req.correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // A handler may mark its successful requests as routine (autosave, every few seconds per client).
      const routine = res.locals.routine === true && res.statusCode < 400;
      logger.event(routine ? 'debug' : 'info', 'request', {
        method: req.method,
        // The route pattern, not the URL: URLs can carry invitation tokens.
        route: req.route?.path ?? res.locals.routePattern ?? '(unmatched)',
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        correlationId: req.correlationId,
        practiceId: req.auth?.practiceId,
        userId: req.auth?.userId,
      });
    });
    next();
  };
}

/** The JSON API lives under /api; everything else is a page. Uses originalUrl: inside middleware `path` is relative. */
export const isApiRequest = (req: Request): boolean => /^\/api(\/|\?|$)/i.test(req.originalUrl); // Express routes ignore case
