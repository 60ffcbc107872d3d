import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers';

type Render = (filePath: string, options: Record<string, unknown>, cb: (e: unknown, html?: string) => void) => void;

/**
 * A small Express view engine on plain Handlebars: `views/layouts/main.hbs` wraps every page,
 * `views/partials/**` are registered by path (`{{> forms/field}}`). Templates are compiled once
 * when `cache` is on. Everything is HTML-escaped; prototype access stays at Handlebars' safe default.
 */
export function createHandlebarsEngine(viewsDir: string, cache: boolean): Render {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  let partialsLoaded = false;

  const compile = (file: string) => {
    let template = cache ? compiled.get(file) : undefined;
    if (!template) {
      template = hbs.compile(readFileSync(file, 'utf8'), { strict: false, preventIndent: true });
      compiled.set(file, template);
    }
    return template;
  };

  const loadPartials = () => {
    if (partialsLoaded && cache) return;
    const root = join(viewsDir, 'partials');
    for (const file of walk(root)) {
      const name = relative(root, file)
        .replace(/\\/g, '/')
        .replace(/\.hbs$/, '');
      hbs.registerPartial(name, readFileSync(file, 'utf8'));
    }
    partialsLoaded = true;
  };

  return (filePath, options, cb) => {
    try {
      loadPartials();
      const data = { ...options };
      const body = compile(filePath)(data);
      const layout = data.layout === false ? null : String(data.layout ?? 'main');
      if (!layout) return cb(null, body);
      cb(null, compile(join(viewsDir, 'layouts', `${layout}.hbs`))({ ...data, body: new hbs.SafeString(body) }));
    } catch (error) {
      cb(error);
    }
  };
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return extname(name) === '.hbs' && !basename(name).startsWith('.') ? [full] : [];
  });
}
