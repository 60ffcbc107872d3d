/**
 * The intake's status flow as data: who may move it where. Checked by the intake services before
 * every change and tested as a table. Whether the client's link still works (expired, revoked) is a
 * separate question: a revoked link does not change what the client has already written.
 */
export const INTAKE_STATUSES = ['invited', 'in_progress', 'submitted', 'reviewed'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

export type IntakeEvent = 'save_draft' | 'submit' | 'mark_reviewed';

export const INTAKE_TRANSITIONS: Readonly<Record<IntakeStatus, Partial<Record<IntakeEvent, IntakeStatus>>>> = {
  invited: { save_draft: 'in_progress', submit: 'submitted' },
  in_progress: { save_draft: 'in_progress', submit: 'submitted' },
  submitted: { mark_reviewed: 'reviewed' },
  reviewed: {},
};

export const INTAKE_STATUS_LABELS: Record<IntakeStatus, string> = {
  invited: 'Invited',
  in_progress: 'In progress',
  submitted: 'Submitted',
  reviewed: 'Reviewed',
};

/** The status after `event`, or null when the flow does not allow it. */
export function nextStatus(from: IntakeStatus, event: IntakeEvent): IntakeStatus | null {
  return INTAKE_TRANSITIONS[from][event] ?? null;
}
