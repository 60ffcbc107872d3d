import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, type Language } from './languages';

export type Messages = Record<string, string>;
export type Params = Record<string, unknown>;

/**
 * Message catalogs: `locales/<language>/<namespace>.json`, each a flat object of keys to
 * messages; a key is used as `<namespace>.<key>` ("intake.fill.save"). Messages take `{name}`
 * placeholders; a message with a `count` has `_one` / `_other` forms (CLDR plural categories,
 * as Intl.PluralRules names them). catalog.spec.ts fails on any key missing in a language.
 */
export function loadCatalogs(dir = join(PROJECT_ROOT, 'locales')): Record<Language, Messages> {
  const catalogs = {} as Record<Language, Messages>;
  for (const language of LANGUAGE_CODES) {
    const messages: Messages = {};
    const folder = join(dir, language);
    for (const file of existsSync(folder)
      ? readdirSync(folder)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : []) {
      const namespace = file.replace(/\.json$/, '');
      const entries = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
      for (const [key, message] of Object.entries(entries)) {
        if (typeof message !== 'string') throw new Error(`${language}/${file}: "${key}" must be a string`);
        messages[`${namespace}.${key}`] = message;
      }
    }
    catalogs[language] = messages;
  }
  return catalogs;
}

const catalogs = loadCatalogs();
const plurals = new Map<Language, Intl.PluralRules>();

/** The message in `language` (English if that language lacks it; the key itself if no language has it). */
export function t(language: Language, key: string, params: Params = {}): string {
  const messages = catalogs[language] ?? catalogs[DEFAULT_LANGUAGE];
  let found = key;
  if (typeof params.count === 'number') {
    let rules = plurals.get(language);
    if (!rules) plurals.set(language, (rules = new Intl.PluralRules(language)));
    const form = `${key}_${rules.select(params.count)}`;
    found = messages[form] ?? messages[`${key}_other`] ?? catalogs[DEFAULT_LANGUAGE][form] ?? key;
  }
  const message = found !== key ? found : (messages[key] ?? catalogs[DEFAULT_LANGUAGE][key] ?? key);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined || params[name] === null ? whole : String(params[name]),
  );
}

/** Every key of a language, plural forms included, for the catalog spec. */
export const catalogKeys = (language: Language): string[] => Object.keys(catalogs[language]).sort();

/** A translator bound to one language, for services that write for a client. */
export const translator = (language: Language) => (key: string, params?: Params) => t(language, key, params);
export type Translate = ReturnType<typeof translator>;

/**
 * What the server writes in English (a refusal, a field's problem: "must be a number"), in the
 * page's language. Catalog files named `messages.<area>.json` hold these, keyed by the English text
 * exactly as the code writes it, or with `{placeholder}`s for the parts that vary ("must be at most
 * {max}" matches "must be at most 10"); text without a translation stays as it is.
 */
export function translateMessage(language: Language, english: string): string {
  if (language === DEFAULT_LANGUAGE) return english;
  const key = MESSAGES_BY_TEXT.get(english);
  if (key !== undefined && catalogs[language]?.[key] !== undefined) return catalogs[language][key];
  for (const pattern of MESSAGE_PATTERNS) {
    const m = pattern.english.exec(english);
    if (m) return t(language, pattern.key, Object.fromEntries(pattern.names.map((name, i) => [name, m[i + 1]])));
  }
  return english;
}

/** English message text → its catalog key, for the exact texts of `messages.<area>.json`. */
const MESSAGES_BY_TEXT = new Map(
  Object.keys(catalogs[DEFAULT_LANGUAGE])
    .map((key) => [/^messages\.[\w-]+\.(.+)$/s.exec(key)?.[1], key] as const)
    .filter((entry): entry is readonly [string, string] => entry[0] !== undefined),
);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The messages with `{placeholder}`s, as patterns over their English text. */
const MESSAGE_PATTERNS = [...MESSAGES_BY_TEXT]
  .filter(([english]) => /\{\w+\}/.test(english))
  .map(([english, key]) => ({
    english: new RegExp(
      `^${english
        .split(/\{\w+\}/)
        .map(escapeRegExp)
        .join('(.+?)')}$`,
      's',
    ),
    names: [...english.matchAll(/\{(\w+)\}/g)].map((x) => x[1]),
    key,
  }));

/** The label of a value kept as data (a status, a level): `<prefix>.<value>` from the catalog, or the value itself when the catalog has none. */
export const labelIn = (language: Language, prefix: string, value: string): string =>
  catalogs[DEFAULT_LANGUAGE][`${prefix}.${value}`] === undefined ? value : t(language, `${prefix}.${value}`);
