import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;

/** One step either way: a phone's clock a little fast or slow, or a code typed as it changed. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A new secret of 160 random bits, in Base32 as authenticator apps take it. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// URI a QR code carries, naming the practice and the person. */
export const totpUri = (secret: string, issuer: string, label: string): string => generateURI({ issuer, label, secret });

export const isTotpFormat = (code: string): boolean => /^\d{6}$/.test(code);

/** The step a code belongs to for this time, or null. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/**
 * The time step the code matches (the current one or one either side), or null when it matches
 * none. Whether that step was already used (replay) is for the caller to decide.
 */
export async function matchTotp(secret: string, code: string, at = new Date()): Promise<number | null> {
  if (!isTotpFormat(code)) return null;
  const result = await verify({ secret, token: code, epoch: Math.floor(at.getTime() / 1000), epochTolerance: TOLERANCE_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Secrets shown to type in by hand, in groups of four: "ABCD EFGH …". */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');
