import { homePracticeText, IF_NOTHING_LABELS, lengthText, scaleText, trialText } from './describe';
import { formatMoney, minorDigits } from './money';
import { ALTERNATIVE_KINDS, MODALITY_LABELS, OfferingContent } from './offering-content';
import { cadenceLabel, Money, phaseSpans, Projections, visitsPerWeek, WEEKS_PER_MONTH, weeksOf } from './projections';

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

export function moneyRange(m: Money, currency: string): string {
  if (m.low === m.high) return formatMoney(m.low, currency); // a fixed share of the fee, or no sliding scale
  return `${formatMoney(m.low, currency)}–${formatMoney(m.high, currency)}`;
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

export function offeringView(content: Omit<OfferingContent, 'estimate' | 'practitionerIds'>, projections: Projections) {
  const c = content;
  const cur = c.fees.currency;
  const sliding = c.fees.slidingScale;
  const trialWeeks = weeksOf(c.trialPeriod.length, c.trialPeriod.unit);
  return {
    title: c.title,
    modality: MODALITY_LABELS[c.modality],
    summary: c.summary,
    howWeWork: c.howWeWork,
    trial: {
      length: trialText(c.trialPeriod),
      expectedChanges: c.trialPeriod.expectedChanges,
      ifNothingChanges: c.trialPeriod.ifNothingChanges.map((k) => IF_NOTHING_LABELS[k]),
      note: c.trialPeriod.ifNothingChangesNote,
    },
    phases: c.careArc.map((p) => ({
      name: p.name,
      cadence: cadenceLabel(p),
      length: lengthText(p),
      minutesPerVisit: p.minutesPerVisit,
      homePractice: homePracticeText(p),
      description: p.description,
      fee: formatMoney(p.feePerVisitMinor, cur),
      feeRange: sliding
        ? moneyRange(
            {
              standard: p.feePerVisitMinor,
              low: Math.round((p.feePerVisitMinor * sliding.minPercent) / 100),
              high: Math.round((p.feePerVisitMinor * sliding.maxPercent) / 100),
            },
            cur,
          )
        : null,
    })),
    windows: projections.windows.map((w) => ({ label: w.label, visits: w.visits, cost: moneyRange(w.cost, cur) })),
    time: projections.timePerWeek.map((t) => ({
      phase: t.phase,
      visits: minutesText(t.visitMinutesPerWeek),
      home: minutesText(t.homeMinutesPerWeek),
      total: minutesText(t.totalMinutesPerWeek),
      monthlyCost: moneyRange(roundToWhole(t.monthlyCost, cur), cur),
    })),
    fees: {
      currency: cur,
      sliding: sliding ? { range: scaleText(sliding), howDecided: sliding.howDecided } : null,
      packages: c.fees.packages.map((p) => ({ ...p, price: formatMoney(p.priceMinor, cur) })),
      fairExchangeNote: c.fees.fairExchangeNote,
      included: c.fees.included,
      notIncluded: c.fees.notIncluded,
      cancellationPolicy: c.fees.cancellationPolicy,
    },
    products: {
      policy: c.products.policy,
      items: c.products.items.map((i) => ({ ...i, price: formatMoney(i.priceMinor, cur) })),
      required: c.products.items.filter((i) => i.required).map((i) => ({ ...i, price: formatMoney(i.priceMinor, cur) })),
      optional: c.products.items.filter((i) => !i.required).map((i) => ({ ...i, price: formatMoney(i.priceMinor, cur) })),
    },
    alternatives: c.alternatives.map((a) => ({
      ...a,
      // "Waiting and watching (Waiting and watching)" says nothing twice.
      kindLabel: ALTERNATIVE_LABELS[a.kind].toLowerCase() === a.title.trim().toLowerCase() ? null : ALTERNATIVE_LABELS[a.kind],
    })),
    timeline: timeline(c, trialWeeks),
  };
}

const WIDTH = 640;
const PLOT_TOP = 22;
const BASELINE = 150;
const HEIGHT = 210;

/** The care arc as bars over the first year or more: width is time, height is how often visits come. */
export function timeline(c: Pick<OfferingContent, 'careArc' | 'trialPeriod'>, trialWeeks: number) {
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
      cadence: cadenceLabel(p),
      shade: i % 3,
      ongoing: spans[i].end === null,
    };
  });
  const months = Math.round(totalWeeks / WEEKS_PER_MONTH);
  const ticks = Array.from({ length: Math.floor(months / 3) + 1 }, (_, k) => k * 3).map((m) => ({
    x: x(m * WEEKS_PER_MONTH),
    label: m === 0 ? 'Start' : `${m} mo`,
  }));
  const description = c.careArc
    .map((p, i) => `${p.name}: ${cadenceLabel(p).toLowerCase()}${spans[i].end === null ? ', ongoing' : ` for ${lengthText(p)}`}`)
    .join('; then ');
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
            label: `▲ Trial period ends (${trialText(c.trialPeriod)})`,
          }
        : null,
    description: `${description}.`,
  };
}
