import { IN_EFFECT, type AgreementStatus } from '../agreements/agreement-status';

/** The practice's retention period, in years: the bounds its setting accepts. */
export const RETENTION_YEARS = { min: 1, max: 50, default: 7 } as const;

export const ERASURE_BASES = ['client_request', 'practice_decision'] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];

export const ERASURE_BASIS_LABELS: Record<ErasureBasis, string> = {
  client_request: 'The client asked for their data to be erased',
  practice_decision: 'The practice decided (for example, a duplicate or mistaken record)',
};

/** Statuses that keep a client in care: the terms in effect, or a signature waiting for the countersignature. */
const IN_CARE: readonly AgreementStatus[] = [...IN_EFFECT, 'client_signed'];

/** Signed agreements whose care is over: the practice's record, kept for its retention period. */
const FINISHED: readonly AgreementStatus[] = ['superseded', 'ended'];

export interface PlannedAgreement {
  id: string;
  status: AgreementStatus;
  /** The calendar day its care ended (it was ended or superseded): its row's last change. */
  endedOn: string;
}

export interface ErasurePlan {
  /** Agreements that stop the erasure: end them (or have them countersigned and end them) first. */
  inCare: string[];
  /** Signed agreements kept until `retainUntil`. */
  keep: string[];
  /** Agreements never signed (drafts, proposals), or signed ones whose retention has already run out. */
  remove: string[];
  retainUntil: string | null;
}

/** The same month and day `years` later; 29 February becomes 28 February in a year without one. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/**
 * What erasing a client does to their agreements. Retention counts from when care under the last
 * signed agreement ended, as medical records do from the last service; a retention that has
 * already run out keeps nothing.
 */
export function planErasure(agreements: PlannedAgreement[], retentionYears: number, today: string): ErasurePlan {
  const inCare = agreements.filter((a) => IN_CARE.includes(a.status)).map((a) => a.id);
  const finished = agreements.filter((a) => FINISHED.includes(a.status));
  const lastEnded = finished
    .map((a) => a.endedOn)
    .sort()
    .at(-1);
  const retainUntil = lastEnded ? addYears(lastEnded, retentionYears) : null;
  const keeping = retainUntil !== null && retainUntil > today;
  const keep = keeping ? finished.map((a) => a.id) : [];
  const remove = agreements.filter((a) => !inCare.includes(a.id) && !keep.includes(a.id)).map((a) => a.id);
  return { inCare, keep, remove, retainUntil: keeping ? retainUntil : null };
}
