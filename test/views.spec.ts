import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Pages are served with a Content-Security-Policy that allows scripts and styles only from files
 * (script-src 'self', style-src 'self': see src/common/http/security-headers.ts). Anything inline
 * in a view would be blocked by the browser, so this fails first, naming the file and line.
 *
 * Not scanned: views/pdf (printed by Chromium from setContent with JavaScript off and only data:
 * URLs; no HTTP response, so no policy, and its styles travel inside the document), and
 * views/mail (HTML e-mail, never served as a page: mail programs ignore external style sheets).
 */
const ROOT = join(__dirname, '..');
const VIEWS = join(ROOT, 'views');
const NOT_PAGES = ['pdf', 'mail'];

function hbsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === VIEWS && NOT_PAGES.includes(entry.name) ? [] : hbsFiles(path);
    return entry.name.endsWith('.hbs') ? [path] : [];
  });
}

/** What the policy would block in one template, each as "line N: what". */
function inlineCodeIn(template: string): string[] {
  // Comments and Handlebars expressions become blanks of the same length, so line numbers hold
  // and a `>` inside `{{> partial}}` or `{{#if (gt a b)}}` never ends a tag early.
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  const text = template
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, (s) => 'x' + blank(s).slice(1));
  const problems: string[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const tag of text.matchAll(/<([a-zA-Z][\w:-]*)((?:\s[^>]*)?)>/g)) {
    const [, name, attributes] = tag;
    const line = lineOf(tag.index!);
    if (name.toLowerCase() === 'script' && !/\ssrc\s*=/i.test(attributes)) problems.push(`line ${line}: inline <script> (give it a src)`);
    if (name.toLowerCase() === 'style') problems.push(`line ${line}: <style> block (move it to public/css/app.css)`);
    for (const handler of attributes.matchAll(/\s(on[a-z]+)\s*=/gi))
      problems.push(`line ${line}: ${handler[1]}= event handler (use addEventListener in public/js)`);
    if (/\sstyle\s*=/i.test(attributes)) problems.push(`line ${line}: style= attribute (use a class in public/css/app.css)`);
    if (/=\s*["']?\s*javascript:/i.test(attributes)) problems.push(`line ${line}: javascript: URL`);
  }
  return problems;
}

describe('views keep to the Content-Security-Policy', () => {
  it('finds what it looks for', () => {
    expect(inlineCodeIn('<script>alert(1)</script>')).toEqual(['line 1: inline <script> (give it a src)']);
    expect(inlineCodeIn('<p>\n<script\n  type="module">x</script>')).toEqual(['line 2: inline <script> (give it a src)']);
    expect(inlineCodeIn('<script src="/assets/js/app.js" defer></script>')).toEqual([]);
    expect(inlineCodeIn('<style>p{}</style>')).toHaveLength(1);
    expect(inlineCodeIn('<button type="button" onclick="go()">Go</button>')).toEqual([
      'line 1: onclick= event handler (use addEventListener in public/js)',
    ]);
    expect(inlineCodeIn('<body\n onLoad = "x()">')).toHaveLength(1);
    expect(inlineCodeIn('<div class="a" style="color:red">')).toHaveLength(1);
    expect(inlineCodeIn('<rect {{#if x}}style="fill:red"{{/if}} width="2">')).toHaveLength(1);
    expect(inlineCodeIn('<a href="javascript:void(0)">')).toHaveLength(1);
    // Not inline code: words in text, data attributes, Handlebars partials and comments.
    expect(inlineCodeIn('<p data-onclick="x" data-style="y">Press on="this" style=</p>')).toEqual([]);
    expect(inlineCodeIn('{{> forms/errors}}<p class="{{#if (gt a b)}}big{{/if}}">{{! <script> }}</p>')).toEqual([]);
    expect(inlineCodeIn('{{!-- <div style="x"> --}}<!-- <script>x</script> -->')).toEqual([]);
  });

  it('has no inline script, event handler or style attribute in any page template', () => {
    const files = hbsFiles(VIEWS);
    expect(files.length).toBeGreaterThan(40);
    expect(files.some((f) => f.includes(`${join('views', 'layouts', 'main.hbs')}`))).toBe(true);
    const problems = files.flatMap((file) => inlineCodeIn(readFileSync(file, 'utf8')).map((p) => `${relative(ROOT, file)} ${p}`));
    expect(problems).toEqual([]);
  });

  it('has no eval-like code or inline handlers set from the page scripts', () => {
    const dir = join(ROOT, 'public', 'js');
    const problems = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .flatMap((name) => {
        const source = readFileSync(join(dir, name), 'utf8');
        const found: string[] = [];
        if (/\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/.test(source)) found.push(`${name}: eval-like code`);
        if (/setAttribute\(\s*['"](on[a-z]+|style)['"]/i.test(source)) found.push(`${name}: sets an inline handler or style attribute`);
        if (/\.(innerHTML|outerHTML)\s*=\s*(?!\s*['"]['"])/.test(source) || /insertAdjacentHTML/.test(source))
          found.push(`${name}: builds markup from strings`);
        return found;
      });
    expect(problems).toEqual([]);
  });
});
