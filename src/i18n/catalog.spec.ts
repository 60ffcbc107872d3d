import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { catalogKeys, labelIn, loadCatalogs, t, translateMessage } from './catalog';
import { CLIENT_VIEWS } from './client-views';
import { LANGUAGE_CODES } from './languages';

const VIEWS = join(PROJECT_ROOT, 'views');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A key as written in a template, `{{t "a.b"}}` or `(t "a.b" …)`, or in code, `t(lang, 'a.b')` / `tr('a.b')`. */
const KEY_IN_VIEW = /[{(]t\s+"([\w.-]+)"/g;
const KEY_IN_CODE = /\bt(?:r)?\((?:\w+,\s*)?'([\w-]+\.[\w.-]+)'/g;
const usedKeys = () => {
  const found = new Map<string, string>();
  for (const file of files(VIEWS).filter((f) => f.endsWith('.hbs'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(KEY_IN_VIEW)) found.set(m[1], relative(PROJECT_ROOT, file));
  }
  for (const file of files(join(PROJECT_ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(KEY_IN_CODE)) found.set(m[1], relative(PROJECT_ROOT, file));
  }
  return found;
};
/** Names are the same in every language. */
const NAMES = ['Ayni'];
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('message catalogs', () => {
  const catalogs = loadCatalogs();

  it.each(LANGUAGE_CODES)('%s has exactly the keys English has, none empty, with the same placeholders', (language) => {
    const english = catalogs.en;
    const other = catalogs[language];
    const pluralFree = (keys: string[]) => [...new Set(keys.map(baseKey))].sort();
    expect(pluralFree(Object.keys(other))).toEqual(pluralFree(Object.keys(english)));
    for (const [key, message] of Object.entries(other)) {
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
      const englishForm = english[key] ?? english[`${baseKey(key)}_other`];
      expect({ key, placeholders: placeholders(message) }).toEqual({ key, placeholders: placeholders(englishForm) });
    }
  });

  it('every key a template or the code uses exists', () => {
    const known = new Set(catalogKeys('en').map(baseKey));
    const missing = [...usedKeys()].filter(([key]) => !known.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('client-facing templates carry no words of their own: all of it comes from the catalogs', () => {
    const offenders: string[] = [];
    for (const view of CLIENT_VIEWS) {
      const source = readFileSync(join(VIEWS, view), 'utf8')
        .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '') // comments
        .replace(/\{\{[\s\S]*?\}\}/g, ' ') // expressions
        .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ');
      // Words people read or hear inside tags: labels for screen readers, tooltips, alternative text.
      const spoken = [...source.matchAll(/\b(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]).join(' ');
      const text = `${source.replace(/<[^>]*>/g, ' ')} ${spoken}`.replace(/&[a-z]+;|&#\d+;/g, ' ');
      const words = (text.match(/\p{L}{2,}/gu) ?? []).filter((word) => !NAMES.includes(word));
      if (words.length) offenders.push(`${view}: ${words.slice(0, 8).join(' ')}`);
    }
    expect(offenders).toEqual([]);
  });

  it('answers in the language asked for, fills placeholders, and shows an unknown key as itself', () => {
    expect(t('es', 'common.layout.skip')).toBe('Ir al contenido');
    expect(t('en', 'common.layout.page_title', { title: 'Your story' })).toBe('Your story · Ayni');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
    expect(labelIn('es', 'alignment.level', 'aligned')).toBe('Coincide');
    expect(labelIn('es', 'alignment.level', 'some_new_level')).toBe('some_new_level');
    expect(translateMessage('es', 'must be a number')).toBe('debe ser un número');
  });
});
