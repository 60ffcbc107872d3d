import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, notFound } from '../common/errors/domain-error';
import { isApiRequest } from '../common/http/request-context';
import {
  FORM_VIEW,
  MFA_STEP,
  PUBLIC_ROUTE,
  RECENT_REAUTH,
  RECORD_KIND,
  REQUIRED_ACTION,
  SESSION_ONLY,
  TOKEN_CREDENTIAL,
} from './access.decorators';
import type { AuthContext } from './auth-context';
import type { SessionStage } from './mfa/mfa-policy';
import { assertRecentReauth } from './mfa/reauth';
import { RecordLookups } from './record-lookups';
import { readSessionToken } from './cookies';
import { csrfBinding } from './session.middleware';
import { Action, can, ROLE_NAMES } from './permissions';
import { SessionsService } from './sessions.service';
import { tokenNotAccepted } from './tokens/access-tokens';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Runs before every route, in this order: remember the form view (for re-rendering on error),
 * answer a refused access token, require a session (or an access token, on the API) unless
 * @Public, refuse tokens where only a session may act, check the CSRF token on state-changing
 * requests made with a cookie, then the role's permission from the one permission table.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly records: RecordLookups,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request>();
    req.formView = this.reflector.getAllAndOverride<string | undefined>(FORM_VIEW, targets);
    // A refused access token (or a cookie and a token at once) is answered as such on every route, public ones too.
    if (req.credentialError) throw req.credentialError;

    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets);
    if (!isPublic && !req.auth) {
      const steps = this.reflector.getAllAndOverride<SessionStage[] | undefined>(MFA_STEP, targets);
      if (!(req.pendingAuth && steps?.includes(req.pendingAuth.stage))) throw unfinished(req.pendingAuth);
    }
    const needsReauth = this.reflector.getAllAndOverride<boolean | undefined>(RECENT_REAUTH, targets);
    if (req.auth?.via === 'token' && (needsReauth || this.reflector.getAllAndOverride<boolean | undefined>(SESSION_ONLY, targets))) {
      throw tokenNotAccepted();
    }
    const tokenIsCredential = this.reflector.getAllAndOverride<boolean | undefined>(TOKEN_CREDENTIAL, targets);
    if (UNSAFE.has(req.method) && !tokenIsCredential) this.checkCsrf(req);

    const action = this.reflector.getAllAndOverride<Action | undefined>(REQUIRED_ACTION, targets);
    if (action && !(req.auth && can(req.auth.role, action))) {
      if (Object.keys(req.params ?? {}).length > 0) {
        // A record the role can see gets a clear refusal; any other id (another practice's, or
        // none) gets the same 404, so the answer never tells whether the id is real elsewhere.
        const kind = this.reflector.getAllAndOverride<string | undefined>(RECORD_KIND, targets);
        const noun =
          kind && req.auth && req.params.id ? await this.records.describeIfVisible(kind, req.auth, String(req.params.id)) : undefined;
        if (!noun) throw notFound();
        throw new DomainError('FORBIDDEN', `Your role (${ROLE_NAMES[req.auth!.role]}) can read this ${noun} but not change it.`);
      }
      throw new DomainError('FORBIDDEN', 'Your role in this practice does not allow this.');
    }
    if (req.auth && needsReauth) assertRecentReauth(req.auth);
    return true;
  }

  private checkCsrf(req: Request) {
    const isApi = isApiRequest(req);
    // A personal access token is sent by its holder's own code in the Authorization header, which
    // a browser never adds by itself: no ambient authority (and a cookie beside it is refused
    // before this, in the session middleware). Tokens are read on the API only.
    if (isApi && req.auth?.via === 'token') return;
    // An API call without a live session cookie carries no ambient authority to abuse.
    if (isApi && !(req.auth && readSessionToken(req))) return;
    const body = req.body as Record<string, unknown> | undefined;
    // File uploads are parsed after this guard runs, so their forms carry the token in the action's query.
    const fromQuery = req.is('multipart/form-data') && typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    const presented = req.header('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : fromQuery);
    if (body && '_csrf' in body) delete body._csrf;
    const binding = csrfBinding(req);
    if (!binding || !this.sessions.csrfValid(binding, presented)) {
      throw new DomainError(
        'CSRF_TOKEN_INVALID',
        isApi
          ? 'Missing or invalid X-CSRF-Token header. Read the token from GET /api/v1/auth/session.'
          : 'This form has expired or did not come from Ayni. Please check it and send it again.',
      );
    }
  }
}

/** Why a request without a finished log-in is refused: what it still has to do. */
function unfinished(pending: AuthContext | undefined): DomainError {
  if (pending?.stage === 'second_factor') {
    return new DomainError(
      'MFA_REQUIRED',
      'Enter the code from your authenticator app (or a recovery code) to finish logging in. API: POST /api/v1/auth/mfa with {"code"}.',
    );
  }
  if (pending?.stage === 'enrolment') {
    return new DomainError(
      'MFA_ENROLMENT_REQUIRED',
      'Your practice asks owners and practitioners to use two-step log-in. Set it up first: /account/mfa/setup (API: POST /api/v1/account/mfa/enrolment).',
    );
  }
  return new DomainError('NOT_AUTHENTICATED', 'Please log in to continue.');
}
