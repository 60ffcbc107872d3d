import { t } from '../i18n/catalog';
import { LANGUAGE_CODES, type Language } from '../i18n/languages';
import type { FieldErrors } from '../common/errors/domain-error';

export interface SignInput {
  typedName?: unknown;
  consent?: unknown;
  consentText?: unknown;
  /** The hash of the version the signer was shown: a signature never lands on different content. */
  contentHash?: unknown;
}

/**
 * The statement a client agrees to when they sign, in the language they read it in; the signature
 * keeps the text they saw (rows signed before this keep the English they were shown then).
 */
export const consentStatement = (language: Language): string => t(language, 'agreements.sign.consent');

/** The English statement: staff countersignatures and the API. */
export const CONSENT_TEXT = consentStatement('en');

const CONSENT_STATEMENTS = LANGUAGE_CODES.map(consentStatement);

/** Names compare without case, accents or extra spaces: "maya  ortíz" signs for "Maya Ortiz". */
export const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
};

export function signatureProblems(input: SignInput, expectedName: string, hash: string): FieldErrors {
  const problems: FieldErrors = {};
  const typed = typeof input.typedName === 'string' ? input.typedName.trim() : '';
  if (!typed) problems.typedName = 'is required: type your full name';
  else if (typed.length > 120) problems.typedName = 'must be at most 120 characters';
  else if (!sameName(typed, expectedName)) problems.typedName = `does not match the name on the agreement (${expectedName})`;
  if (!(input.consent === true || input.consent === 'yes' || input.consent === 'on')) problems.consent = 'must be ticked to sign';
  if (input.consentText !== undefined && !CONSENT_STATEMENTS.includes(String(input.consentText)))
    problems.consent = 'must be the consent statement shown';
  if (input.contentHash !== undefined && input.contentHash !== hash) {
    // Also when it is missing on a path that requires it (the client's link): what was shown is what is signed.
    problems.contentHash = 'does not match: the agreement changed since you opened it; read it again before signing';
  }
  return problems;
}
