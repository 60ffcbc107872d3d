import { randomBytes } from 'node:crypto';
import { sha256 } from '../secrets';

export const RECOVERY_CODE_COUNT = 10;

/** 32 symbols (5 bits each) without i, l, o or 1, which are easy to misread. */
const ALPHABET = '023456789abcdefghjkmnpqrstuvwxyz';
const LENGTH = 16; // 80 random bits

/**
 * Ten one-time codes, shown once, as "k7mx-2q9a-…". 80 random bits each: the stored SHA-256 cannot
 * be turned back into a code by trying codes, so no slow hash is needed.
 */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(LENGTH);
    const symbols = [...bytes].map((b) => ALPHABET[b & 31]).join('');
    return symbols.replace(/(.{4})(?=.)/g, '$1-');
  });
}

/** What a person typed, as stored: lower case, without spaces or hyphens. */
export const normalizeRecoveryCode = (typed: string): string => typed.toLowerCase().replace(/[\s-]+/g, '');

export const isRecoveryCodeFormat = (typed: string): boolean => new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normalizeRecoveryCode(typed));

export const hashRecoveryCode = (typed: string): string => sha256(`ayni-recovery:${normalizeRecoveryCode(typed)}`);
