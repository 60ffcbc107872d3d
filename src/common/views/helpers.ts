import type HandlebarsNS from 'handlebars';

/** View helpers. None of them returns unescaped user input. */
export function registerHelpers(hbs: typeof HandlebarsNS) {
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
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  });
  hbs.registerHelper('urlEncode', (value: unknown) => encodeURIComponent(String(value ?? '')));
  hbs.registerHelper('roleLabel', (role: unknown) => ROLE_LABELS[String(role)] ?? String(role));
}

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', practitioner: 'Practitioner', front_desk: 'Front desk' };
