import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/languages';
import type { MailKind } from './mail-kinds';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What every message may show: the practice and how to reach it. No answers, no health information. */
export interface MailModel {
  practice: { name: string };
  /** "+1 555 0100 or hello@practice.example", when the practice has a public phone or e-mail. */
  contact?: string;
  clientName?: string | null;
  [key: string]: unknown;
}

/** The language a message is written in: "es", "es-MX" → es; anything Ayni does not speak → English. */
export function mailLanguage(lang: string | null | undefined): Language {
  const code = /^([a-z]{2,3})(?:-[A-Za-z0-9]{2,8})?$/.exec(lang ?? '')?.[1];
  return isLanguage(code) ? code : DEFAULT_LANGUAGE;
}

/**
 * The e-mail templates in views/mail/, one set for every language: `<kind>.txt.hbs` is the
 * plain-text part; `<kind>.hbs` is the HTML part, wrapped in `layout.hbs`. Their words come from
 * locales/<lang>/mail.json through `{{t "mail.…" name=value}}`, the subject from
 * `mail.<kind>.subject` (with `{practice}`). The HTML is escaped by Handlebars throughout, the
 * catalog's words and what fills their placeholders included; the text part is not HTML, so it is
 * compiled without HTML escaping.
 */
export class MailTemplates {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir: string) {
    for (const hbs of [this.html, this.text]) {
      hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) =>
        t(mailLanguage(options.data?.root?.lang), String(key), options.hash as Record<string, unknown>),
      );
    }
  }

  render(kind: MailKind, model: MailModel, lang = 'en'): RenderedMail {
    const language = mailLanguage(lang);
    const context = { ...model, lang: language };
    const subject = oneLine(t(language, `mail.${kind}.subject`, { practice: model.practice.name })).slice(0, 300);
    const text = `${this.template(this.text, `${kind}.txt.hbs`, true)(context).trim()}\n`;
    const body = this.template(this.html, `${kind}.hbs`, false)(context);
    const html = this.template(this.html, 'layout.hbs', false)({ ...context, subject, body: new this.html.SafeString(body) });
    return { subject, text, html };
  }

  private template(hbs: typeof Handlebars, name: string, noEscape: boolean): Handlebars.TemplateDelegate {
    const file = join(this.dir, name);
    const cacheKey = `${noEscape ? 'text' : 'html'}:${file}`;
    let template = this.compiled.get(cacheKey);
    if (!template) {
      template = hbs.compile(readFileSync(file, 'utf8'), { strict: false, noEscape });
      this.compiled.set(cacheKey, template);
    }
    return template;
  }
}

/** A header value on one line: no CR or LF can start another header. */
export const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();
