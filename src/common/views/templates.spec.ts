import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createHandlebarsEngine } from './handlebars-engine';

const VIEWS = resolve(__dirname, '../../../views');

function hbsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return hbsFiles(full);
    return name.endsWith('.hbs') ? [full] : [];
  });
}

/** Ways a Handlebars template can print without escaping, each with examples its pattern must catch. */
const UNESCAPED: [string, RegExp, string[]][] = [
  ['triple-stash {{{', /\{\{~?\{/, ['{{{html}}}', '{{~{html}}}']],
  ['ampersand {{&', /\{\{~?\s*&/, ['{{& html}}', '{{~&html}}']],
  ['a safe/SafeString helper', /(\{\{~?[#^]?|\()\s*(safe|SafeString)\b/, ['{{safe html}}', '{{ SafeString x }}', '{{echo (safe x)}}']],
];

describe('templates in views/', () => {
  const files = hbsFiles(VIEWS);

  it('are found (including layouts and partials)', () => {
    const names = files.map((f) => relative(VIEWS, f));
    expect(names).toEqual(expect.arrayContaining(['layouts/main.hbs', expect.stringMatching(/^partials\//)]));
  });

  it.each(UNESCAPED)('the check for %s catches it and nothing else', (_label, pattern, samples) => {
    for (const sample of samples) expect(sample).toMatch(pattern);
    expect('{{name}} {{#if ok}}{{> forms/field}}{{/if}} {{safeName}} {{!-- safe --}}').not.toMatch(pattern);
  });

  it.each(files.map((f) => [relative(VIEWS, f), f]))('%s prints nothing unescaped', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const [label, pattern] of UNESCAPED) expect({ label, found: pattern.exec(source)?.[0] }).toEqual({ label, found: undefined });
  });
});

describe('createHandlebarsEngine', () => {
  let dir: string;
  let render: (file: string, options: Record<string, unknown>) => Promise<string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ayni-views-'));
    mkdirSync(join(dir, 'layouts'));
    mkdirSync(join(dir, 'partials', 'forms'), { recursive: true });
    writeFileSync(join(dir, 'layouts', 'main.hbs'), '<main>{{body}}</main>');
    writeFileSync(join(dir, 'partials', 'p.hbs'), '<p class="partial">{{name}}</p>');
    writeFileSync(join(dir, 'partials', 'forms', 'field.hbs'), '<label>{{label}}</label>');
    writeFileSync(join(dir, 'page.hbs'), '<h1>{{name}}</h1>{{> p}}');
    writeFileSync(join(dir, 'nested.hbs'), '{{> forms/field label=name}}');
    writeFileSync(join(dir, 'proto.hbs'), '[{{constructor.name}}][{{__proto__}}][{{row.constructor.name}}][{{row.secret}}]');
    const engine = createHandlebarsEngine(dir, true);
    render = (file, options) =>
      new Promise((ok, fail) => engine(join(dir, file), options, (error, html) => (error ? fail(error) : ok(html!))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const evil = '<script>alert(1)</script>';

  it('escapes data in pages and partials, and wraps the page in the layout unescaped', async () => {
    const html = await render('page.hbs', { name: evil });
    expect(html).not.toContain('<script>');
    expect(html).toBe(
      '<main><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p class="partial">&lt;script&gt;alert(1)&lt;/script&gt;</p></main>',
    );
  });

  it('registers partials by their path under partials/', async () => {
    expect(await render('nested.hbs', { name: 'A&B', layout: false })).toBe('<label>A&amp;B</label>');
  });

  it('skips the layout with layout: false', async () => {
    expect(await render('page.hbs', { name: 'Ana', layout: false })).toBe('<h1>Ana</h1><p class="partial">Ana</p>');
  });

  it('does not expose prototype properties', async () => {
    class Row {
      get secret() {
        return 'leak';
      }
    }
    const denied = jest.spyOn(console, 'error').mockImplementation(() => undefined); // Handlebars logs each denial
    try {
      expect(await render('proto.hbs', { layout: false, row: new Row() })).toBe('[][][][]');
    } finally {
      denied.mockRestore();
    }
  });

  it('passes errors to the callback', async () => {
    await expect(render('missing.hbs', {})).rejects.toThrow(/ENOENT/);
  });
});
