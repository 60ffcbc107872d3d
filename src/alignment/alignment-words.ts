import { labelIn, t } from '../i18n/catalog';
import type { Language } from '../i18n/languages';
import type { ReflectionStatus } from './reflection-status';

/** Being heard, as the client's own page names it (locales/<lang>/alignment.json). */
export const clientReflectionLabel = (language: Language, status: ReflectionStatus | string): string =>
  labelIn(language, 'alignment.client_status', status);

export const levelLabel = (language: Language, level: string): string => labelIn(language, 'alignment.level', level);

/** The names of the fields a client fills in on these pages, for the summary of problems. */
export const alignmentFieldNames = (language: Language, goals: Array<{ id: string }> = []): Record<string, string> => ({
  overall: t(language, 'alignment.field.overall'),
  verdict: t(language, 'alignment.field.verdict'),
  text: t(language, 'alignment.field.text'),
  finding: t(language, 'alignment.field.finding'),
  ...Object.fromEntries(goals.map((g, i) => [`goals.${g.id}`, t(language, 'alignment.thread.goal_label', { number: i + 1 })])),
});

/** A moment as the pages write it ("Jan 9, 2027, 10:00 AM UTC"), in the page's locale. */
export function momentText(at: Date | string, locale: string): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}
