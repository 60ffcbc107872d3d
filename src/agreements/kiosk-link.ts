import { hmac, safeEqual } from '../accounts/secrets';

/** How long a signing screen opened on an office device stays usable. */
export const KIOSK_MINUTES = 30;

/**
 * A signing screen for one agreement on an office device, opened by a staff member: a link that
 * names the agreement, the proposal, the staff member and an expiry, signed with the server's
 * secret. Nothing to store, and nothing else in the practice reachable from that device.
 */
export function kioskToken(secret: string, p: { agreementId: string; proposal: number; staffId: string; expires: number }): string {
  const payload = `${p.agreementId}.${p.proposal}.${p.staffId}.${p.expires}`;
  return `${Buffer.from(payload).toString('base64url')}.${hmac(secret, `kiosk:${payload}`)}`;
}

export function readKioskToken(secret: string, token: string, now = Date.now()) {
  const [encoded, signature] = token.split('.');
  if (!encoded || !signature) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!safeEqual(hmac(secret, `kiosk:${payload}`), signature)) return null;
  const [agreementId, proposal, staffId, expires] = payload.split('.');
  if (!agreementId || !staffId || !(Number(expires) > now)) return null;
  return { agreementId, proposal: Number(proposal), staffId };
}
