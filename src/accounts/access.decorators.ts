import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Action } from './permissions';

export const PUBLIC_ROUTE = 'ayni:public';
export const REQUIRED_ACTION = 'ayni:action';
export const FORM_VIEW = 'ayni:form-view';

/** Reachable without signing in. Every other route needs a session. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export const RECORD_KIND = 'ayni:record-kind';
export const TOKEN_CREDENTIAL = 'ayni:token-credential';

/**
 * A client's page reached through their private link: the 256-bit token in the path is the
 * credential, so another site cannot forge the request (it does not know the URL), and no CSRF
 * token is asked for. That way a client whose browser lost its cookie never loses what they typed.
 */
export const ClientLink = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), SetMetadata(TOKEN_CREDENTIAL, true));

/**
 * The permission (see permissions.ts) the signed-in person's role must have. `record` names the
 * kind of record in the route's :id (registered with RecordLookups), so a role that may read it
 * but not change it hears exactly that (403) instead of "not found".
 */
export const Can = (action: Action, record?: string) =>
  applyDecorators(SetMetadata(REQUIRED_ACTION, action), ...(record ? [SetMetadata(RECORD_KIND, record)] : []));

/** The view that shows this form again, with the typed values and field messages, when the request fails. */
export const FormView = (view: string) => SetMetadata(FORM_VIEW, view);

export const MFA_STEP = 'ayni:mfa-step';
export const RECENT_REAUTH = 'ayni:recent-reauth';

/**
 * Also reachable by a session that has not finished logging in: one that still owes its code
 * (`second_factor`) or must set up two-step log-in first (`enrolment`). Every other route sends
 * such a session to finish (pages) or answers MFA_REQUIRED / MFA_ENROLMENT_REQUIRED (API).
 */
export const MfaStep = (...stages: Array<'second_factor' | 'enrolment'>) => SetMetadata(MFA_STEP, stages);

/**
 * A sensitive act: the session must have re-authenticated within the last few minutes (mfa/reauth.ts).
 * An access token can never do it (it cannot re-authenticate): see SessionOnly.
 */
export const RecentReauth = () => applyDecorators(SetMetadata(RECENT_REAUTH, true), ApiExtension('x-session-only', true));

export const SESSION_ONLY = 'ayni:session-only';

/**
 * Only a signed-in session may do this, never a personal access token: managing the account's own
 * credentials (log-out, two-step log-in, re-authentication, access tokens). A token gets 403
 * TOKEN_NOT_ACCEPTED. The OpenAPI document lists such operations with cookie auth only.
 */
export const SessionOnly = () => applyDecorators(SetMetadata(SESSION_ONLY, true), ApiExtension('x-session-only', true));
