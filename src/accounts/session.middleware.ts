import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isApiRequest } from '../common/http/request-context';
import { Transactions } from '../database/transaction';
import { clearSessionCookie, readBrowserId, readSessionToken, setBrowserCookie } from './cookies';
import { navigationFor } from './navigation';
import { randomToken } from './secrets';
import { CsrfBinding, SessionsService } from './sessions.service';

/** What CSRF tokens of this request are bound to: its session, or its anonymous browser cookie. */
export function csrfBinding(req: Request): CsrfBinding | undefined {
  const session = req.auth ?? req.pendingAuth;
  if (session) return { kind: 'session', id: session.csrfKey };
  const browser = readBrowserId(req);
  return browser ? { kind: 'anonymous', id: browser } : undefined;
}

/** Resolves the session cookie into `req.auth` (or `req.pendingAuth`) and gives views what every page needs. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly tx: Transactions,
    private readonly sessions: SessionsService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const token = readSessionToken(req);
    if (token) {
      const session = await this.tx.run((tx) => this.sessions.resolve(tx, token));
      // Only a finished log-in is `req.auth`: code that checks it never mistakes a half-done one for it.
      if (session?.stage === 'full') req.auth = session;
      else if (session) req.pendingAuth = session;
      else clearSessionCookie(req, res);
    }
    const isApi = isApiRequest(req);
    if (!isApi && !req.auth && !readBrowserId(req)) {
      const value = randomToken();
      setBrowserCookie(req, res, value);
    }
    if (!isApi) {
      const binding = csrfBinding(req);
      res.locals.csrfToken = binding ? this.sessions.csrfToken(binding) : '';
      res.locals.auth = req.auth ?? req.pendingAuth;
      res.locals.nav = navigationFor(req.auth, req.originalUrl.split('?')[0]);
    }
    next();
  }
}
