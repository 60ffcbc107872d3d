import type { CookieOptions, Request, Response } from 'express';

const SESSION = 'ayni_session';
/** An anonymous per-browser value that CSRF tokens on sign-up and log-in forms are bound to. */
const BROWSER = 'ayni_browser';

/**
 * Over TLS (Express's `req.secure`, which believes the proxy's X-Forwarded-Proto only with
 * TRUST_PROXY) both cookies are `Secure` and named with the `__Host-` prefix, so the browser
 * accepts them only from this exact host over HTTPS, with `Path=/` and no `Domain`: a sibling
 * subdomain or a plain-HTTP response cannot plant or overwrite them. Reading uses the same test,
 * so a cookie is always read under the name it was written with.
 */
const cookieName = (req: Request, base: string) => (req.secure ? `__Host-${base}` : base);
export const sessionCookieName = (req: Request) => cookieName(req, SESSION);
export const browserCookieName = (req: Request) => cookieName(req, BROWSER);

const base = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });

export function setSessionCookie(req: Request, res: Response, token: string, absoluteHours: number) {
  res.cookie(sessionCookieName(req), token, { ...base(req), maxAge: absoluteHours * 3600_000 });
}

export function clearSessionCookie(req: Request, res: Response) {
  res.clearCookie(sessionCookieName(req), base(req));
}

export function setBrowserCookie(req: Request, res: Response, value: string) {
  res.cookie(browserCookieName(req), value, { ...base(req), maxAge: 365 * 24 * 3600_000 });
  // Later code in this request reads it as if the browser had sent it.
  req.cookies = { ...(req.cookies ?? {}), [browserCookieName(req)]: value };
}

/** The session token the browser sent, if any. */
export const readSessionToken = (req: Request): string | undefined => readCookie(req, sessionCookieName(req));

/** The anonymous browser value the browser sent (or was just given), if any. */
export const readBrowserId = (req: Request): string | undefined => readCookie(req, browserCookieName(req));

const readCookie = (req: Request, name: string): string | undefined => {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
};
