import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { formatMoney, minorDigits } from './money';
import { ALTERNATIVE_KINDS, OfferingContent } from './offering-content';
import { offeringWords, type OfferingWords } from './offering-words';
import { Money, phaseSpans, Projections, visitsPerWeek, WEEKS_PER_MONTH, weeksOf } from './projections';

/**
 * Turns a published offering into what the public page, the staff preview and (later) documents
 * show: formatted money, plain sentences, and the care-arc timeline's geometry. No HTML here: the
 * templates escape every string.
 */
export const ALTERNATIVE_LABELS: Record<(typeof ALTERNATIVE_KINDS)[number], string> = {
  other_approach: 'Another approach',
  other_modality: 'Another kind of care',
  referral: 'Referral',
  watchful_waiting: 'Waiting and watching',
};

export function moneyRange(m: Money, currency: string, locale = 'en-US'): string {
  if (m.low === m.high) return formatMoney(m.low, currency, locale); // a fixed share of the fee, or no sliding scale
  return `${formatMoney(m.low, currency, locale)}–${formatMoney(m.high, currency, locale)}`;
}

/** An average month is an estimate: shown to the whole unit ("$206", not "$205.84"). */
function roundToWhole(m: Money, currency: string): Money {
  const unit = 10 ** minorDigits(currency);
  const round = (v: number) => Math.round(v / unit) * unit;
  return { standard: round(m.standard), low: round(m.low), high: round(m.high) };
}

export function minutesText(total: number): string {
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** `language` and `locale`: the page's (a client's public page may be Spanish; staff pages are English). */
export function offeringView(
  content: Omit<OfferingContent, 'estimate' | 'practitionerIds'>,
  projections: Projections,
  language: Language = DEFAULT_LANGUAGE,
  locale = 'en-US',
) {
  const c = content;
  const cur = c.fees.currency;
  const w = offeringWords(language);
  const money = (minor: number) => formatMoney(minor, cur, locale);
  const range = (m: Money) => moneyRange(m, cur, locale);
  const item = (i: OfferingContent['products']['items'][number]) => ({
    ...i,
    price: money(i.priceMinor),
    kindLabel: w.tr(i.kind === 'test' ? 'public.details.kind_test' : 'public.details.kind_product'),
  });
  const sliding = c.fees.slidingScale;
  const trialWeeks = weeksOf(c.trialPeriod.length, c.trialPeriod.unit);
  return {
    title: c.title,
    modality: w.modality(c.modality),
    summary: c.summary,
    howWeWork: c.howWeWork,
    trial: {
      length: w.trial(c.trialPeriod),
      expectedChanges: c.trialPeriod.expectedChanges,
      ifNothingChanges: c.trialPeriod.ifNothingChanges.map((k) => w.ifNothing(k)),
      /** "reassess together, or change course": the choices as one phrase. */
      actions: c.trialPeriod.ifNothingChanges.map((k) => w.ifNothing(k)).join(w.tr('public.details.or_join')),
      note: c.trialPeriod.ifNothingChangesNote,
    },
    phases: c.careArc.map((p) => ({
      name: p.name,
      cadence: w.cadence(p),
      length: w.length(p),
      minutesPerVisit: p.minutesPerVisit,
      homePractice: w.homePractice(p),
      description: p.description,
      fee: money(p.feePerVisitMinor),
      feeRange: sliding
        ? range({
            standard: p.feePerVisitMinor,
            low: Math.round((p.feePerVisitMinor * sliding.minPercent) / 100),
            high: Math.round((p.feePerVisitMinor * sliding.maxPercent) / 100),
          })
        : null,
    })),
    windows: projections.windows.map((window, i) => ({
      label: windowLabel(w, c, i, window.label),
      visits: window.visits,
      cost: range(window.cost),
    })),
    time: projections.timePerWeek.map((t) => ({
      phase: t.phase,
      visits: minutesText(t.visitMinutesPerWeek),
      home: minutesText(t.homeMinutesPerWeek),
      total: minutesText(t.totalMinutesPerWeek),
      monthlyCost: range(roundToWhole(t.monthlyCost, cur)),
    })),
    fees: {
      currency: cur,
      sliding: sliding ? { range: w.scale(sliding), howDecided: sliding.howDecided } : null,
      packages: c.fees.packages.map((p) => ({ ...p, price: money(p.priceMinor) })),
      fairExchangeNote: c.fees.fairExchangeNote,
      included: c.fees.included,
      notIncluded: c.fees.notIncluded,
      cancellationPolicy: c.fees.cancellationPolicy,
    },
    products: {
      policy: c.products.policy,
      items: c.products.items.map(item),
      required: c.products.items.filter((i) => i.required).map(item),
      optional: c.products.items.filter((i) => !i.required).map(item),
    },
    alternatives: c.alternatives.map((a) => ({
      ...a,
      // "Waiting and watching (Waiting and watching)" says nothing twice.
      kindLabel: w.alternative(a.kind).toLowerCase() === a.title.trim().toLowerCase() ? null : w.alternative(a.kind),
    })),
    timeline: timeline(c, trialWeeks, w),
  };
}

/** The projection windows in order: the trial period, then the first 3, 6 and 12 months. */
const FIRST_MONTHS = [3, 6, 12];
function windowLabel(w: OfferingWords, c: Pick<OfferingContent, 'trialPeriod'>, index: number, english: string): string {
  if (index === 0) return w.trialWindow(c.trialPeriod);
  return FIRST_MONTHS[index - 1] ? w.firstMonths(FIRST_MONTHS[index - 1]) : english;
}

const WIDTH = 640;
const PLOT_TOP = 22;
const BASELINE = 150;
const HEIGHT = 210;

/** The care arc as bars over the first year or more: width is time, height is how often visits come. */
export function timeline(c: Pick<OfferingContent, 'careArc' | 'trialPeriod'>, trialWeeks: number, w: OfferingWords = offeringWords()) {
  const spans = phaseSpans(c.careArc);
  const boundedEnd = spans.reduce((end, s) => Math.max(end, s.end ?? s.start), 0);
  const totalWeeks = Math.max(52, Math.ceil((boundedEnd + 13) / 13) * 13);
  const x = (weeks: number) => Math.round((weeks / totalWeeks) * WIDTH * 10) / 10;
  const maxRate = Math.max(...c.careArc.map(visitsPerWeek), 0.0001);
  const bars = c.careArc.map((p, i) => {
    const start = spans[i].start;
    const end = Math.min(spans[i].end ?? totalWeeks, totalWeeks);
    const height = Math.round(12 + ((BASELINE - PLOT_TOP - 12) * visitsPerWeek(p)) / maxRate);
    return {
      x: x(start),
      width: Math.max(1, x(end) - x(start) - 2),
      y: BASELINE - height,
      height,
      labelX: x(start) + 4,
      labelY: BASELINE - height - 6,
      name: p.name,
      cadence: w.cadence(p),
      shade: i % 3,
      ongoing: spans[i].end === null,
    };
  });
  const months = Math.round(totalWeeks / WEEKS_PER_MONTH);
  const ticks = Array.from({ length: Math.floor(months / 3) + 1 }, (_, k) => k * 3).map((m) => ({
    x: x(m * WEEKS_PER_MONTH),
    label: m === 0 ? w.tr('public.timeline.start') : w.tr('public.timeline.months', { count: m }),
  }));
  const description = c.careArc
    .map((p, i) =>
      spans[i].end === null
        ? w.tr('public.timeline.phase_ongoing', { name: p.name, cadence: w.cadence(p).toLowerCase() })
        : w.tr('public.timeline.phase_for', { name: p.name, cadence: w.cadence(p).toLowerCase(), length: w.length(p) }),
    )
    .join(w.tr('public.timeline.then'));
  return {
    width: WIDTH,
    height: HEIGHT,
    baseline: BASELINE,
    bars,
    ticks,
    tickY: BASELINE + 18,
    // The trial marker's label sits under the month ticks, clear of the phase names.
    trial:
      trialWeeks <= totalWeeks
        ? {
            x: x(trialWeeks),
            labelY: BASELINE + 40,
            anchor: x(trialWeeks) < WIDTH / 2 ? 'start' : 'end',
            label: w.tr('public.timeline.trial_ends', { length: w.trial(c.trialPeriod) }),
          }
        : null,
    description: `${description}.`,
  };
}
