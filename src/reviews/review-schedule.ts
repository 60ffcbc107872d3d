import type { AgreementContent } from '../agreements/agreement-content';
import type { Translate } from '../i18n/catalog';
import type { ReviewDecision, ReviewKind } from './review.entity';

/** The labels reviews are stored with (English, for staff); reviewLabel writes them for a client. */
const TRIAL_END_LABEL = 'End of the trial period';
const AMENDED_LABEL = 'Review of the amended plan';
const PHASE_START = /^Start of (.+)$/s;

/** When an agreement is reviewed: at the end of its trial period (an amendment: its next review) and where each later phase begins. */
export function reviewDates(content: AgreementContent, amendment = false): Array<{ kind: ReviewKind; label: string; dueDate: string }> {
  const dates: Array<{ kind: ReviewKind; label: string; dueDate: string }> = [
    {
      kind: 'trial_end',
      label: amendment ? AMENDED_LABEL : TRIAL_END_LABEL,
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

/** A review's label in a client's language: the stored label is English, made by reviewDates above. */
export function reviewLabel(tr: Translate, label: string): string {
  if (label === AMENDED_LABEL) return tr('reviews.label.amended');
  const phase = PHASE_START.exec(label);
  if (phase) return tr('reviews.label.phase_change', { phase: phase[1] });
  return tr('reviews.label.trial_end');
}

/** A decision in a client's language (locales/<lang>/reviews.json, `decision.<value>`). */
export const decisionLabel = (tr: Translate, decision: ReviewDecision | string): string => tr(`reviews.decision.${decision}`);
