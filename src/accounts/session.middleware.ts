import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { originOf } from '../common/http/origin';
import { isApiRequest } from '../common/http/request-context';
import { Transactions } from '../database/transaction';
import { clearSessionCookie, readBrowserId, readSessionToken, setBrowserCookie } from './cookies';
import { navigationFor } from './navigation';
import { randomToken } from './secrets';
import { CsrfBinding, SessionsService } from './sessions.service';
import { credentialsAmbiguous, readBearer } from './tokens/access-tokens';
import { AccessTokensService } from './tokens/access-tokens.service';

/** What CSRF tokens of this request are bound to: its session, or its anonymous browser cookie. */
export function csrfBinding(req: Request): CsrfBinding | undefined {
  const session = req.auth ?? req.pendingAuth;
  if (session) return { kind: 'session', id: session.csrfKey };
  const browser = readBrowserId(req);
  return browser ? { kind: 'anonymous', id: browser } : undefined;
}

/**
 * Resolves the session cookie into `req.auth` (or `req.pendingAuth`), or on the API a personal
 * access token (`Authorization: Bearer ayni_pat_…`), and gives views what every page needs.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly tx: Transactions,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokensService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const isApi = isApiRequest(req);
    // Personal access tokens count on the API only: a page never reads the Authorization header.
    const bearer = isApi ? readBearer(req.header('authorization')) : undefined;
    if (bearer !== undefined) {
      await this.useAccessToken(req, bearer);
      return next();
    }
    const token = readSessionToken(req);
    if (token) {
      const session = await this.tx.run((tx) => this.sessions.resolve(tx, token));
      // Only a finished log-in is `req.auth`: code that checks it never mistakes a half-done one for it.
      if (session?.stage === 'full') req.auth = session;
      else if (session) req.pendingAuth = session;
      else clearSessionCookie(req, res);
    }
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

  /**
   * One credential per request: a bearer token beside a session cookie is refused
   * (CREDENTIALS_AMBIGUOUS) rather than one of them silently winning, so a script running in a
   * signed-in browser never mixes the cookie's authority into a token's request, or the reverse.
   * Refusals are kept on the request and answered by the access guard (TOKEN_INVALID, TOKEN_EXPIRED,
   * TOKEN_REVOKED, or TOO_MANY_ATTEMPTS once an address has had too many refused).
   */
  private async useAccessToken(req: Request, bearer: string) {
    if (readSessionToken(req)) {
      req.credentialError = credentialsAmbiguous();
      return;
    }
    try {
      req.auth = await this.tokens.authenticate(bearer, originOf(req));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      req.credentialError = error;
    }
  }
}
