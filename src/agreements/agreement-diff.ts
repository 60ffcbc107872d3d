import { translator, type Translate } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { formatMoney } from '../offerings/money';
import type { ProductItem, SlidingScale } from '../offerings/offering-content';
import type { AgreementContent, AgreementOption, DatedPhase } from './agreement-content';
import { lengthWords, optionFieldLabels, optionKindLabel, printedLevelLabel, scheduleWords } from './agreement-words';

export interface AgreementChangesOptions {
  /** Shapes dates and money, as in the agreement itself: the client's locale for a client. */
  locale?: string;
  /** False for readers who may not see what the client or practitioner wrote (front desk): "Your reasons changed". */
  quoteWords?: boolean;
  /** The words' language (locales/<lang>/agreements.json, `agreements.diff.*`): the client's; staff read English. */
  language?: Language;
  /** The locale the snapshot's own text writes its dates in (the practice's), when it differs from `locale`. */
  textLocale?: string;
}

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
 * The locale shapes dates and money, as in the agreement itself; the words are in `language`
 * (English by default), the generated phrases (cadence, home practice, time each week, projections)
 * written again from the recorded care arc as agreement-words does. What people wrote stays as written.
 * A locale string in place of the options, and `quoteWords` after it, still work.
 */
export function describeAgreementChanges(
  before: AgreementContent,
  after: AgreementContent,
  localeOrOptions: string | AgreementChangesOptions = {},
  quoteWordsArg?: boolean,
): string[] {
  const options = typeof localeOrOptions === 'string' ? { locale: localeOrOptions } : localeOrOptions;
  const locale = options.locale ?? 'en-US';
  const quoteWords = quoteWordsArg ?? options.quoteWords ?? true;
  const language = options.language ?? DEFAULT_LANGUAGE;
  const english = language === DEFAULT_LANGUAGE;
  const tr = translator(language);
  const w = (key: string, params?: Record<string, unknown>) => tr(`agreements.diff.${key}`, params);
  const lines: string[] = [];
  const date = (d: string | null) => (d ? longDate(d, locale) : w('none'));
  const [ca, cb] = [before.fees.currency, after.fees.currency];
  const moneyA = (minor: number) => formatMoney(minor, ca, locale);
  const moneyB = (minor: number) => formatMoney(minor, cb, locale);
  const change = (label: string, a: string, b: string) => {
    if (a !== b) lines.push(`${label}: ${a} → ${b}`);
  };
  // Free text, compared with the agreement's own dates set aside: those have their own lines.
  const textLocales = unique([locale, options.textLocale ?? locale]);
  const [datesA, datesB] = [textLocales.flatMap((l) => dateWords(before, l)), textLocales.flatMap((l) => dateWords(after, l))];
  const text = (label: string, a: string, b: string) => {
    const line = textChange(w, label, a, b, datesA, datesB);
    if (line) lines.push(quoteWords ? line : w('changed_label', { label }));
  };
  // The schedule's generated phrases, in the language (as stored, in English).
  const [wordsA, wordsB] = [scheduleWords(before, language, locale), scheduleWords(after, language, locale)];
  const lower = (s: string) => s.toLocaleLowerCase(language);
  const phaseWords = (c: AgreementContent, words: typeof wordsA) => ({
    cadence: (i: number) => lower(words.phases[i]?.cadence ?? c.schedule.phases[i].cadence),
    home: (i: number) => {
      const arc = c.careArc?.[i];
      // As scheduleWords: English, or a snapshot without a matching care arc, reads what was stored.
      if (english || !arc || c.careArc!.length !== c.schedule.phases.length) return homePractice(c.schedule.phases[i].homePractice);
      if (arc.homePracticeMinutes === 0) return w('none');
      return w(arc.homePracticePer === 'day' ? 'home_day' : 'home_week', { minutes: arc.homePracticeMinutes });
    },
  });
  const kindOf = (kind: string) => optionKindLabel(language, kind);
  const fieldLabels = optionFieldLabels(language);

  // Schedule.
  const sa = before.schedule;
  const sb = after.schedule;
  change(w('start_date'), date(sa.startDate), date(sb.startDate));
  phaseChanges(lines, sa.phases, sb.phases, sa.startDate, sb.startDate, {
    change,
    text,
    moneyA,
    moneyB,
    date,
    w,
    tr,
    before: phaseWords(before, wordsA),
    after: phaseWords(after, wordsB),
  });
  change(w('trial'), lengthWords(tr, sa.trial.length, sa.trial.unit), lengthWords(tr, sb.trial.length, sb.trial.unit));
  // In a snapshot the review is the trial's last day: one line says both.
  if (sa.trial.endDate !== sa.reviewDate || sb.trial.endDate !== sb.reviewDate) {
    change(w('trial_ends'), date(sa.trial.endDate), date(sb.trial.endDate));
  }
  change(w('review'), date(sa.reviewDate), date(sb.reviewDate));
  text(w('expected_changes'), sa.trial.expectedChanges, sb.trial.expectedChanges);
  text(w('if_nothing'), sa.ifNothingChanges, sb.ifNothingChanges);

  // Money.
  const [fa, fb] = [before.fees, after.fees];
  const scaleWords = (s: SlidingScale | null) => (s ? w('scale', { min: s.minPercent, max: s.maxPercent }) : w('none'));
  const visitsText = (count: number) => tr('agreements.words.visits', { count });
  change(w('currency'), ca, cb);
  change(w('sliding_scale'), scaleWords(fa.slidingScale), scaleWords(fb.slidingScale));
  text(w('how_decided'), fa.slidingScale?.howDecided ?? '', fb.slidingScale?.howDecided ?? '');
  for (const p of fb.packages) {
    const old = fa.packages.find((o) => o.name === p.name);
    if (!old) lines.push(w('package_added', { name: p.name, visits: visitsText(p.visits), price: moneyB(p.priceMinor) }));
    else {
      change(
        w('package', { name: p.name }),
        `${visitsText(old.visits)}, ${moneyA(old.priceMinor)}`,
        `${visitsText(p.visits)}, ${moneyB(p.priceMinor)}`,
      );
      text(w('package_description', { name: p.name }), old.description, p.description);
    }
  }
  for (const p of fa.packages) if (!fb.packages.some((n) => n.name === p.name)) lines.push(w('package_removed', { name: p.name }));
  text(w('fair_exchange'), fa.fairExchangeNote, fb.fairExchangeNote);
  text(w('included'), fa.included, fb.included);
  text(w('not_included'), fa.notIncluded, fb.notIncluded);
  text(w('cancellation'), fa.cancellationPolicy, fb.cancellationPolicy);

  const policy = (p: string) => w(`policy_${p}`);
  change(w('products'), policy(before.products.policy), policy(after.products.policy));
  const item = (i: ProductItem, money: (minor: number) => string) =>
    w(i.required ? 'item_required' : 'item_optional', { price: money(i.priceMinor) });
  const group = (i: ProductItem) => w(i.kind === 'test' ? 'group_tests' : 'group_products');
  for (const i of after.products.items) {
    const old = before.products.items.find((o) => o.name === i.name);
    if (!old) lines.push(w('item_added', { group: group(i), name: i.name, item: item(i, moneyB) }));
    else {
      change(w('item', { group: group(i), name: i.name }), item(old, moneyA), item(i, moneyB));
      if (old.kind !== i.kind) lines.push(w(i.kind === 'test' ? 'item_now_test' : 'item_now_product', { group: group(old), name: i.name }));
      text(w('item_why', { name: i.name }), old.why, i.why);
    }
  }
  for (const i of before.products.items)
    if (!after.products.items.some((n) => n.name === i.name)) lines.push(w('item_removed', { group: group(i), name: i.name }));

  // Summaries that follow from the phases and fees: told only when what they follow from did not change.
  if (lines.length === 0) {
    text(w('time_each_week'), wordsA.timePerWeek, wordsB.timePerWeek);
    wordsB.projections.forEach((p, i) => {
      const old = wordsA.projections[i];
      if (old) change(p.label, `${old.visits}, ${old.cost}`, `${p.visits}, ${p.cost}`);
    });
  }

  // The options and the choice.
  const title = (options: AgreementOption[], i: number) => options[i]?.title || w('option_n', { n: i + 1 });
  // A renamed option that stays chosen is told by the rename line below.
  if (before.choice.option !== after.choice.option) {
    const [a, b] = [title(before.options, before.choice.option), title(after.options, after.choice.option)];
    const place = (t: string, i: number) => (a === b ? w('option_place', { title: t, n: i + 1 }) : t);
    change(w('chosen_option'), place(a, before.choice.option), place(b, after.choice.option));
  }
  text(w('reasons'), before.choice.reasons, after.choice.reasons);
  after.options.forEach((o, i) => {
    const old = before.options[i];
    if (!old) {
      lines.push(w('option_added', { title: o.title }));
      return;
    }
    if (old.title !== o.title) lines.push(w('option_renamed', { before: old.title, after: o.title }));
    change(w('option_kind', { title: o.title }), kindOf(old.kind), kindOf(o.kind));
    for (const field of OPTION_FIELDS) text(w('option_field', { field: fieldLabels[field], title: o.title }), old[field], o[field]);
  });
  for (const o of before.options.slice(after.options.length)) lines.push(w('option_removed', { title: o.title }));

  // The rest.
  text(w('care_offered'), before.offering.title, after.offering.title);
  change(w('practitioner'), before.practitioner.name, after.practitioner.name);
  change(w('practice'), before.practice.name, after.practice.name);
  change(w('practice_address'), before.practice.address, after.practice.address);
  change(w('practice_phone'), before.practice.phone, after.practice.phone);
  change(w('practice_email'), before.practice.email, after.practice.email);
  change(w('your_name'), before.client.name, after.client.name);
  change(w('your_birth_date'), date(before.client.dateOfBirth), date(after.client.dateOfBirth));
  change(w('your_email'), before.client.email || w('none'), after.client.email || w('none'));

  text(w('your_story'), before.story.excerpt, after.story.excerpt);
  for (const g of after.story.goals) {
    const old = before.story.goals.find((o) => o.id === g.id);
    if (!old) lines.push(w('goal_added', { text: excerpt(g.text) }));
    else text(w('your_goal'), old.text, g.text);
  }
  for (const g of before.story.goals)
    if (!after.story.goals.some((n) => n.id === g.id)) lines.push(w('goal_removed', { text: excerpt(g.text) }));
  text(w('your_support'), before.story.support, after.story.support);

  const [ra, rb] = [before.reflection, after.reflection];
  text(w('heard'), ra.story, rb.story);
  text(w('matters_most'), ra.mattersMost, rb.mattersMost);
  const goalName = (id: string) =>
    excerpt(after.story.goals.find((g) => g.id === id)?.text ?? before.story.goals.find((g) => g.id === id)?.text ?? id, 40);
  for (const id of unique([...Object.keys(ra.goals), ...Object.keys(rb.goals)])) {
    text(w('goal_in_our_words', { goal: goalName(id) }), ra.goals[id] ?? '', rb.goals[id] ?? '');
  }
  change(w('confirmed'), ra.confirmed ? w('yes') : w('no'), rb.confirmed ? w('yes') : w('no'));
  text(w('not_confirmed_note'), ra.note, rb.note);

  const name = after.practitioner.name.trim();
  text(
    name ? w('practitioner_commitments', { name }) : w('practitioner_commitments_unnamed'),
    before.commitments.practitioner,
    after.commitments.practitioner,
  );
  text(w('your_commitments'), before.commitments.client, after.commitments.client);

  const level = (l: string) => printedLevelLabel(language, l);
  for (const f of after.findings) {
    const old = before.findings.find((o) => o.key === f.key);
    if (!old) {
      lines.push(w('finding_added', { title: f.title }));
      text(w('finding_agreed', { title: f.title }), '', f.resolution);
      continue;
    }
    if (old.title !== f.title) lines.push(w('finding_renamed', { before: old.title, after: f.title }));
    change(w('finding_fit', { title: f.title }), level(old.level), level(f.level));
    text(w('finding_noticed', { title: f.title }), old.toClient, f.toClient);
    text(w('finding_agreed', { title: f.title }), old.resolution, f.resolution);
  }
  for (const f of before.findings) if (!after.findings.some((n) => n.key === f.key)) lines.push(w('finding_removed', { title: f.title }));

  const [ga, gb] = [before.goodFaithEstimate, after.goodFaithEstimate];
  if (!ga && gb) lines.push(w('gfe_added', { total: formatMoney(gb.totalMinor, gb.currency, locale) }));
  else if (ga && !gb) lines.push(w('gfe_removed'));
  else if (ga && gb) {
    change(w('gfe_total'), formatMoney(ga.totalMinor, ga.currency, locale), formatMoney(gb.totalMinor, gb.currency, locale));
    change(w('gfe_period'), `${date(ga.periodFrom)} – ${date(ga.periodTo)}`, `${date(gb.periodFrom)} – ${date(gb.periodTo)}`);
    change(w('gfe_issued'), date(ga.issuedOn), date(gb.issuedOn));
    change(w('gfe_provider'), ga.provider.name, gb.provider.name);
    change(w('gfe_npi'), ga.provider.npi, gb.provider.npi);
    change(w('gfe_tin'), ga.provider.tin, gb.provider.tin);
    change(w('gfe_location'), ga.provider.location, gb.provider.location);
  }

  // A safety net: an amendment never differs from what was signed without a word about it.
  if (lines.length === 0 && !sameData(withoutIds(before), withoutIds(after))) lines.push(w('other'));
  return lines;
}

/** Whether the amendment changes anything a client would read: one that changes nothing is refused. */
export function agreementsDiffer(before: AgreementContent, after: AgreementContent): boolean {
  return describeAgreementChanges(before, after).length > 0;
}

const OPTION_FIELDS = ['involves', 'benefits', 'drawbacks', 'uncertainty', 'timeAndCost'] as const;
/** The longest quoted text, ellipsis included. */
export const EXCERPT_CHARS = 80;

interface PhaseWords {
  cadence: (i: number) => string;
  home: (i: number) => string;
}

interface PhaseHelpers {
  change: (label: string, a: string, b: string) => void;
  text: (label: string, a: string, b: string) => void;
  moneyA: (minor: number) => string;
  moneyB: (minor: number) => string;
  date: (d: string | null) => string;
  /** `agreements.diff.<key>` in the language. */
  w: Translate;
  tr: Translate;
  before: PhaseWords;
  after: PhaseWords;
}

/** Phases by name; a phase whose name is gone on both sides at the same place was renamed. */
function phaseChanges(lines: string[], before: DatedPhase[], after: DatedPhase[], startA: string, startB: string, h: PhaseHelpers) {
  const { w } = h;
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

  const removed = before.map((p, k) => [p, k] as const).filter(([, k]) => !used.has(k));
  const length = (p: DatedPhase) => phaseLength(p, h.tr, w);
  // Once a phase before this one was added, removed or changed length, the later ones move with it.
  let moved = removed.length > 0;
  after.forEach((p, i) => {
    const j = match.get(i);
    if (j === undefined) {
      const params = { name: p.name, cadence: h.after.cadence(i), fee: h.moneyB(p.feePerVisitMinor) };
      lines.push(p.to === null ? w('phase_added', params) : w('phase_added_for', { ...params, length: length(p) }));
      moved = true;
      return;
    }
    const old = before[j];
    if (old.name !== p.name) lines.push(w('phase_renamed', { before: old.name, after: p.name }));
    const phase = p.name;
    h.change(w('phase_visits', { phase }), h.before.cadence(j), h.after.cadence(i));
    h.change(w('phase_length', { phase }), length(old), length(p));
    const [offsetA, offsetB] = [daysFrom(startA, old.from), daysFrom(startB, p.from)];
    if (!moved && offsetA !== offsetB) {
      h.change(w('phase_dates', { phase }), phaseDates(old, h.date, w), phaseDates(p, h.date, w));
    }
    if (phaseLength(old, h.tr, w) !== phaseLength(p, h.tr, w)) moved = true;
    h.change(w('phase_minutes', { phase }), String(old.minutesPerVisit), String(p.minutesPerVisit));
    h.change(w('phase_home', { phase }), h.before.home(j), h.after.home(i));
    h.change(w('phase_fee', { phase }), h.moneyA(old.feePerVisitMinor), h.moneyB(p.feePerVisitMinor));
    h.text(w('phase_about', { phase }), old.description, p.description);
  });
  for (const [p, k] of removed) lines.push(w('phase_removed', { name: p.name, cadence: h.before.cadence(k) }));

  const kept = [...match.entries()].sort(([a], [b]) => a - b).map(([, j]) => j);
  if (kept.some((j, k) => k > 0 && j < kept[k - 1])) {
    const names = (phases: DatedPhase[]) => phases.map((p) => p.name).join(', ');
    lines.push(w('phase_order', { before: names(before), after: names(after) }));
  }
}

/** "6 weeks", "10 days", "ongoing": from a phase's first to its last day. */
function phaseLength(p: DatedPhase, tr: Translate, w: Translate): string {
  if (p.to === null) return w('ongoing');
  const days = daysFrom(p.from, p.to) + 1;
  if (!Number.isFinite(days)) return w('until', { date: p.to });
  if (days % 7 === 0) return tr('agreements.words.trial_weeks', { count: days / 7 });
  return tr('agreements.words.trial_days', { count: days });
}

const phaseDates = (p: DatedPhase, date: (d: string | null) => string, w: Translate) =>
  p.to === null ? w('from', { date: date(p.from) }) : `${date(p.from)} – ${date(p.to)}`;

/** "15 min a day at home" → "15 min a day"; "None" → "none". */
const homePractice = (s: string) => s.replace(/\s+at home$/, '').replace(/^None$/, 'none');

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
  if (!d) return '';
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
  return words.filter(([w]) => w !== '');
}

/** Each of the dates replaced by what it stands for; "3 March 2025" is not read inside "13 March 2025". */
const withDatesSetAside = (s: string, dates: Array<[string, string]>) =>
  dates.reduce((t, [word, token]) => t.replace(new RegExp(`(?<!\\d)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g'), token), s);

/**
 * One line for a change of free text: both sides quoted when short, otherwise "changed" (or "added")
 * and the start of the new text; undefined when the text is the same but for the agreement's dates.
 */
function textChange(
  w: Translate,
  label: string,
  a: string,
  b: string,
  datesA: Array<[string, string]>,
  datesB: Array<[string, string]>,
): string | undefined {
  const [x, y] = [a.trim(), b.trim()];
  if (x === y || withDatesSetAside(x, datesA) === withDatesSetAside(y, datesB)) return undefined;
  if (!y) return [...x].length <= EXCERPT_CHARS ? `${label}: “${x}” → —` : w('text_removed', { label });
  if (!x) return [...y].length <= EXCERPT_CHARS ? `${label}: — → “${y}”` : w('text_added', { label, text: excerpt(y) });
  if ([...x].length <= EXCERPT_CHARS && [...y].length <= EXCERPT_CHARS) return `${label}: “${x}” → “${y}”`;
  return w('text_changed', { label, text: excerpt(y, EXCERPT_CHARS, firstDifference(x, y)) });
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
