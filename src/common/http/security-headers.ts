import type { NextFunction, Request, Response } from 'express';

/**
 * Headers every response carries. Pages are never framed or sniffed, other sites never learn our
 * URLs (invitation links carry tokens), and nothing private is kept by a browser or proxy cache.
 * (A full Content-Security-Policy arrives with the hardening work; these parts are safe for every page.)
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'");
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
