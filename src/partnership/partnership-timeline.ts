import type { CarePhase, DatedPhase } from '../agreements/agreement-content';
import { IN_EFFECT, TOOK_EFFECT } from '../agreements/agreement-status';
import { cadenceWords } from '../agreements/agreement-words';
import { longDay } from '../common/calendar';
import { translator, type Translate } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { visitsPerWeek } from '../offerings/projections';
import { decisionLabel, reviewLabel } from '../reviews/review-schedule';

/**
 * The partnership over months, drawn as data: how often the client comes (bars whose height is
 * visits per week, past solid, planned lighter) and what happened along the way (numbered markers
 * under the bars, listed beside them). Pure: the page and its tests feed it facts and dates. No
 * free text from the client or the practitioner goes in, only dates, labels and cadences. Its words
 * come from locales/<lang>/partnership.json: the client's page in their language and locale, staff
 * in English with ISO dates.
 */

/** Calendar dates are "YYYY-MM-DD" strings throughout, in the practice's time zone. */
export interface TimelineAgreement {
  id: string;
  amendsId: string | null;
  status: string;
  title: string;
  startDate: string;
  phases: DatedPhase[];
  careArc: CarePhase[] | null;
  clientSignedOn: string | null;
  countersignedOn: string | null;
  endedOn: string | null;
  /** What changed from the agreement it amends, in the diff's words. */
  changes: string[];
}

export interface TimelineFacts {
  today: string;
  intakes: Array<{ invitedOn: string; submittedOn: string | null }>;
  reflections: Array<{ on: string; kind: 'sent' | 'confirmed' | 'corrected'; round: number }>;
  agreements: TimelineAgreement[];
  /** `label`: as stored (English, review-schedule.ts), written again in the reader's language. */
  reviews: Array<{ label: string; dueDate: string; answeredOn: string | null; decidedOn: string | null; decision: string | null }>;
}

/** Whom the drawing is for: a client reads it in their language, dates in their locale; staff (the default) in English with ISO dates. */
export interface TimelineReader {
  language?: Language;
  /** "es-MX": dates written out ("9 de enero de 2027") and months named; without it, ISO dates. */
  locale?: string;
}

export interface TimelineEvent {
  number: number;
  on: string;
  /** `on` as the reader writes it (not `date`: that name is a view helper's). */
  dateText: string;
  kind: 'intake' | 'heard' | 'agreement' | 'amendment' | 'review' | 'end';
  label: string;
  details: string[];
  planned: boolean;
}

const CAUSAL_ORDER: Record<TimelineEvent['kind'], number> = { intake: 0, heard: 1, agreement: 2, review: 3, amendment: 4, end: 5 };
const WIDTH = 720;
const LEFT = 8;
const PLOT_TOP = 40;
const BASELINE = 160;
const ROW = 20;
const DAY = 86_400_000;

const toDay = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
const fromDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** How often visits come on one day: the agreement in effect then, and its phase that day. */
export function intensityOn(
  day: number,
  windows: EffectWindow[],
): { perWeek: number; phase: CarePhase | null; agreementId: string | null } {
  const w = windows.find((x) => x.from <= day && (x.to === null || day < x.to));
  if (!w || w.paused) return { perWeek: 0, phase: null, agreementId: w?.agreement.id ?? null };
  // A phase's `to` is its last day.
  const i = w.agreement.phases.findIndex((p) => toDay(p.from) <= day && (p.to === null || day <= toDay(p.to)));
  const phase = i >= 0 ? (w.agreement.careArc?.[i] ?? null) : null;
  return { perWeek: phase ? visitsPerWeek(phase) : 0, phase, agreementId: w.agreement.id };
}

interface EffectWindow {
  agreement: TimelineAgreement;
  from: number;
  to: number | null;
  paused: boolean;
}

/**
 * When each agreement governed care: from its start (an amendment: from its countersigning, if
 * later) until the next one took over or it ended. A pause decided at a review stops visits until
 * a later agreement takes effect.
 */
export function effectWindows(agreements: TimelineAgreement[], pauses: string[]): EffectWindow[] {
  const inEffect = agreements
    .filter((a) => (TOOK_EFFECT as readonly string[]).includes(a.status))
    .map((a) => ({
      agreement: a,
      from: a.amendsId && a.countersignedOn ? Math.max(toDay(a.startDate), toDay(a.countersignedOn)) : toDay(a.startDate),
    }))
    .sort((x, y) => x.from - y.from);
  const windows: EffectWindow[] = [];
  inEffect.forEach(({ agreement, from }, i) => {
    const next = inEffect[i + 1]?.from ?? null;
    const ended = agreement.endedOn ? toDay(agreement.endedOn) : null;
    const to = [next, ended]
      .filter((d): d is number => d !== null)
      .reduce<number | null>((m, d) => (m === null ? d : Math.min(m, d)), null);
    const pause = pauses.map(toDay).find((d) => d >= from && (to === null || d < to));
    if (pause === undefined) windows.push({ agreement, from, to, paused: false });
    else windows.push({ agreement, from, to: pause, paused: false }, { agreement, from: pause, to, paused: true });
  });
  return windows;
}

/** A calendar date as the reader writes it: spelled out in their locale, else ISO. */
const dateFor = (reader: TimelineReader) => (date: string) => (reader.locale ? longDay(date, reader.locale) : date);

export function timelineEvents(f: TimelineFacts, reader: TimelineReader = {}): TimelineEvent[] {
  const tr = translator(reader.language ?? DEFAULT_LANGUAGE);
  const written = dateFor(reader);
  const events: Array<Omit<TimelineEvent, 'number'>> = [];
  const add = (on: string | null, kind: TimelineEvent['kind'], label: string, details: string[] = []) => {
    if (on) events.push({ on, dateText: written(on), kind, label, details, planned: on > f.today });
  };
  for (const intake of f.intakes) {
    add(intake.invitedOn, 'intake', tr('partnership.event.invited'));
    add(intake.submittedOn, 'intake', tr('partnership.event.submitted'));
  }
  for (const r of f.reflections) {
    const round = { round: r.round };
    if (r.kind === 'sent')
      add(r.on, 'heard', r.round > 1 ? tr('partnership.event.reflection_sent_round', round) : tr('partnership.event.reflection_sent'));
    else if (r.kind === 'corrected')
      add(
        r.on,
        'heard',
        r.round > 1 ? tr('partnership.event.reflection_corrected_round', round) : tr('partnership.event.reflection_corrected'),
      );
    else add(r.on, 'heard', tr('partnership.event.reflection_confirmed'));
  }
  for (const a of f.agreements) {
    const kind = a.amendsId ? 'amendment' : 'agreement';
    const title = { title: a.title };
    add(a.clientSignedOn, kind, a.amendsId ? tr('partnership.event.amendment_signed') : tr('partnership.event.agreement_signed'));
    add(
      a.countersignedOn,
      kind,
      a.amendsId ? tr('partnership.event.amendment_in_effect', title) : tr('partnership.event.agreement_in_effect', title),
      a.amendsId ? a.changes : [],
    );
    const replacesInEffect = f.agreements.some((o) => o.id === a.amendsId && (IN_EFFECT as readonly string[]).includes(o.status));
    if (a.amendsId && replacesInEffect && ['draft', 'proposed', 'changes_requested'].includes(a.status))
      add(f.today, 'amendment', tr('partnership.event.amendment_under_way'), a.changes);
    add(a.endedOn, 'end', a.amendsId ? tr('partnership.event.amendment_ended') : tr('partnership.event.agreement_ended'));
  }
  for (const r of f.reviews) {
    const details = [reviewLabel(tr, r.label)];
    if (r.decidedOn)
      add(r.decidedOn, 'review', tr('partnership.event.review_decided', { decision: decisionLabel(tr, r.decision ?? '') }), details);
    else if (r.answeredOn) add(r.answeredOn, 'review', tr('partnership.event.review_answered'), details);
    else
      add(r.dueDate, 'review', r.dueDate < f.today ? tr('partnership.event.review_overdue') : tr('partnership.event.review_due'), details);
  }
  // Within one day, in the order one thing leads to the next (a review's decision, then the amendment).
  return events
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.on.localeCompare(y.e.on) || CAUSAL_ORDER[x.e.kind] - CAUSAL_ORDER[y.e.kind] || x.i - y.i)
    .map(({ e }, i) => ({ ...e, number: i + 1 }));
}

/** The drawing: geometry only, for an inline SVG. */
export function partnershipTimeline(f: TimelineFacts, reader: TimelineReader = {}) {
  const tr = translator(reader.language ?? DEFAULT_LANGUAGE);
  const written = dateFor(reader);
  const cadence = (phase: CarePhase) => cadenceWords(tr, phase).toLowerCase();
  const events = timelineEvents(f, reader);
  const pauses = f.reviews.filter((r) => r.decision === 'pause' && r.decidedOn).map((r) => r.decidedOn!);
  const windows = effectWindows(f.agreements, pauses);
  const today = toDay(f.today);
  const bounded = windows.flatMap((w) => w.agreement.phases.map((p) => (p.to ? toDay(p.to) + 1 : toDay(p.from))));
  const first = Math.min(today, ...events.map((e) => toDay(e.on)), ...windows.map((w) => w.from));
  const ongoing = windows.some((w) => w.to === null && !w.paused);
  const last = Math.max(today + (ongoing ? 91 : 28), ...events.map((e) => toDay(e.on) + 14), ...bounded, first + 182);
  const x = (day: number) => Math.round((LEFT + ((day - first) / (last - first)) * (WIDTH - 2 * LEFT)) * 10) / 10;

  // Every day where the cadence may change: windows and phase edges, today (past → planned).
  const edges = new Set<number>([first, last, today]);
  for (const w of windows) {
    edges.add(w.from);
    if (w.to !== null) edges.add(w.to);
    w.agreement.phases.forEach((p) => {
      edges.add(toDay(p.from));
      if (p.to) edges.add(toDay(p.to) + 1);
    });
  }
  const cuts = [...edges].filter((d) => d >= first && d <= last).sort((a, b) => a - b);
  const spans = cuts.slice(0, -1).map((from, i) => ({ from, to: cuts[i + 1], ...intensityOn(from, windows) }));
  const maxRate = Math.max(...spans.map((s) => s.perWeek), 0.0001);
  const height = (perWeek: number) => Math.round(((BASELINE - PLOT_TOP) * perWeek) / maxRate);
  const bars = spans
    .filter((s) => s.perWeek > 0)
    .map((s) => ({
      x: x(s.from),
      width: Math.max(1, x(s.to) - x(s.from)),
      y: BASELINE - height(s.perWeek),
      height: height(s.perWeek),
      planned: s.from >= today,
      title: `${written(fromDay(s.from))}: ${s.phase ? `${s.phase.name}, ${cadence(s.phase)}` : ''}`,
    }));
  // A phase's name once, over the first bar where it begins, if there is room.
  const labels: Array<{ x: number; y: number; text: string }> = [];
  let previous = '';
  for (const s of spans) {
    const key = s.phase ? `${s.agreementId}:${s.phase.name}:${s.perWeek}` : '';
    if (s.phase && key !== previous && x(s.to) - x(s.from) > 40)
      labels.push({ x: x(s.from) + 3, y: BASELINE - height(s.perWeek) - 5, text: `${s.phase.name} · ${cadenceWords(tr, s.phase)}` });
    previous = key;
  }

  // One marker per day ("1–7" when several things happened that day), in rows under the axis so
  // that markers close in time never overlap.
  const byDay = new Map<string, TimelineEvent[]>();
  for (const e of events) byDay.set(e.on, [...(byDay.get(e.on) ?? []), e]);
  const rowEnds: number[] = [];
  const markers = [...byDay.values()].map((group) => {
    const text = group.length > 1 ? `${group[0].number}–${group.at(-1)!.number}` : `${group[0].number}`;
    const width = 10 + 6.5 * text.length;
    const centre = x(toDay(group[0].on));
    const left = Math.round(Math.min(Math.max(centre - width / 2, 0), WIDTH - width) * 10) / 10;
    let row = rowEnds.findIndex((end) => end + 4 <= left);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = left + width;
    const kinds = new Set(group.map((e) => e.kind));
    return {
      x: left + width / 2,
      left,
      width,
      y: BASELINE + 16 + row * ROW,
      text,
      kind: kinds.size === 1 ? group[0].kind : 'mixed',
      planned: group.every((e) => e.planned),
      label: group.map((e) => `${e.number}. ${e.label}`).join('; '),
    };
  });
  const rows = Math.max(1, rowEnds.length);
  const ticks = monthTicks(first, last)
    .filter((day) => x(day) <= WIDTH - 24)
    .map((day) => ({ x: x(day), label: monthName(day, reader.locale), y: BASELINE + 16 + rows * ROW + 4 }));
  return {
    width: WIDTH,
    height: BASELINE + 16 + rows * ROW + 18,
    baseline: BASELINE,
    plotTop: PLOT_TOP,
    left: LEFT,
    right: WIDTH - LEFT,
    today: { x: x(today), label: tr('partnership.timeline.today'), anchor: x(today) > WIDTH - 60 ? 'end' : 'start' },
    bars,
    labels,
    markers,
    ticks,
    scale: spans.some((s) => s.perWeek > 0) ? scaleLabel(tr, spans) : tr('partnership.timeline.no_visits'),
    events,
    description: describe(tr, written, spans, events),
  };
}

/** A month tick: "Jan 2027" in the reader's locale ("ene 2027"), else "2027-01". */
function monthName(day: number, locale?: string): string {
  if (!locale) return fromDay(day).slice(0, 7);
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(day * DAY));
}

/** First of each month, thinned so that labels do not crowd. */
function monthTicks(first: number, last: number): number[] {
  const start = new Date(first * DAY);
  const days: number[] = [];
  for (let m = 1; ; m++) {
    const day = Math.round(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1) / DAY);
    if (day > last) break;
    days.push(day);
  }
  const step = Math.ceil(days.length / 8);
  return days.filter((_, i) => i % step === 0);
}

function scaleLabel(tr: Translate, spans: Array<{ perWeek: number; phase: CarePhase | null }>): string {
  const top = spans.reduce((m, s) => (s.perWeek > m.perWeek ? s : m));
  return tr('partnership.timeline.tallest', { cadence: cadenceWords(tr, top.phase!).toLowerCase() });
}

/** The drawing in words, for screen readers: how often visits come from when, and how many events follow. */
function describe(
  tr: Translate,
  written: (date: string) => string,
  spans: Array<{ from: number; perWeek: number; phase: CarePhase | null }>,
  events: TimelineEvent[],
): string {
  const steps: string[] = [];
  let previous = -1;
  for (const s of spans) {
    if (s.perWeek === previous) continue;
    const date = written(fromDay(s.from));
    steps.push(
      s.phase
        ? tr('partnership.timeline.step', { date, cadence: cadenceWords(tr, s.phase).toLowerCase() })
        : tr('partnership.timeline.step_none', { date }),
    );
    previous = s.perWeek;
  }
  const visits = steps.length ? tr('partnership.timeline.visits', { steps: steps.join('; ') }) : tr('partnership.timeline.visits_none');
  return `${visits} ${tr('partnership.timeline.events', { count: events.length })}`;
}
