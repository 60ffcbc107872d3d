/**
 * Ids and choice values made from what the practitioner typed. Ids are made once, when a section
 * or question is added, and never change afterwards: answers and show-ifs refer to them.
 */
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', ł: 'l', đ: 'd', þ: 'th', œ: 'oe', ı: 'i' };
const PART_LIMIT = 36;

/** "Sleep & habits" → "sleep_habits": accents folded, at most 36 characters; `fallback` when nothing is left. */
export function idPart(text: string, fallback: string): string {
  const part = text
    .toLowerCase()
    .replace(/[ßæøłđþœı]/g, (c) => LETTERS[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, PART_LIMIT)
    .replace(/_+$/, '');
  return part || fallback;
}

/** A section id starts with a letter: "2024 plans" → "section_2024_plans". */
export function sectionIdPart(title: string): string {
  const part = idPart(title, 'section');
  return /^[a-z]/.test(part) ? part : `section_${part}`;
}

/** `base` if free, else base_2, base_3, …, cut so the whole stays within `max` characters. */
export function uniqueId(base: string, taken: Iterable<string>, max = Infinity): string {
  const used = new Set(taken);
  const fit = (suffix: string) => base.slice(0, max - suffix.length).replace(/_+$/, '') + suffix;
  if (!used.has(fit(''))) return fit('');
  for (let n = 2; ; n++) if (!used.has(fit(`_${n}`))) return fit(`_${n}`);
}

export type ChoiceOption = { value: string; label: string };

/**
 * The builder's choices box: one choice per line. "Within days" gets the value `within_days`;
 * "days | Within days" sets the value. A line typed twice counts once; two lines that would share
 * a value get `_2`, `_3`, … Blank lines are skipped. (A label with "|" in it needs the value form.)
 */
export function parseOptions(text: string): ChoiceOption[] {
  const options: ChoiceOption[] = [];
  for (const line of text.split(/\r?\n/)) {
    const bar = line.indexOf('|');
    const typedValue = bar === -1 ? '' : line.slice(0, bar).trim();
    const label = (bar === -1 ? line : line.slice(bar + 1)).trim() || typedValue;
    if (!label) continue;
    const value = typedValue || idPart(label, `option_${options.length + 1}`);
    if (options.some((o) => o.value === value && o.label.toLowerCase() === label.toLowerCase())) continue;
    options.push({
      value: uniqueId(
        value,
        options.map((o) => o.value),
      ),
      label,
    });
  }
  return options;
}

/** The choices as the box shows them, so that parseOptions gives them back unchanged. */
export function formatOptions(options: readonly ChoiceOption[]): string {
  return options.map((o) => (o.value === idPart(o.label, '') && !o.label.includes('|') ? o.label : `${o.value} | ${o.label}`)).join('\n');
}
