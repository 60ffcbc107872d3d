import type { RequestOrigin } from '../accounts/sessions.service';

/**
 * Every event the audit trail records, as one typed union: what happened, to which record, and
 * the few facts it needs. Free text and answers never go here, only ids and states.
 */
export type AuditEventInput =
  | { action: 'intake.submitted'; recordKind: 'intake'; recordId: string; data: { templateVersion: number } }
  | { action: 'intake.reviewed'; recordKind: 'intake'; recordId: string; data?: Record<string, never> }
  | { action: 'intake.link_created' | 'intake.link_revoked'; recordKind: 'intake'; recordId: string; data?: Record<string, never> }
  | { action: 'reflection.sent'; recordKind: 'intake'; recordId: string; data: { round: number } }
  | { action: 'reflection.confirmed' | 'reflection.corrected'; recordKind: 'intake'; recordId: string; data: { round: number } }
  | { action: 'alignment.checked'; recordKind: 'intake'; recordId: string; data: { offeringVersionId: string } }
  | { action: 'alignment.commented'; recordKind: 'intake'; recordId: string; data: { finding: string } };

export type AuditAction = AuditEventInput['action'];
export type AuditActorKind = 'staff' | 'client' | 'system';

/** Who did it, and from where. */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  origin?: RequestOrigin;
}
