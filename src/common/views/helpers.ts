import type HandlebarsNS from 'handlebars';
import { ROLE_NAMES } from '../../accounts/permissions';
import { catalogKeys, t, translateMessage } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages';
import { isRealDate, longDay } from '../calendar';

type HelperOptions = HandlebarsNS.HelperOptions;

/** View helpers. None of them returns unescaped user input. */
const pageLanguage = (options: HelperOptions): Language => {
  const lang = options.data?.root?.lang;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
};

/** A date and time in the page's locale, written in UTC (as the staff pages' `date`). */
export function dateTimeIn(locale: string, value: unknown): string {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(d);
}

export function registerHelpers(hbs: typeof HandlebarsNS) {
  /**
   * `{{t "intake.fill.save"}}`, `{{t "agreements.signed_on" date=signedOn}}`: the message in the
   * page's language (res.locals.lang, set by ClientLanguageMiddleware), escaped like any value.
   */
  hbs.registerHelper('t', (key: unknown, options: HelperOptions) =>
    t(pageLanguage(options), String(key), options.hash as Record<string, unknown>),
  );
  /** `{{msg error}}`: a message the server wrote in English (a field's problem, a refusal), in the page's language. */
  hbs.registerHelper('msg', (text: unknown, options: HelperOptions) =>
    typeof text === 'string' ? translateMessage(pageLanguage(options), text) : '',
  );
  /** `{{localTime submittedAt}}`: a moment written out in the page's locale ("9 de enero de 2027, 14:05 UTC"). */
  hbs.registerHelper('localTime', (value: unknown, options: HelperOptions) =>
    dateTimeIn(String(options.data?.root?.locale ?? 'en-US'), value),
  );
  /**
   * `{{catalogJson "intake.script"}}`: every message under a prefix, in the page's language, as JSON for a
   * data- attribute, so the page's script writes the same words as the page.
   */
  hbs.registerHelper('catalogJson', (prefix: unknown, options: HelperOptions) => {
    const language = pageLanguage(options);
    const start = `${String(prefix)}.`;
    return JSON.stringify(
      Object.fromEntries(
        catalogKeys(DEFAULT_LANGUAGE)
          .filter((key) => key.startsWith(start))
          .map((key) => [key.slice(start.length), t(language, key)]),
      ),
    );
  });
  /** `{{day "2027-01-09"}}`: a calendar day written out in the page's locale. */
  hbs.registerHelper('day', (value: unknown, options: HelperOptions) =>
    typeof value === 'string' && isRealDate(value) ? longDay(value, String(options.data?.root?.locale ?? 'en-US')) : '',
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  // Like JavaScript's || and &&: the deciding value itself, so `(or values.name invitation.name)` yields a name.
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? false);
  hbs.registerHelper('and', (...args: unknown[]) => {
    const values = args.slice(0, -1);
    return values.find((v) => !v) ?? values[values.length - 1];
  });
  /** `{{lookupField errors "email"}}`: the message for one field, or nothing. */
  hbs.registerHelper('lookupField', (map: unknown, key: string) =>
    map && typeof map === 'object' ? (map as Record<string, unknown>)[key] : undefined,
  );
  hbs.registerHelper('date', (value: unknown) => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(String(value));
    return Number.isNaN(d.getTime())
      ? ''
      : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  });
  /** `{{err errors "careArc" @index "name"}}`: the message for the field at that dotted path. */
  hbs.registerHelper('err', (map: unknown, ...parts: unknown[]) => {
    const path = parts.slice(0, -1).map(String).join('.');
    return map && typeof map === 'object' ? (map as Record<string, unknown>)[path] : undefined;
  });
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.map(String).includes(String(value)));
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));
  hbs.registerHelper('inc', (n: unknown) => Number(n) + 1);
  /** Repeating form rows plus one blank row to add another: `{{#each (withBlank values.draft.careArc)}}`. */
  hbs.registerHelper('withBlank', (list: unknown, max: unknown) => {
    const rows = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
    return rows.length < Number(max) ? [...rows, {}] : rows;
  });
  hbs.registerHelper('urlEncode', (value: unknown) => encodeURIComponent(String(value ?? '')));
  /**
   * An error-summary line: full sentences as they are, fragments ("must be at least 1") after their
   * field's name; the message in the page's language (field names are staff words: English).
   */
  hbs.registerHelper('summaryLine', (path: string, message: string, options: HelperOptions) => {
    const text = translateMessage(pageLanguage(options), String(message ?? ''));
    return /^[A-Z]/.test(String(message ?? '')) ? text : `${fieldName(path)}: ${text}`;
  });
  hbs.registerHelper('roleLabel', (role: unknown) => (ROLE_NAMES as Record<string, string>)[String(role)] ?? String(role));
}

const FIELD_WORDS: Record<string, string> = {
  careArc: 'Care arc, phase',
  feePerVisitMinor: 'fee a visit',
  priceMinor: 'price',
  lengthWeeks: 'length in weeks',
  practitionerIds: 'Who provides it',
  ifNothingChanges: 'if nothing changes',
  npi: 'NPI',
  tin: 'TIN',
};

/** "careArc.0.feePerVisitMinor" → "Care arc, phase 1, fee a visit". */
export function fieldName(path: string): string {
  const words = path.split('.').map((part) => {
    if (/^\d+$/.test(part)) return String(Number(part) + 1);
    return FIELD_WORDS[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  });
  const text = words.join(', ').replace(/, (\d+)/g, ' $1');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
