import type { AgreementContent } from '../agreements/agreement-content';
import type { ReviewKind } from './review.entity';

/** When an agreement is reviewed: at the end of its trial period (an amendment: its next review) and where each later phase begins. */
export function reviewDates(content: AgreementContent, amendment = false): Array<{ kind: ReviewKind; label: string; dueDate: string }> {
  const dates: Array<{ kind: ReviewKind; label: string; dueDate: string }> = [
    {
      kind: 'trial_end',
      label: amendment ? 'Review of the amended plan' : 'End of the trial period',
      dueDate: content.schedule.reviewDate,
    },
  ];
  // A phase change within two weeks of the main review is talked through at that review.
  const main = Date.parse(content.schedule.reviewDate);
  content.schedule.phases.slice(1).forEach((phase) => {
    if (phase.from && Math.abs(Date.parse(phase.from) - main) >= 14 * 86_400_000)
      dates.push({ kind: 'phase_change', label: `Start of ${phase.name}`, dueDate: phase.from });
  });
  return dates;
}

export const DECISION_LABELS = {
  continue: 'Continue as agreed',
  intensify: 'Intensify the cadence',
  lighten: 'Lighten the cadence',
  maintenance: 'Move to maintenance',
  pause: 'Pause',
  end: 'End',
  refer: 'Refer out',
} as const;

/** Decisions that change the terms start an amendment, which the client re-signs. */
export const CHANGES_TERMS = new Set(['intensify', 'lighten', 'maintenance']);

/** Decisions that close the agreement: ending care here, or handing it to someone else. */
export const ENDS_AGREEMENT = new Set(['end', 'refer']);
