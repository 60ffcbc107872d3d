import type { FieldErrors } from '../common/errors/domain-error';
import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import type { PractitionerProfileDto } from './dto/profile.dto';
import type { PractitionerProfile } from './entities/practitioner-profile.entity';

/** A license needs its type, number and issuing body; "not licensed" needs the practitioner's own words. */
export function licensingProblems(p: PractitionerProfileDto): FieldErrors {
  const problems: FieldErrors = {};
  if (p.licenseStatus === 'licensed') {
    if (!p.licenseType) problems.licenseType = 'name the kind of license';
    if (!p.licenseNumber) problems.licenseNumber = 'give the license number';
    if (!p.licenseIssuer) {
      problems.licenseIssuer = p.licenseNumber
        ? `name the state or board that issued license ${p.licenseNumber}`
        : 'name the state or board that issued the license';
    }
  }
  if (p.licenseStatus === 'not_licensed' && !p.unlicensedExplanation) {
    problems.unlicensedExplanation = 'describe your training, certifications or membership bodies';
  }
  return problems;
}

/**
 * What a client reads about a practitioner's standing. It says only what was entered: never a
 * license that was not, and plainly when there is none.
 */
export function licensingStatement(
  p: Pick<PractitionerProfile, 'licenseStatus' | 'licenseType' | 'licenseNumber' | 'licenseIssuer' | 'unlicensedExplanation'>,
  language: Language = DEFAULT_LANGUAGE,
) {
  if (p.licenseStatus === 'licensed') {
    return {
      licensed: true,
      headline: t(language, 'public.profile.licensed', { type: p.licenseType, number: p.licenseNumber, issuer: p.licenseIssuer }),
      detail: null,
    };
  }
  if (p.licenseStatus === 'not_licensed') {
    return { licensed: false, headline: t(language, 'public.profile.not_licensed'), detail: p.unlicensedExplanation };
  }
  return { licensed: false, headline: t(language, 'public.profile.no_licensing'), detail: null };
}
