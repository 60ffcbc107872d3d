import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** HSTS: a year, subdomains included; sent only on requests that arrived over TLS. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** Browser features no Ayni page uses: denied to the page and to anything it might embed. */
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** The API documentation (Swagger UI) ships an inline <style> block and style= attributes. */
const API_DOCS = /^\/api\/docs(\/|$)/i;

/**
 * The Content-Security-Policy of every response. Pages load scripts and styles only from Ayni's
 * own /assets/ (no inline script, no inline style, no eval), pictures from Ayni or data: URLs, and
 * talk only to Ayni; they cannot be framed, cannot embed plugins, and cannot change the base URL
 * that their relative links resolve against. Views keep to this: test/views.spec.ts fails on an
 * inline <script>, an on*= handler or a style= attribute. Should an inline script ever be truly
 * needed, give it a per-request nonce rather than 'unsafe-inline'.
 */
export function cspDirectives(options: { apiDocs?: boolean; overTls?: boolean } = {}) {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Swagger UI's own page (developer documentation, no user content) needs inline styles; its scripts stay strict.
    'style-src': options.apiDocs ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    ...(options.overTls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

function configured(options: { apiDocs: boolean; overTls: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(options) },
    strictTransportSecurity: options.overTls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    // Other sites never learn our URLs: invitation and client links carry their tokens in the path.
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }) as RequestHandler;
}

/**
 * Headers every response carries, set by helmet configured once here (four variants: over TLS or
 * not, API docs or not). "Over TLS" is Express's `req.secure`, the same test that marks cookies
 * Secure and gives them the __Host- prefix: with TRUST_PROXY it believes the proxy's
 * X-Forwarded-Proto. Responses may replace the policy with a stricter one of their own (pictures do).
 * Nothing private is kept by a browser or proxy cache: every response but static assets is no-store.
 */
export function securityHeaders(): RequestHandler {
  const variants = {
    plain: configured({ apiDocs: false, overTls: false }),
    tls: configured({ apiDocs: false, overTls: true }),
    docsPlain: configured({ apiDocs: true, overTls: false }),
    docsTls: configured({ apiDocs: true, overTls: true }),
  };
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
    const docs = API_DOCS.test(req.path);
    const handler = docs ? (req.secure ? variants.docsTls : variants.docsPlain) : req.secure ? variants.tls : variants.plain;
    handler(req, res, next);
  };
}
