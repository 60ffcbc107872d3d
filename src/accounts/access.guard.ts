import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, notFound } from '../common/errors/domain-error';
import { isApiRequest } from '../common/http/request-context';
import { FORM_VIEW, PUBLIC_ROUTE, REQUIRED_ACTION } from './access.decorators';
import { readCookie, SESSION_COOKIE } from './cookies';
import { csrfBinding } from './session.middleware';
import { Action, can } from './permissions';
import { SessionsService } from './sessions.service';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Runs before every route, in this order: remember the form view (for re-rendering on error),
 * require a session unless @Public, check the CSRF token on state-changing requests, then the
 * role's permission from the one permission table.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request>();
    req.formView = this.reflector.getAllAndOverride<string | undefined>(FORM_VIEW, targets);

    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets);
    if (!isPublic && !req.auth) {
      throw new DomainError('NOT_AUTHENTICATED', 'Please log in to continue.');
    }
    if (UNSAFE.has(req.method)) this.checkCsrf(req);

    const action = this.reflector.getAllAndOverride<Action | undefined>(REQUIRED_ACTION, targets);
    if (action && !(req.auth && can(req.auth.role, action))) {
      // A route that names a record answers as if the record did not exist: the same 404 that
      // another practice's id gets, so the answer never tells whether the id is real.
      if (Object.keys(req.params ?? {}).length > 0) throw notFound();
      throw new DomainError('FORBIDDEN', 'Your role in this practice does not allow this.');
    }
    return true;
  }

  private checkCsrf(req: Request) {
    const isApi = isApiRequest(req);
    // An API call without a live session cookie carries no ambient authority to abuse.
    if (isApi && !(req.auth && readCookie(req, SESSION_COOKIE))) return;
    const body = req.body as Record<string, unknown> | undefined;
    const presented = req.header('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
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
