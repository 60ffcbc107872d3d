import type { Request } from 'express';
import type { RequestOrigin } from '../../accounts/sessions.service';

export const originOf = (req: Request): RequestOrigin => ({
  ip: req.ip ?? 'unknown',
  userAgent: req.get('user-agent'),
  ...(req.auth?.tokenId ? { tokenId: req.auth.tokenId } : {}),
});

/** Where to go after log-in: only a path on this site, never another host. */
export function safeNext(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : fallback;
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The base for links Ayni hands out: PUBLIC_URL when configured (required in production), else
 * this request's own origin, accepted only when it looks like a host and an http(s) scheme.
 */
export function baseUrl(req: Request, publicUrl?: string): string {
  if (publicUrl) return publicUrl;
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  const host = req.get('host') ?? '';
  return `${protocol}://${HOST.test(host) ? host : 'localhost'}`;
}
