import { MODALITY_LABELS } from '../offerings/offering-content';
import type { PractitionerProfile } from './entities/practitioner-profile.entity';
import { licensingStatement } from './licensing';

/** A practitioner as a client reads about them; `imageBase` makes the photo's address. */
export function profileCard(p: PractitionerProfile, imageBase: string) {
  return {
    displayName: p.displayName,
    credentials: p.credentials,
    modalities: p.modalities.map((m) => MODALITY_LABELS[m]),
    yearsInPractice: p.yearsInPractice,
    languages: p.languages,
    approach: p.approach,
    acceptsNewClients: p.acceptsNewClients,
    licensing: licensingStatement(p),
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
