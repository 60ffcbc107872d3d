/** Time zones, locales and the paper a practice prints on. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

export const isTimeZone = (value: unknown): value is string => typeof value === 'string' && TIME_ZONES.includes(value);

/** A BCP 47 tag that this runtime can format dates and money for, e.g. "en-US", "es-MX", "en-GB". */
export function isKnownLocale(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return false;
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    return Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 1 && new Intl.Locale(canonical).language !== 'und';
  } catch {
    return false;
  }
}

/** Letter where it is the custom (the Americas' Letter countries), A4 everywhere else. */
const LETTER_REGIONS = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'GT', 'CR', 'PA', 'DO', 'PR', 'SV', 'NI', 'BZ']);

export function paperSize(locale: string): 'letter' | 'a4' {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && LETTER_REGIONS.has(region) ? 'letter' : 'a4';
  } catch {
    return 'a4';
  }
}

/** Common choices first in the editor; any valid tag is accepted. */
export const SUGGESTED_LOCALES = [
  { value: 'en-US', label: 'English (United States)' },
  { value: 'en-CA', label: 'English (Canada)' },
  { value: 'en-GB', label: 'English (United Kingdom)' },
  { value: 'en-AU', label: 'English (Australia)' },
  { value: 'es-US', label: 'Español (Estados Unidos)' },
  { value: 'es-MX', label: 'Español (México)' },
  { value: 'es-ES', label: 'Español (España)' },
  { value: 'fr-CA', label: 'Français (Canada)' },
  { value: 'de-DE', label: 'Deutsch (Deutschland)' },
];
