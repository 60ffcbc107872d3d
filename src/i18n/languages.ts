/** Languages Ayni speaks to clients in: their pages, e-mails and PDFs (locales/<code>/). Staff pages are in English. */
export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Español' },
] as const;
export type Language = (typeof LANGUAGES)[number]['value'];
export const LANGUAGE_CODES: Language[] = LANGUAGES.map((l) => l.value);
export const DEFAULT_LANGUAGE: Language = 'en';

export const isLanguage = (value: unknown): value is Language => LANGUAGE_CODES.includes(value as Language);

/** A practice's default for its clients: the language of its locale ("es-MX" → es) when Ayni speaks it, else English. */
export const practiceLanguage = (practiceLocale: string): Language => {
  const language = practiceLocale.split('-')[0].toLowerCase();
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
};

/**
 * The locale a client's dates, numbers and money are written in: their language with the
 * practice's region ("es" at an "en-US" practice → "es-US"), or the practice's own locale when
 * the languages agree.
 */
export const clientLocale = (language: Language, practiceLocale: string): string => {
  if (practiceLanguage(practiceLocale) === language) return practiceLocale;
  const region = practiceLocale.split('-')[1];
  const candidate = region ? `${language}-${region}` : language;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length ? candidate : language;
  } catch {
    return language;
  }
};

/** The language Ayni speaks to one client: their own choice when Ayni has it, else the practice's default. */
export const languageForClient = (chosen: string | null | undefined, practiceLocale: string): Language =>
  isLanguage(chosen) ? chosen : practiceLanguage(practiceLocale);
