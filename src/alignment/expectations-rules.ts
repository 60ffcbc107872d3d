import type { AnswerValue, Answers } from '../intake/template';
import {
  TIME_UNITS,
  type CarePhase,
  type Modality,
  type OfferingContent,
  type ProductItem,
  type TimeUnit,
} from '../offerings/offering-content';
import { weeksOf } from '../offerings/projections';

/**
 * The rules of the expectations check, as data and small pure decisions. The wording lives in
 * expectations.ts; change a threshold or a conflict here and the sentences follow.
 */
export type FindingLevel = 'aligned' | 'talk' | 'mismatch' | 'not_answered';

/** The intake answers this check reads (see DEFAULT_INTAKE). Any of them may be missing. */
export const ANSWER_IDS = {
  noticeWithin: 'expectations.notice_within',
  noticeAmount: 'expectations.notice_within_amount',
  monthlyBudget: 'expectations.monthly_budget',
  hoursPerWeek: 'expectations.hours_per_week',
  avoid: 'expectations.avoid',
  preferences: 'expectations.preferences',
} as const;

export const THRESHOLDS = {
  /** Ratio of the client's hoped-for weeks to the trial period's weeks. */
  timing: { alignedFromRatio: 1, talkFromRatio: 0.5 },
  /**
   * Ratio of the monthly budget to a phase's monthly cost: at the listed fee it "fits"; at the
   * sliding scale's lowest it is "within reach". If the first phase is not even within reach, care
   * cannot start as offered: mismatch.
   */
  budget: { fitsFromRatio: 1, reachableFromRatio: 1 },
  /** A phase needing up to 25% more time than the client has is worth a talk, not a mismatch. */
  time: { talkWithinOver: 0.25 },
} as const;

/** "Within a few weeks" without a number: a typical reading, in weeks. */
export const TYPICAL_HOPE: Record<TimeUnit, { weeks: number; words: string }> = {
  days: { weeks: 1, words: 'within days' },
  weeks: { weeks: 3, words: 'within a few weeks' },
  months: { weeks: weeksOf(3, 'months'), words: 'within a few months' },
};

export const AVOID_VALUES = ['products', 'tests', 'medication', 'hands_on', 'talking', 'energy'] as const;
export type AvoidValue = (typeof AVOID_VALUES)[number];

/** How the sentences name each choice ("You would rather avoid lab tests"). */
export const AVOID_WORDS: Record<AvoidValue, string> = {
  products: 'buying products',
  tests: 'lab tests',
  medication: 'prescription medication',
  hands_on: 'hands-on treatment',
  talking: 'talking about feelings and the past',
  energy: 'energy work',
};

export type Conflict = Exclude<FindingLevel, 'aligned' | 'not_answered'>;

/** An avoided approach that is the heart of a modality. Medical care only may involve medication. */
export const MODALITY_CONFLICTS: Array<{ avoid: AvoidValue; modalities: Modality[]; level: Conflict; why: string }> = [
  { avoid: 'hands_on', modalities: ['chiropractic', 'osteopathic', 'bodywork_massage'], level: 'mismatch', why: 'is hands-on treatment' },
  { avoid: 'talking', modalities: ['psychotherapy_counseling'], level: 'mismatch', why: 'involves talking about feelings and the past' },
  { avoid: 'energy', modalities: ['energy_healing'], level: 'mismatch', why: 'is energy work' },
  { avoid: 'medication', modalities: ['medical'], level: 'talk', why: 'may include prescription medication' },
];

/** An avoided kind of item the offering lists: required ones conflict, optional ones can be declined. */
export const ITEM_CONFLICTS: Array<{ avoid: AvoidValue; kind: ProductItem['kind']; required: Conflict; optional: Conflict }> = [
  { avoid: 'products', kind: 'product', required: 'mismatch', optional: 'talk' },
  { avoid: 'tests', kind: 'test', required: 'mismatch', optional: 'talk' },
];

const RANK: Record<FindingLevel, number> = { not_answered: 0, aligned: 1, talk: 2, mismatch: 3 };
export const worst = (levels: FindingLevel[], otherwise: FindingLevel): FindingLevel =>
  levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), otherwise);

export function timingLevel(hopeWeeks: number, trialWeeks: number): FindingLevel {
  if (!(trialWeeks > 0)) return 'aligned'; // no trial period to wait for
  const ratio = hopeWeeks / trialWeeks;
  const t = THRESHOLDS.timing;
  return ratio >= t.alignedFromRatio ? 'aligned' : ratio >= t.talkFromRatio ? 'talk' : 'mismatch';
}

export type Reach = 'fits' | 'with_scale' | 'beyond';

export function budgetReach(budgetMinor: number, listedMinor: number, lowestMinor: number): Reach {
  const t = THRESHOLDS.budget;
  if (budgetMinor >= listedMinor * t.fitsFromRatio) return 'fits';
  return budgetMinor >= lowestMinor * t.reachableFromRatio ? 'with_scale' : 'beyond';
}

/** Phases in care order. Only the start decides a mismatch: later phases can be talked over. */
export function budgetLevel(reach: Reach[]): FindingLevel {
  if (reach.every((r) => r === 'fits')) return 'aligned';
  return reach[0] === 'beyond' ? 'mismatch' : 'talk';
}

/** Minutes per week the client has, and each phase needs, in care order. */
export function timeLevel(availableMinutes: number, neededMinutes: number[]): FindingLevel {
  const fits = (need: number) => need <= availableMinutes;
  if (neededMinutes.every(fits)) return 'aligned';
  const near = (need: number) => need <= availableMinutes * (1 + THRESHOLDS.time.talkWithinOver);
  const fitsAfterStart = neededMinutes.length > 1 && neededMinutes.slice(1).every(fits);
  return fitsAfterStart || neededMinutes.every(near) ? 'talk' : 'mismatch';
}

/** The answers this check reads, in their stored form. Anything missing or unexpected is left out: not answered, never a crash. */
export interface ExpectationAnswers {
  noticeWithin?: TimeUnit;
  noticeAmount?: number;
  monthlyBudget?: number;
  hoursPerWeek?: number;
  avoid: AvoidValue[];
  preferences?: string;
}

const isOneOf = <T extends string>(allowed: readonly T[], v: unknown): v is T => (allowed as readonly unknown[]).includes(v);
const amount = (v: AnswerValue | undefined) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

export function readExpectations(answers: Answers): ExpectationAnswers {
  const notice = answers[ANSWER_IDS.noticeWithin];
  const avoid = answers[ANSWER_IDS.avoid];
  const words = answers[ANSWER_IDS.preferences];
  return {
    noticeWithin: isOneOf(TIME_UNITS, notice) ? notice : undefined,
    noticeAmount: amount(answers[ANSWER_IDS.noticeAmount]) || undefined, // 0 is no amount: use the typical reading
    monthlyBudget: amount(answers[ANSWER_IDS.monthlyBudget]),
    hoursPerWeek: amount(answers[ANSWER_IDS.hoursPerWeek]),
    avoid: (Array.isArray(avoid) ? avoid : [avoid]).filter((v): v is AvoidValue => isOneOf(AVOID_VALUES, v)),
    preferences: typeof words === 'string' && words.trim() ? words.trim() : undefined,
  };
}

/** A phase with no sensible cadence (every ≤ 0) would divide by zero in the projections: count it as no visits. */
export const usablePhases = (phases: CarePhase[]): CarePhase[] =>
  phases.map((p) => (p.every > 0 && p.visits >= 0 ? p : { ...p, visits: 0, every: 1 }));

export type ApproachConflict = { avoid: AvoidValue; level: Conflict } & (
  { modality: Modality; why: string } | { items: ProductItem[]; required: boolean }
);

/** Every avoided approach this offering involves, by the two tables above. */
export function approachConflicts(avoid: AvoidValue[], offering: Pick<OfferingContent, 'modality' | 'products'>): ApproachConflict[] {
  const conflicts: ApproachConflict[] = [];
  for (const rule of MODALITY_CONFLICTS) {
    if (avoid.includes(rule.avoid) && rule.modalities.includes(offering.modality)) {
      conflicts.push({ avoid: rule.avoid, level: rule.level, modality: offering.modality, why: rule.why });
    }
  }
  for (const rule of ITEM_CONFLICTS) {
    const listed = (offering.products?.items ?? []).filter((i) => i.kind === rule.kind);
    if (!avoid.includes(rule.avoid) || !listed.length) continue;
    const required = listed.some((i) => i.required);
    const items = listed.filter((i) => i.required === required);
    conflicts.push({ avoid: rule.avoid, level: required ? rule.required : rule.optional, items, required });
  }
  return conflicts;
}
