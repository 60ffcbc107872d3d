import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'ayni_session';
/** An anonymous per-browser value that CSRF tokens on sign-up and log-in forms are bound to. */
export const BROWSER_COOKIE = 'ayni_browser';

const base = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });

export function setSessionCookie(req: Request, res: Response, token: string, absoluteHours: number) {
  res.cookie(SESSION_COOKIE, token, { ...base(req), maxAge: absoluteHours * 3600_000 });
}

export function clearSessionCookie(req: Request, res: Response) {
  res.clearCookie(SESSION_COOKIE, base(req));
}

export function setBrowserCookie(req: Request, res: Response, value: string) {
  res.cookie(BROWSER_COOKIE, value, { ...base(req), maxAge: 365 * 24 * 3600_000 });
}

export const readCookie = (req: Request, name: string): string | undefined => {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
};
