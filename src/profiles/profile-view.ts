import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { offeringWords } from '../offerings/offering-words';
import type { PractitionerProfile } from './entities/practitioner-profile.entity';
import { licensingStatement } from './licensing';

/** A practitioner as a client reads about them, in `language`; `imageBase` makes the photo's address. */
export function profileCard(p: PractitionerProfile, imageBase: string, language: Language = DEFAULT_LANGUAGE) {
  const words = offeringWords(language);
  return {
    displayName: p.displayName,
    credentials: p.credentials,
    modalities: p.modalities.map((m) => words.modality(m)),
    yearsInPractice: p.yearsInPractice,
    languages: p.languages,
    /** The languages as one phrase, for "Speaks English, Spanish". */
    languageList: p.languages.join(', '),
    approach: p.approach,
    acceptsNewClients: p.acceptsNewClients,
    licensing: licensingStatement(p, language),
    photoUrl: p.photoImageId ? `${imageBase}/${p.photoImageId}` : null,
  };
}

/** The profile as form values: the same names the form posts. */
export function profileToForm(p: PractitionerProfile | null, fallbackName: string) {
  if (!p) return { displayName: fallbackName, modalities: [], acceptsNewClients: true };
  return {
    ...p,
    languages: p.languages.join(', '),
    yearsInPractice: p.yearsInPractice ?? '',
    licenseType: p.licenseType ?? '',
    licenseNumber: p.licenseNumber ?? '',
    licenseIssuer: p.licenseIssuer ?? '',
    unlicensedExplanation: p.unlicensedExplanation ?? '',
  };
}
