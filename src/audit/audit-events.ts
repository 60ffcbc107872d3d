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
  | { action: 'alignment.commented'; recordKind: 'intake'; recordId: string; data: { finding: string } }
  | { action: 'agreement.started'; recordKind: 'agreement'; recordId: string; data: { offeringVersionId: string } }
  | { action: 'agreement.proposed' | 'agreement.changes_requested'; recordKind: 'agreement'; recordId: string; data: { proposal: number } }
  | {
      action: 'agreement.signed';
      recordKind: 'agreement';
      recordId: string;
      data: { proposal: number; role: 'client' | 'practitioner'; method: 'remote' | 'in_person' | 'paper' };
    }
  | { action: 'review.answered'; recordKind: 'review'; recordId: string; data?: Record<string, never> }
  | {
      action: 'review.decided';
      recordKind: 'review';
      recordId: string;
      data: { decision: string; amendmentId: string | null; ended: boolean };
    }
  | {
      action: 'agreement.activated' | 'agreement.ended' | 'agreement.superseded';
      recordKind: 'agreement';
      recordId: string;
      data?: Record<string, never>;
    };

export type AuditAction = AuditEventInput['action'];
export type AuditActorKind = 'staff' | 'client' | 'system';

/** Who did it, and from where. */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  origin?: RequestOrigin;
}
