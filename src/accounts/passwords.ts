import argon2 from 'argon2';
import { DomainError } from '../common/errors/domain-error';

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // ~49,000 passwords seen most often in breaches, shipped with @zxcvbn-ts/language-common.
  common ??= new Set((require('@zxcvbn-ts/language-common').dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** The reason a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | undefined {
  const characters = [...password]; // code points, so an emoji counts once
  if (characters.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (characters.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'is one of the most common passwords; please choose another';
  if (new Set(characters).size === 1) return 'must not be one character repeated';
  if (email && lower === email.toLowerCase()) return 'must not be your e-mail address';
  return undefined;
}

export function assertAcceptablePassword(password: string, email?: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new DomainError('VALIDATION_FAILED', `Password ${problem}.`, { [field]: `Password ${problem}.` });
}

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when no account matches keeps the response time the same either way. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword('decoy password that never matches'));
