import type { OpenAPIObject } from '@nestjs/swagger';

/** The name of the bearer scheme in the OpenAPI document (/api/docs). */
export const ACCESS_TOKEN_SCHEME = 'access-token';

export const ACCESS_TOKEN_SCHEME_DESCRIPTION =
  'A personal access token (`ayni_pat_…`), created on the Security page (Access tokens) or with POST /api/v1/account/tokens. ' +
  'Acts as its owner, in their practice, with the role chosen for it; no CSRF token is needed. Refused with 401 TOKEN_INVALID, ' +
  'TOKEN_EXPIRED or TOKEN_REVOKED; a request with a session cookie as well is refused (400 CREDENTIALS_AMBIGUOUS).';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every API operation that takes the session cookie also takes an access token, except those
 * marked session-only (`x-session-only`: log-out, two-step log-in, re-authentication, tokens).
 */
export function offerAccessTokens(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of METHODS) {
      const operation = item[method] as (NonNullable<(typeof item)[typeof method]> & { 'x-session-only'?: boolean }) | undefined;
      if (!operation?.security || operation['x-session-only']) continue;
      const takesCookie = operation.security.some((requirement) => 'cookie' in requirement);
      if (takesCookie && !operation.security.some((requirement) => ACCESS_TOKEN_SCHEME in requirement)) {
        operation.security.push({ [ACCESS_TOKEN_SCHEME]: [] });
      }
    }
  }
  return document;
}
