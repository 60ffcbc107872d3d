import type { FieldErrors } from '../common/errors/domain-error';
import { MAX_MINOR } from '../offerings/dto/offering-draft.dto';
import { formatMoney, parseMoney } from '../offerings/money';
import { CADENCE_PERIODS, HOME_PRACTICE_PERIODS } from '../offerings/offering-content';
import type { AgreementContent, AgreementOption, CarePhase } from './agreement-content';
import { isRealDate } from '../common/calendar';
import { recomputeSchedule, withReviewDate } from './snapshot';

/** What the practitioner may change in a draft; everything else is the snapshot. */
export interface DraftEdits {
  options?: Array<Partial<Pick<AgreementOption, 'title' | 'involves' | 'benefits' | 'drawbacks' | 'uncertainty' | 'timeAndCost'>>>;
  choice?: { option?: unknown; reasons?: unknown };
  commitments?: { practitioner?: unknown; client?: unknown };
  findings?: Record<string, unknown>;
  reflectionNote?: unknown;
  /**
   * The care arc's numbers, phase by phase (by position; names, descriptions and the number of phases
   * stay). The fee is `feePerVisitMinor` in minor units, or `fee` as people type it ("85.50").
   * `lengthWeeks` null (or '') is ongoing: the last phase only.
   */
  careArc?: Array<Partial<Record<CarePhaseField | 'fee', unknown>> | undefined>;
  /** When to review together next ("2027-01-09"): an amendment made at a review looks ahead to the next one. */
  reviewDate?: unknown;
}

export const CARE_PHASE_FIELDS = [
  'visits',
  'every',
  'per',
  'lengthWeeks',
  'minutesPerVisit',
  'homePracticeMinutes',
  'homePracticePer',
  'feePerVisitMinor',
] as const;
export type CarePhaseField = (typeof CARE_PHASE_FIELDS)[number];

/** Whole numbers a phase may hold, as the offering editor allows them. */
const PHASE_RANGES: Record<Exclude<CarePhaseField, 'per' | 'homePracticePer'>, [number, number, string]> = {
  visits: [1, 14, 'a whole number of visits'],
  every: [1, 52, 'a whole number'],
  lengthWeeks: [1, 520, 'a whole number of weeks'],
  minutesPerVisit: [1, 600, 'a whole number of minutes'],
  homePracticeMinutes: [0, 600, 'a whole number of minutes'],
  feePerVisitMinor: [0, MAX_MINOR, 'an amount of money'],
};

export const OPTION_FIELDS = ['title', 'involves', 'benefits', 'drawbacks', 'uncertainty', 'timeAndCost'] as const;
const LIMIT = 4000;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

/**
 * The draft with the edits applied, or the problems by field (the form's own names). A changed care
 * arc recomputes the schedule, projections and Good Faith Estimate; the locale shapes their money.
 */
export function applyDraftEdits(
  content: AgreementContent,
  edits: DraftEdits,
  locale = 'en-US',
  /** The earliest next review allowed (today, for an amendment); the start date otherwise. */
  earliestReview?: string,
): { content: AgreementContent; problems: FieldErrors } {
  const problems: FieldErrors = {};
  const next: AgreementContent = structuredClone(content);
  const put = (path: string, value: unknown, set: (v: string) => void) => {
    const t = text(value);
    if (t === undefined) return;
    if ([...t].length > LIMIT) problems[path] = `must be at most ${LIMIT} characters`;
    else set(t);
  };
  (edits.options ?? []).forEach((option, i) => {
    if (!next.options[i] || !option) return;
    for (const field of OPTION_FIELDS) put(`options.${i}.${field}`, option[field], (v) => (next.options[i][field] = v));
  });
  if (edits.choice) {
    const index = Number(edits.choice.option);
    if (edits.choice.option !== undefined) {
      if (Number.isInteger(index) && index >= 0 && index < next.options.length) next.choice.option = index;
      else problems['choice.option'] = 'must be one of the options considered';
    }
    put('choice.reasons', edits.choice.reasons, (v) => (next.choice.reasons = v));
  }
  put('commitments.practitioner', edits.commitments?.practitioner, (v) => (next.commitments.practitioner = v));
  put('commitments.client', edits.commitments?.client, (v) => (next.commitments.client = v));
  for (const finding of next.findings) put(`findings.${finding.key}`, edits.findings?.[finding.key], (v) => (finding.resolution = v));
  put('reflectionNote', edits.reflectionNote, (v) => (next.reflection.note = v));
  const review = editedReviewDate(content, edits.reviewDate, earliestReview, problems);
  const dated = review ? withReviewDate(next, review, locale) : next;
  const arc = editedArc(content, edits.careArc, problems);
  return { content: arc ? recomputeSchedule(dated, arc, locale) : dated, problems };
}

function editedReviewDate(
  content: AgreementContent,
  value: unknown,
  earliest: string | undefined,
  problems: FieldErrors,
): string | undefined {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    problems.reviewDate = 'must be a date written 2027-01-09';
    return undefined;
  }
  const typed = text(value);
  if (!typed || typed === content.schedule.reviewDate) return undefined;
  const floor = [content.schedule.startDate, earliest ?? ''].sort().at(-1)!;
  const latest = `${Number(content.schedule.startDate.slice(0, 4)) + 5}${content.schedule.startDate.slice(4)}`;
  if (!isRealDate(typed)) problems.reviewDate = 'must be a date that exists, written 2027-01-09';
  else if (typed < floor) problems.reviewDate = `must be on or after ${floor}`;
  else if (typed > latest) problems.reviewDate = `must be within five years of the start (by ${latest})`;
  else return typed;
  return undefined;
}

/** The care arc with the edits applied, when they change it; problems by `careArc.<i>.<field>`. */
function editedArc(content: AgreementContent, edits: DraftEdits['careArc'], problems: FieldErrors): CarePhase[] | undefined {
  if (edits === undefined) return undefined;
  if (!Array.isArray(edits)) {
    problems.careArc = 'must be a list of phases';
    return undefined;
  }
  if (!edits.some((e) => e && typeof e === 'object' && Object.values(e).some((v) => v !== undefined))) return undefined;
  if (!content.careArc) {
    problems.careArc = 'cannot be changed: this agreement was drafted before its care arc was recorded';
    return undefined;
  }
  const arc = structuredClone(content.careArc);
  const before = Object.keys(problems).length;
  edits.forEach((phase, i) => {
    if (!phase || typeof phase !== 'object' || !arc[i]) return;
    const at = (field: string) => `careArc.${i}.${field}`;
    const last = i === arc.length - 1;
    for (const field of ['visits', 'every', 'lengthWeeks', 'minutesPerVisit', 'homePracticeMinutes', 'feePerVisitMinor'] as const) {
      const raw = phase[field];
      if (raw === undefined) continue;
      const value = typeof raw === 'string' ? raw.trim() : raw;
      if (field === 'lengthWeeks' && (value === null || value === '')) {
        if (last) arc[i].lengthWeeks = null;
        else problems[at(field)] = 'only the last phase can go on without an end';
        continue;
      }
      const [min, max, what] = PHASE_RANGES[field];
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n)) problems[at(field)] = `must be ${what}`;
      else if (n < min) problems[at(field)] = `must be at least ${min}`;
      else if (n > max) problems[at(field)] = `must be at most ${max}`;
      else arc[i][field] = n;
    }
    if (phase.fee !== undefined && phase.feePerVisitMinor === undefined) {
      const minor = typeof phase.fee === 'string' ? parseMoney(phase.fee, content.fees.currency) : undefined;
      if (minor === undefined) problems[at('feePerVisitMinor')] = 'must be an amount of money, like 85 or 85.50';
      else if (minor > MAX_MINOR) problems[at('feePerVisitMinor')] = `must be at most ${formatMoney(MAX_MINOR, content.fees.currency)}`;
      else arc[i].feePerVisitMinor = minor;
    }
    if (phase.per !== undefined) {
      if ((CADENCE_PERIODS as readonly unknown[]).includes(phase.per)) arc[i].per = phase.per as CarePhase['per'];
      else problems[at('per')] = 'must be week or month';
    }
    if (phase.homePracticePer !== undefined) {
      if ((HOME_PRACTICE_PERIODS as readonly unknown[]).includes(phase.homePracticePer))
        arc[i].homePracticePer = phase.homePracticePer as CarePhase['homePracticePer'];
      else problems[at('homePracticePer')] = 'must be day or week';
    }
  });
  if (Object.keys(problems).length !== before) return undefined;
  const changed = arc.some((p, i) => CARE_PHASE_FIELDS.some((f) => p[f] !== content.careArc![i][f]));
  return changed ? arc : undefined;
}

/** What must be written before the client can be asked to sign. */
export function proposalProblems(content: AgreementContent): FieldErrors {
  const problems: FieldErrors = {};
  content.options.forEach((option, i) => {
    for (const field of OPTION_FIELDS)
      if (!option[field]) problems[`options.${i}.${field}`] = 'is required: every option is described in equal detail';
  });
  if (!content.choice.reasons) problems['choice.reasons'] = 'is required: the client’s reasons, in their words';
  if (!content.commitments.practitioner) problems['commitments.practitioner'] = 'is required';
  if (!content.commitments.client) problems['commitments.client'] = 'is required';
  for (const f of content.findings) {
    if ((f.level === 'talk' || f.level === 'mismatch') && !f.resolution)
      problems[`findings.${f.key}`] = 'is required: how you resolved it together';
  }
  if (!content.reflection.confirmed && !content.reflection.note) {
    problems.reflectionNote = 'is required: why the agreement goes ahead before the client confirmed what you heard';
  }
  return problems;
}
