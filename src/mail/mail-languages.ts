/** Languages the client e-mails are written in (views/mail/<code>/). Others fall back to English. */
export const MAIL_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Español' },
] as const;
export const MAIL_LANGUAGE_CODES: string[] = MAIL_LANGUAGES.map((l) => l.value);
