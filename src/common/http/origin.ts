import type { Request } from 'express';
import type { RequestOrigin } from '../../accounts/sessions.service';

export const originOf = (req: Request): RequestOrigin => ({ ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });

/** Where to go after log-in: only a path on this site, never another host. */
export function safeNext(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : fallback;
}

/** The base for links Ayni hands out: PUBLIC_URL when configured, else this request's own origin. */
export const baseUrl = (req: Request, publicUrl?: string): string => publicUrl ?? `${req.protocol}://${req.get('host')}`;
