import { POLICY_LABELS, scaleText, trialText } from '../offerings/describe';
import { formatMoney } from '../offerings/money';
import type { ProductItem, SlidingScale } from '../offerings/offering-content';
import type { AgreementContent, AgreementOption, DatedPhase } from './agreement-content';
import { FINDING_LEVEL_LABELS, OPTION_KIND_LABELS } from './agreement-pdf-model';
import { OPTION_FIELD_LABELS } from './agreement-view';

/**
 * What changed between a care agreement and its amendment, one short line per change, in words a
 * client can read before signing again: "Visits (Intensive): weekly → every 2 weeks", "Fee per visit
 * (Consolidation): $80 → $85", "Start date: March 3, 2025 → March 10, 2025", "Your reasons: changed — “…”".
 *
 * Schedule and money come first, then the options and the choice, then everything else. Phases are
 * matched by name, or by position when a phase was renamed. Short free text is quoted before and
 * after; long free text is not repeated: the line says it changed and quotes up to 80 characters of the
 * new text, from where it starts to differ. Dates written inside free text (the review
 * date in the commitments, say) are already told by their own line, so a text that differs only in
 * those dates is not reported again. What follows from the phases and fees (time each week, the cost
 * projections) is reported only when nothing it follows from changed. Ids are internal and ignored.
 * The locale shapes dates and money, as in the agreement itself; the words are English.
 */
export function describeAgreementChanges(
  before: AgreementContent,
  after: AgreementContent,
  locale = 'en-US',
  /** False for readers who may not see what the client or practitioner wrote (front desk): "Your reasons changed". */
  quoteWords = true,
): string[] {
  const lines: string[] = [];
  const date = (d: string | null) => longDate(d, locale);
  const [ca, cb] = [before.fees.currency, after.fees.currency];
  const moneyA = (minor: number) => formatMoney(minor, ca, locale);
  const moneyB = (minor: number) => formatMoney(minor, cb, locale);
  const change = (label: string, a: string, b: string) => {
    if (a !== b) lines.push(`${label}: ${a} → ${b}`);
  };
  // Free text, compared with the agreement's own dates set aside: those have their own lines.
  const [datesA, datesB] = [dateWords(before, locale), dateWords(after, locale)];
  const text = (label: string, a: string, b: string) => {
    const line = textChange(label, a, b, datesA, datesB);
    if (line) lines.push(quoteWords ? line : `${label} changed`);
  };

  // Schedule.
  const sa = before.schedule;
  const sb = after.schedule;
  change('Start date', date(sa.startDate), date(sb.startDate));
  phaseChanges(lines, sa.phases, sb.phases, sa.startDate, sb.startDate, { change, text, moneyA, moneyB, date });
  change('Trial period', trialText(sa.trial), trialText(sb.trial));
  // In a snapshot the review is the trial's last day: one line says both.
  if (sa.trial.endDate !== sa.reviewDate || sb.trial.endDate !== sb.reviewDate) {
    change('Trial period ends', date(sa.trial.endDate), date(sb.trial.endDate));
  }
  change('Next review', date(sa.reviewDate), date(sb.reviewDate));
  text('What you may notice by the end of the trial', sa.trial.expectedChanges, sb.trial.expectedChanges);
  text('If nothing changes', sa.ifNothingChanges, sb.ifNothingChanges);

  // Money.
  const [fa, fb] = [before.fees, after.fees];
  change('Currency', ca, cb);
  change('Sliding scale', scaleWords(fa.slidingScale), scaleWords(fb.slidingScale));
  text('How the sliding scale is decided', fa.slidingScale?.howDecided ?? '', fb.slidingScale?.howDecided ?? '');
  for (const p of fb.packages) {
    const old = fa.packages.find((o) => o.name === p.name);
    if (!old) lines.push(`Package added: ${p.name} (${visitsText(p.visits)}, ${moneyB(p.priceMinor)})`);
    else {
      change(
        `Package (${p.name})`,
        `${visitsText(old.visits)}, ${moneyA(old.priceMinor)}`,
        `${visitsText(p.visits)}, ${moneyB(p.priceMinor)}`,
      );
      text(`Package description (${p.name})`, old.description, p.description);
    }
  }
  for (const p of fa.packages) if (!fb.packages.some((n) => n.name === p.name)) lines.push(`Package removed: ${p.name}`);
  text('Fair exchange', fa.fairExchangeNote, fb.fairExchangeNote);
  text('Included in the fees', fa.included, fb.included);
  text('Not included', fa.notIncluded, fb.notIncluded);
  text('Cancellation policy', fa.cancellationPolicy, fb.cancellationPolicy);

  change('Products and tests', POLICY_LABELS[before.products.policy], POLICY_LABELS[after.products.policy]);
  const item = (i: ProductItem, money: (minor: number) => string) => `${i.required ? 'required' : 'optional'}, ${money(i.priceMinor)}`;
  const group = (i: ProductItem) => (i.kind === 'test' ? 'Tests' : 'Products');
  for (const i of after.products.items) {
    const old = before.products.items.find((o) => o.name === i.name);
    if (!old) lines.push(`${group(i)}: ${i.name} added (${item(i, moneyB)})`);
    else {
      change(`${group(i)}: ${i.name}`, item(old, moneyA), item(i, moneyB));
      if (old.kind !== i.kind) lines.push(`${group(old)}: ${i.name} is now a ${i.kind}`);
      text(`Why ${i.name} is offered`, old.why, i.why);
    }
  }
  for (const i of before.products.items)
    if (!after.products.items.some((n) => n.name === i.name)) lines.push(`${group(i)}: ${i.name} removed`);

  // Summaries that follow from the phases and fees: told only when what they follow from did not change.
  if (lines.length === 0) {
    text('Time each week', sa.timePerWeek, sb.timePerWeek);
    sb.projections.forEach((p, i) => {
      const old = sa.projections[i];
      if (old) change(p.label, `${old.visits}, ${old.cost}`, `${p.visits}, ${p.cost}`);
    });
  }

  // The options and the choice.
  const title = (options: AgreementOption[], i: number) => options[i]?.title || `Option ${i + 1}`;
  // A renamed option that stays chosen is told by the rename line below.
  if (before.choice.option !== after.choice.option) {
    const [a, b] = [title(before.options, before.choice.option), title(after.options, after.choice.option)];
    const place = (t: string, i: number) => (a === b ? `${t} (option ${i + 1})` : t);
    change('Chosen option', place(a, before.choice.option), place(b, after.choice.option));
  }
  text('Your reasons', before.choice.reasons, after.choice.reasons);
  after.options.forEach((o, i) => {
    const old = before.options[i];
    if (!old) {
      lines.push(`Option added: ${o.title}`);
      return;
    }
    if (old.title !== o.title) lines.push(`Option renamed: ${old.title} → ${o.title}`);
    change(`Kind of option (${o.title})`, OPTION_KIND_LABELS[old.kind] ?? old.kind, OPTION_KIND_LABELS[o.kind] ?? o.kind);
    for (const field of OPTION_FIELDS) text(`${OPTION_FIELD_LABELS[field]} (${o.title})`, old[field], o[field]);
  });
  for (const o of before.options.slice(after.options.length)) lines.push(`Option removed: ${o.title}`);

  // The rest.
  text('Care offered', before.offering.title, after.offering.title);
  change('Practitioner', before.practitioner.name, after.practitioner.name);
  change('Practice', before.practice.name, after.practice.name);
  change('Practice address', before.practice.address, after.practice.address);
  change('Practice phone', before.practice.phone, after.practice.phone);
  change('Practice email', before.practice.email, after.practice.email);
  change('Your name', before.client.name, after.client.name);
  change('Your date of birth', date(before.client.dateOfBirth), date(after.client.dateOfBirth));
  change('Your email', before.client.email || 'none', after.client.email || 'none');

  text('Your story', before.story.excerpt, after.story.excerpt);
  for (const g of after.story.goals) {
    const old = before.story.goals.find((o) => o.id === g.id);
    if (!old) lines.push(`Goal added: “${excerpt(g.text)}”`);
    else text('Your goal', old.text, g.text);
  }
  for (const g of before.story.goals) if (!after.story.goals.some((n) => n.id === g.id)) lines.push(`Goal removed: “${excerpt(g.text)}”`);
  text('Your support', before.story.support, after.story.support);

  const [ra, rb] = [before.reflection, after.reflection];
  text('What we heard', ra.story, rb.story);
  text('What matters most to you', ra.mattersMost, rb.mattersMost);
  const goalName = (id: string) =>
    excerpt(after.story.goals.find((g) => g.id === id)?.text ?? before.story.goals.find((g) => g.id === id)?.text ?? id, 40);
  for (const id of unique([...Object.keys(ra.goals), ...Object.keys(rb.goals)])) {
    text(`Your goal in our words (${goalName(id)})`, ra.goals[id] ?? '', rb.goals[id] ?? '');
  }
  change('You confirmed what we heard', ra.confirmed ? 'yes' : 'no', rb.confirmed ? 'yes' : 'no');
  text('Why we go ahead before you confirmed what we heard', ra.note, rb.note);

  text(`${possessive(after.practitioner.name)} commitments`, before.commitments.practitioner, after.commitments.practitioner);
  text('Your commitments', before.commitments.client, after.commitments.client);

  for (const f of after.findings) {
    const old = before.findings.find((o) => o.key === f.key);
    if (!old) {
      lines.push(`Point to talk about added: ${f.title}`);
      text(`What we agreed (${f.title})`, '', f.resolution);
      continue;
    }
    if (old.title !== f.title) lines.push(`Point to talk about renamed: ${old.title} → ${f.title}`);
    change(`How it fits (${f.title})`, FINDING_LEVEL_LABELS[old.level] ?? old.level, FINDING_LEVEL_LABELS[f.level] ?? f.level);
    text(`What we noticed (${f.title})`, old.toClient, f.toClient);
    text(`What we agreed (${f.title})`, old.resolution, f.resolution);
  }
  for (const f of before.findings) if (!after.findings.some((n) => n.key === f.key)) lines.push(`Point to talk about removed: ${f.title}`);

  const [ga, gb] = [before.goodFaithEstimate, after.goodFaithEstimate];
  if (!ga && gb) lines.push(`Good Faith Estimate added: ${formatMoney(gb.totalMinor, gb.currency, locale)} in total`);
  else if (ga && !gb) lines.push('Good Faith Estimate removed');
  else if (ga && gb) {
    change('Good Faith Estimate total', formatMoney(ga.totalMinor, ga.currency, locale), formatMoney(gb.totalMinor, gb.currency, locale));
    change('Good Faith Estimate period', `${date(ga.periodFrom)} – ${date(ga.periodTo)}`, `${date(gb.periodFrom)} – ${date(gb.periodTo)}`);
    change('Good Faith Estimate issued on', date(ga.issuedOn), date(gb.issuedOn));
    change('Good Faith Estimate provider', ga.provider.name, gb.provider.name);
    change('Good Faith Estimate NPI', ga.provider.npi, gb.provider.npi);
    change('Good Faith Estimate TIN', ga.provider.tin, gb.provider.tin);
    change('Good Faith Estimate location', ga.provider.location, gb.provider.location);
  }

  // A safety net: an amendment never differs from what was signed without a word about it.
  if (lines.length === 0 && !sameData(withoutIds(before), withoutIds(after))) lines.push('Other details changed');
  return lines;
}

/** Whether the amendment changes anything a client would read: one that changes nothing is refused. */
export function agreementsDiffer(before: AgreementContent, after: AgreementContent): boolean {
  return describeAgreementChanges(before, after).length > 0;
}

const OPTION_FIELDS = ['involves', 'benefits', 'drawbacks', 'uncertainty', 'timeAndCost'] as const;
/** The longest quoted text, ellipsis included. */
export const EXCERPT_CHARS = 80;

interface PhaseHelpers {
  change: (label: string, a: string, b: string) => void;
  text: (label: string, a: string, b: string) => void;
  moneyA: (minor: number) => string;
  moneyB: (minor: number) => string;
  date: (d: string | null) => string;
}

/** Phases by name; a phase whose name is gone on both sides at the same place was renamed. */
function phaseChanges(lines: string[], before: DatedPhase[], after: DatedPhase[], startA: string, startB: string, h: PhaseHelpers) {
  const match = new Map<number, number>(); // after index → before index
  const used = new Set<number>();
  after.forEach((p, i) => {
    const j = before.findIndex((o, k) => o.name === p.name && !used.has(k));
    if (j >= 0) {
      match.set(i, j);
      used.add(j);
    }
  });
  after.forEach((p, i) => {
    const old = before[i];
    if (match.has(i) || !old || used.has(i) || after.some((n) => n.name === old.name)) return;
    match.set(i, i);
    used.add(i);
  });

  const removed = before.filter((_, k) => !used.has(k));
  // Once a phase before this one was added, removed or changed length, the later ones move with it.
  let moved = removed.length > 0;
  after.forEach((p, i) => {
    const j = match.get(i);
    if (j === undefined) {
      const length = p.to === null ? '' : ` for ${phaseLength(p)}`;
      lines.push(`Phase added: ${p.name} (${p.cadence.toLowerCase()}${length}, ${h.moneyB(p.feePerVisitMinor)} a visit)`);
      moved = true;
      return;
    }
    const old = before[j];
    if (old.name !== p.name) lines.push(`Phase renamed: ${old.name} → ${p.name}`);
    h.change(`Visits (${p.name})`, old.cadence.toLowerCase(), p.cadence.toLowerCase());
    h.change(`Length (${p.name})`, phaseLength(old), phaseLength(p));
    const [offsetA, offsetB] = [daysFrom(startA, old.from), daysFrom(startB, p.from)];
    if (!moved && offsetA !== offsetB) {
      h.change(`Dates (${p.name})`, phaseDates(old, h.date), phaseDates(p, h.date));
    }
    if (phaseLength(old) !== phaseLength(p)) moved = true;
    h.change(`Minutes per visit (${p.name})`, String(old.minutesPerVisit), String(p.minutesPerVisit));
    h.change(`Home practice (${p.name})`, homePractice(old.homePractice), homePractice(p.homePractice));
    h.change(`Fee per visit (${p.name})`, h.moneyA(old.feePerVisitMinor), h.moneyB(p.feePerVisitMinor));
    h.text(`About this phase (${p.name})`, old.description, p.description);
  });
  for (const p of removed) lines.push(`Phase removed: ${p.name} (${p.cadence.toLowerCase()})`);

  const kept = [...match.entries()].sort(([a], [b]) => a - b).map(([, j]) => j);
  if (kept.some((j, k) => k > 0 && j < kept[k - 1])) {
    const names = (phases: DatedPhase[]) => phases.map((p) => p.name).join(', ');
    lines.push(`Phase order: ${names(before)} → ${names(after)}`);
  }
}

/** "6 weeks", "10 days", "ongoing": from a phase's first to its last day. */
function phaseLength(p: DatedPhase): string {
  if (p.to === null) return 'ongoing';
  const days = daysFrom(p.from, p.to) + 1;
  if (!Number.isFinite(days)) return `until ${p.to}`;
  if (days % 7 === 0) return `${days / 7} week${days === 7 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

const phaseDates = (p: DatedPhase, date: (d: string | null) => string) =>
  p.to === null ? `from ${date(p.from)}` : `${date(p.from)} – ${date(p.to)}`;

/** "15 min a day at home" → "15 min a day"; "None" → "none". */
const homePractice = (s: string) => s.replace(/\s+at home$/, '').replace(/^None$/, 'none');

const visitsText = (n: number) => `${n} visit${n === 1 ? '' : 's'}`;

/** "50–100%": the sliding scale as a client reads it. */
const scaleWords = (s: SlidingScale | null) => (s ? `${s.minPercent}–${s.maxPercent}%` : scaleText(null));

const possessive = (name: string) => (name.trim() ? `${name.trim()}’s` : 'The practitioner’s');

const unique = <T>(items: T[]) => [...new Set(items)];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(d: string): Date | null {
  const m = DATE.exec(d);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === d ? date : null;
}

/** 'YYYY-MM-DD' as the locale writes it in full ("March 3, 2025", "3 March 2025"); anything else as it is. */
function longDate(d: string | null, locale: string): string {
  if (!d) return 'none';
  const parsed = parseDate(d);
  return parsed ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(parsed) : d;
}

function daysFrom(from: string, to: string): number {
  const [a, b] = [parseDate(from), parseDate(to)];
  return a && b ? Math.round((b.getTime() - a.getTime()) / 86_400_000) : NaN;
}

/** The agreement's own dates as its free text writes them, and what they stand for. */
function dateWords(c: AgreementContent, locale: string): Array<[string, string]> {
  const words: Array<[string, string]> = [
    [longDate(c.schedule.reviewDate, locale), '\u0000review\u0000'],
    [longDate(c.schedule.trial.endDate, locale), '\u0000review\u0000'],
    [longDate(c.schedule.startDate, locale), '\u0000start\u0000'],
  ];
  return words.filter(([w]) => w !== 'none');
}

/** Each of the dates replaced by what it stands for; "3 March 2025" is not read inside "13 March 2025". */
const withDatesSetAside = (s: string, dates: Array<[string, string]>) =>
  dates.reduce((t, [word, token]) => t.replace(new RegExp(`(?<!\\d)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g'), token), s);

/**
 * One line for a change of free text: both sides quoted when short, otherwise "changed" (or "added")
 * and the start of the new text; undefined when the text is the same but for the agreement's dates.
 */
function textChange(
  label: string,
  a: string,
  b: string,
  datesA: Array<[string, string]>,
  datesB: Array<[string, string]>,
): string | undefined {
  const [x, y] = [a.trim(), b.trim()];
  if (x === y || withDatesSetAside(x, datesA) === withDatesSetAside(y, datesB)) return undefined;
  if (!y) return [...x].length <= EXCERPT_CHARS ? `${label}: “${x}” → —` : `${label}: removed`;
  if (!x) return [...y].length <= EXCERPT_CHARS ? `${label}: — → “${y}”` : `${label}: added — “${excerpt(y)}”`;
  if ([...x].length <= EXCERPT_CHARS && [...y].length <= EXCERPT_CHARS) return `${label}: “${x}” → “${y}”`;
  return `${label}: changed — “${excerpt(y, EXCERPT_CHARS, firstDifference(x, y))}”`;
}

/** Where two texts first differ, in code points of the second (whitespace runs count as one space). */
function firstDifference(a: string, b: string): number {
  const [x, y] = [[...a.replace(/\s+/g, ' ')], [...b.replace(/\s+/g, ' ')]];
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * A piece of a text, at most `limit` characters with the "…" that marks each cut, cut at words where
 * it can be: its start, or, when the text changed further on (`from`, in code points), the words
 * around the change, so the client sees what is new rather than what stayed.
 */
export function excerpt(s: string, limit = EXCERPT_CHARS, from = 0): string {
  let chars = [...s.trim().replace(/\s+/g, ' ')];
  if (chars.length <= limit) return chars.join('');
  // A few words of what leads up to the change, from the start of a word.
  let start = Math.max(0, Math.min(from - 20, chars.length - (limit - 1))); // but no later than fills the excerpt
  if (start < 20) start = 0; // so near the start, the start itself reads better
  while (start > 0 && chars[start - 1] !== ' ') start--;
  if (start > 0) {
    chars = chars.slice(start);
    limit -= 1; // the leading "…"
    if (chars.length <= limit) return `…${chars.join('')}`;
  }
  const lead = start > 0 ? '…' : '';
  const head = chars.slice(0, limit).join(''); // limit - 1 characters are kept, plus the "…"
  const space = head.lastIndexOf(' ');
  const cut = space >= limit / 2 ? head.slice(0, space) : chars.slice(0, limit - 1).join('');
  return `${lead}${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** Deep equality of JSON data (content read back from the database has no prototypes to compare). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && sameData(x[k], y[k]));
}

/** The content without what only the system reads: ids and the offering version's number. */
function withoutIds(c: AgreementContent) {
  const { practitioner, offering, ...rest } = c;
  return { ...rest, practitioner: practitioner.name, offering: offering.title };
}
