import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
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

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const SUBJECT_LINE = /^Subject: (.+)\r?\n\r?\n/;

/**
 * The e-mail templates in views/mail/<lang>/: `<kind>.txt.hbs` starts with a `Subject:` line and is
 * the plain-text part; `<kind>.hbs` is the HTML part, wrapped in `layout.hbs`. The HTML is escaped
 * by Handlebars throughout; the text part is not HTML, so it is compiled without HTML escaping.
 * A language without its own templates falls back to English ("pt-BR" → "pt" → "en").
 */
export class MailTemplates {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir: string) {}

  render(kind: MailKind, model: MailModel, lang = 'en'): RenderedMail {
    const dir = this.languageDir(lang);
    const source = this.template(this.text, join(dir, `${kind}.txt.hbs`), true)(model);
    const match = SUBJECT_LINE.exec(source);
    if (!match) throw new Error(`views/mail/${kind}.txt.hbs must start with a "Subject:" line and a blank line`);
    const subject = oneLine(match[1]).slice(0, 300);
    const text = `${source.slice(match[0].length).trim()}\n`;
    const body = this.template(this.html, join(dir, `${kind}.hbs`), false)(model);
    const html = this.template(
      this.html,
      join(dir, 'layout.hbs'),
      false,
    )({
      ...model,
      lang: lang.split('-')[0],
      subject,
      body: new this.html.SafeString(body),
    });
    return { subject, text, html };
  }

  private languageDir(lang: string): string {
    const tries = LANG.test(lang) ? [lang, lang.split('-')[0], 'en'] : ['en'];
    return join(this.dir, tries.find((l) => existsSync(join(this.dir, l))) ?? 'en');
  }

  private template(hbs: typeof Handlebars, file: string, noEscape: boolean): Handlebars.TemplateDelegate {
    let template = this.compiled.get(file);
    if (!template) {
      template = hbs.compile(readFileSync(file, 'utf8'), { strict: false, noEscape });
      this.compiled.set(file, template);
    }
    return template;
  }
}

/** A header value on one line: no CR or LF can start another header. */
export const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();
