import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from '../common/views/helpers';
import { practiceLanguage } from '../i18n/languages';

const FONT_DIR = join(require.resolve('@fontsource/noto-sans/package.json'), '..', 'files');
const FONTS = [
  ['latin', 400],
  ['latin', 700],
  ['latin-ext', 400],
  ['latin-ext', 700],
] as const;

/**
 * The printed documents in views/pdf/: compiled once, with shared partials, print CSS and fonts
 * embedded as data: URIs (the renderer loads nothing from the network or the disk). `version`
 * changes whenever any template, style or font does, so cached PDFs follow template changes.
 */
export class PdfTemplates {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  readonly version: string;
  private readonly styles: Handlebars.SafeString;

  /** `sharedPartials`: the pages' partials (e.g. offerings/details), so a printed offering reads as it does on screen. */
  constructor(
    private readonly dir: string,
    sharedPartials: string,
  ) {
    registerHelpers(this.hbs);
    const hash = createHash('sha256');
    for (const [root, files] of [
      [sharedPartials, walk(sharedPartials)],
      [join(dir, 'partials'), walk(dir)],
    ] as const) {
      for (const file of [...files].sort()) {
        const text = readFileSync(file, 'utf8');
        hash.update(relative(root, file)).update(text);
        if (file.startsWith(root) && file.endsWith('.hbs')) this.hbs.registerPartial(relative(root, file).replace(/\.hbs$/, ''), text);
      }
    }
    const fontFaces = FONTS.map(([subset, weight]) => {
      const bytes = readFileSync(join(FONT_DIR, `noto-sans-${subset}-${weight}-normal.woff2`));
      hash.update(bytes);
      return `@font-face{font-family:'Noto Sans';font-weight:${weight};font-style:normal;src:url(data:font/woff2;base64,${bytes.toString('base64')}) format('woff2');}`;
    }).join('\n');
    this.styles = new this.hbs.SafeString(`${fontFaces}\n${readFileSync(join(dir, 'print.css'), 'utf8')}`);
    this.version = hash.digest('hex');
  }

  /**
   * The whole HTML page of a document. The view model is escaped by Handlebars throughout.
   * `meta.language` ("es", "es-MX") is the document's: `<html lang>`, and the language `{{t}}`
   * writes in unless the model sets `lang`.
   */
  page(document: string, model: Record<string, unknown>, meta: { title: string; language: string }): string {
    const lang = practiceLanguage(meta.language);
    const body = this.template(document)({ lang, ...model });
    return this.template('layout')({ lang, ...meta, styles: this.styles, body: new this.hbs.SafeString(body) });
  }

  /** Chromium's running header and footer, from partial templates (escaped like everything else). */
  headerFooter(meta: Record<string, unknown>): { header: string; footer: string } {
    const context = { lang: practiceLanguage(String(meta.language ?? '')), ...meta };
    return { header: this.template('header')(context), footer: this.template('footer')(context) };
  }

  private template(name: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(name);
    if (!template) {
      template = this.hbs.compile(readFileSync(join(this.dir, `${name}.hbs`), 'utf8'), { strict: false });
      this.compiled.set(name, template);
    }
    return template;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
