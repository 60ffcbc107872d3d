import type { CarePhase, SlidingScale, TimeUnit, TrialPeriod } from './offering-content';

/**
 * What an offering's care arc adds up to: visits, cost and time over the trial period and the first
 * 3, 6 and 12 months. Pure arithmetic on integers (money in minor units), shared by the public page,
 * the API, the expectations check and agreements, so every figure a client sees agrees.
 */
export const WEEKS_PER_MONTH = 52 / 12;
const EPSILON = 1e-9;

export function weeksOf(length: number, unit: TimeUnit): number {
  if (unit === 'days') return length / 7;
  if (unit === 'weeks') return length;
  return length * WEEKS_PER_MONTH;
}

export const visitsPerWeek = (phase: Pick<CarePhase, 'visits' | 'every' | 'per'>): number =>
  phase.visits / (phase.every * (phase.per === 'week' ? 1 : WEEKS_PER_MONTH));

/** "Weekly", "Twice a week", "Every 2 weeks", "Every 3 months", "3 visits every 2 weeks". */
export function cadenceLabel(phase: Pick<CarePhase, 'visits' | 'every' | 'per'>): string {
  const unit = phase.every === 1 ? phase.per : `${phase.every} ${phase.per}s`;
  if (phase.visits === 1) return phase.every === 1 ? (phase.per === 'week' ? 'Weekly' : 'Monthly') : `Every ${unit}`;
  const times = phase.visits === 2 ? 'Twice' : `${phase.visits} times`;
  return phase.every === 1 ? `${times} a ${phase.per}` : `${phase.visits} visits every ${unit}`;
}

/** Where each phase starts and ends, in weeks from the first visit (end null: ongoing). */
export function phaseSpans(phases: Pick<CarePhase, 'lengthWeeks'>[]): Array<{ start: number; end: number | null }> {
  let start = 0;
  return phases.map((phase) => {
    const span = { start, end: phase.lengthWeeks === null ? null : start + phase.lengthWeeks };
    start = span.end ?? Number.POSITIVE_INFINITY;
    return span;
  });
}

/**
 * Visits of one phase that fall within the first `horizonWeeks`: visits are evenly spaced from the
 * phase's start, so a weekly phase of 6 weeks has 6 visits, and one every 2 weeks for 8 weeks has 4.
 */
function visitsWithin(phase: CarePhase, span: { start: number; end: number | null }, horizonWeeks: number): number {
  const until = Math.min(span.end ?? Number.POSITIVE_INFINITY, horizonWeeks);
  const weeks = until - span.start;
  const perWeek = visitsPerWeek(phase);
  if (weeks <= EPSILON || perWeek <= 0) return 0;
  return Math.ceil(weeks * perWeek - EPSILON);
}

export interface Money {
  /** What the listed fees come to. */
  standard: number;
  /** With a sliding scale: the lowest and highest a client may pay; otherwise both equal `standard`. */
  low: number;
  high: number;
}

export interface PhaseWindow {
  phase: string;
  visits: number;
  cost: Money;
}

export interface Window {
  label: string;
  weeks: number;
  visits: number;
  cost: Money;
  byPhase: PhaseWindow[];
}

export interface PhaseTime {
  phase: string;
  visitMinutesPerWeek: number;
  homeMinutesPerWeek: number;
  totalMinutesPerWeek: number;
  /** The cost of an average month in this phase, at the listed fee. */
  monthlyCost: Money;
}

export interface Projections {
  windows: Window[];
  timePerWeek: PhaseTime[];
}

export function scaled(standard: number, scale: SlidingScale | null | undefined): Money {
  if (!scale) return { standard, low: standard, high: standard };
  return {
    standard,
    low: Math.round((standard * scale.minPercent) / 100),
    high: Math.round((standard * scale.maxPercent) / 100),
  };
}

const addMoney = (a: Money, b: Money): Money => ({ standard: a.standard + b.standard, low: a.low + b.low, high: a.high + b.high });
const ZERO: Money = { standard: 0, low: 0, high: 0 };

export function projectWindow(label: string, weeks: number, phases: CarePhase[], scale: SlidingScale | null): Window {
  const spans = phaseSpans(phases);
  const byPhase = phases.map((phase, i) => {
    const visits = visitsWithin(phase, spans[i], weeks);
    return { phase: phase.name, visits, cost: scaled(visits * phase.feePerVisitMinor, scale) };
  });
  return {
    label,
    weeks,
    visits: byPhase.reduce((sum, p) => sum + p.visits, 0),
    cost: byPhase.reduce((sum, p) => addMoney(sum, p.cost), ZERO),
    byPhase,
  };
}

export function timePerWeek(phases: CarePhase[], scale: SlidingScale | null): PhaseTime[] {
  return phases.map((phase) => {
    const visitMinutesPerWeek = Math.round(visitsPerWeek(phase) * phase.minutesPerVisit);
    const homeMinutesPerWeek = phase.homePracticePer === 'day' ? phase.homePracticeMinutes * 7 : phase.homePracticeMinutes;
    const monthly = Math.round(visitsPerWeek(phase) * WEEKS_PER_MONTH * phase.feePerVisitMinor);
    return {
      phase: phase.name,
      visitMinutesPerWeek,
      homeMinutesPerWeek,
      totalMinutesPerWeek: visitMinutesPerWeek + homeMinutesPerWeek,
      monthlyCost: scaled(monthly, scale),
    };
  });
}

export function trialLabel(trial: Pick<TrialPeriod, 'length' | 'unit'>): string {
  const unit = trial.length === 1 ? trial.unit.replace(/s$/, '') : trial.unit;
  return `Trial period (${trial.length} ${unit})`;
}

export function project(trial: Pick<TrialPeriod, 'length' | 'unit'>, phases: CarePhase[], scale: SlidingScale | null): Projections {
  return {
    windows: [
      projectWindow(trialLabel(trial), weeksOf(trial.length, trial.unit), phases, scale),
      projectWindow('First 3 months', 3 * WEEKS_PER_MONTH, phases, scale),
      projectWindow('First 6 months', 6 * WEEKS_PER_MONTH, phases, scale),
      projectWindow('First 12 months', 12 * WEEKS_PER_MONTH, phases, scale),
    ],
    timePerWeek: timePerWeek(phases, scale),
  };
}
