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
    }
  | {
      action: 'mfa.enrolled' | 'mfa.disabled' | 'mfa.recovery_codes_regenerated';
      recordKind: 'staff_user';
      recordId: string;
      data?: Record<string, never>;
    }
  | { action: 'mfa.recovery_code_used'; recordKind: 'staff_user'; recordId: string; data: { remaining: number } }
  | {
      action: 'mfa.code_failed';
      recordKind: 'staff_user';
      recordId: string;
      data: { purpose: 'log_in' | 'reauth'; reason: 'wrong' | 'replayed' | 'recovery_code_used' };
    }
  | { action: 'practice.mfa_policy_changed'; recordKind: 'practice'; recordId: string; data: { required: boolean } }
  | { action: 'practice.retention_changed'; recordKind: 'practice'; recordId: string; data: { years: number; previous: number } }
  /** A client's personal data erased (src/privacy): counts only, and what was kept until when. */
  | {
      action: 'client.erased';
      recordKind: 'client';
      recordId: string;
      data: {
        basis: 'client_request' | 'practice_decision';
        intakesRemoved: number;
        agreementsRemoved: number;
        reviewsRemoved: number;
        messagesRemoved: number;
        agreementsKept: number;
        retainUntil: string | null;
      };
    }
  | { action: 'client.purged'; recordKind: 'client'; recordId: string; data: { agreementsRemoved: number } }
  // Personal access tokens, recorded on their owner (recordId: the staff member whose token it is).
  | {
      action: 'access_token.created';
      recordKind: 'staff_user';
      recordId: string;
      data: { tokenId: string; role: string; expiresInDays: number };
    }
  | {
      action: 'access_token.revoked';
      recordKind: 'staff_user';
      recordId: string;
      data: { tokenId: string; reason: 'revoked' | 'member_deactivated' };
    }
  | { action: 'access_token.first_used'; recordKind: 'staff_user'; recordId: string; data: { tokenId: string } }
  | {
      action: 'access_token.refused';
      recordKind: 'staff_user';
      recordId: string;
      data: { tokenId: string; reason: 'expired' | 'revoked' | 'member_inactive' };
    }
  // Webhook endpoints (src/webhooks), recorded on the endpoint: its host, never its path or secret.
  | { action: 'webhook.created'; recordKind: 'webhook_endpoint'; recordId: string; data: { host: string; events: string } }
  | { action: 'webhook.updated'; recordKind: 'webhook_endpoint'; recordId: string; data: { events: string; active: boolean } }
  | { action: 'webhook.deleted'; recordKind: 'webhook_endpoint'; recordId: string; data: { host: string } }
  | { action: 'webhook.secret_rotated'; recordKind: 'webhook_endpoint'; recordId: string; data?: Record<string, never> };

/**
 * Someone reading a client's data: one event per record opened (a list is not recorded row by
 * row), written in the read's own transaction. Recorded for staff and for clients through their link.
 */
export type AuditReadInput =
  | { action: 'intake.viewed'; recordKind: 'intake'; recordId: string; data: { answers: boolean } }
  | { action: 'intake.pdf_downloaded' | 'intake.printed'; recordKind: 'intake'; recordId: string; data?: Record<string, never> }
  | { action: 'intake.exported'; recordKind: 'intake'; recordId: string; data: { format: 'json' | 'fhir' } }
  | { action: 'reflection.viewed'; recordKind: 'intake'; recordId: string; data?: Record<string, never> }
  | { action: 'alignment.viewed'; recordKind: 'intake'; recordId: string; data: { checkId: string } }
  | {
      action: 'agreement.viewed' | 'agreement.pdf_downloaded' | 'agreement.scan_downloaded' | 'agreement.printed';
      recordKind: 'agreement';
      recordId: string;
      data?: Record<string, never>;
    }
  | { action: 'review.viewed'; recordKind: 'review'; recordId: string; data?: Record<string, never> }
  | { action: 'client.timeline_viewed'; recordKind: 'client'; recordId: string; data?: Record<string, never> }
  /** Everything about one client downloaded as a zip (src/privacy). */
  | { action: 'client.exported'; recordKind: 'client'; recordId: string; data?: Record<string, never> };

export type AuditAction = AuditEventInput['action'] | AuditReadInput['action'];
export type AuditRecordKind = (AuditEventInput | AuditReadInput)['recordKind'];

/** Every action in words, for the owner's audit page (a new action fails to compile until it is named here). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'intake.submitted': 'Intake submitted',
  'intake.reviewed': 'Intake marked reviewed',
  'intake.link_created': 'Client link created',
  'intake.link_revoked': 'Client link withdrawn',
  'reflection.sent': 'Reflection sent',
  'reflection.confirmed': 'Reflection confirmed',
  'reflection.corrected': 'Reflection corrected',
  'alignment.checked': 'Expectations checked',
  'alignment.commented': 'Finding commented on',
  'agreement.started': 'Agreement started',
  'agreement.proposed': 'Agreement proposed',
  'agreement.changes_requested': 'Changes requested',
  'agreement.signed': 'Agreement signed',
  'agreement.activated': 'Agreement made active',
  'agreement.ended': 'Agreement ended',
  'agreement.superseded': 'Agreement superseded',
  'review.answered': 'Review answered',
  'review.decided': 'Review decided',
  'intake.viewed': 'Intake viewed',
  'intake.pdf_downloaded': 'Intake summary PDF downloaded',
  'intake.printed': 'Intake summary printed',
  'intake.exported': 'Intake exported',
  'reflection.viewed': 'Reflection thread viewed',
  'alignment.viewed': 'Expectations check viewed',
  'agreement.viewed': 'Agreement viewed',
  'agreement.pdf_downloaded': 'Agreement PDF downloaded',
  'agreement.scan_downloaded': 'Paper signature scan downloaded',
  'agreement.printed': 'Agreement printed',
  'review.viewed': 'Review viewed',
  'client.timeline_viewed': 'Partnership timeline viewed',
  'client.exported': 'Everything about the client exported',
  'mfa.enrolled': 'Two-step log-in set up',
  'mfa.disabled': 'Two-step log-in turned off',
  'mfa.recovery_codes_regenerated': 'New recovery codes made',
  'mfa.recovery_code_used': 'Recovery code used',
  'mfa.code_failed': 'Wrong two-step code',
  'practice.mfa_policy_changed': 'Two-step log-in requirement changed',
  'practice.retention_changed': 'Retention period changed',
  'client.erased': "Client's personal data erased",
  'client.purged': 'Kept agreements removed at the end of retention',
  'access_token.created': 'Access token created',
  'access_token.revoked': 'Access token revoked',
  'access_token.first_used': 'Access token used for the first time',
  'access_token.refused': 'Expired or revoked access token refused',
  'webhook.created': 'Webhook endpoint added',
  'webhook.updated': 'Webhook endpoint changed',
  'webhook.deleted': 'Webhook endpoint deleted',
  'webhook.secret_rotated': 'Webhook secret replaced',
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

const READS: Record<AuditReadInput['action'], true> = {
  'intake.viewed': true,
  'intake.pdf_downloaded': true,
  'intake.printed': true,
  'intake.exported': true,
  'reflection.viewed': true,
  'alignment.viewed': true,
  'agreement.viewed': true,
  'agreement.pdf_downloaded': true,
  'agreement.scan_downloaded': true,
  'agreement.printed': true,
  'review.viewed': true,
  'client.timeline_viewed': true,
  'client.exported': true,
};

/** The actions that record a read, not a change. */
export const READ_ACTIONS = Object.keys(READS) as AuditReadInput['action'][];

/** Every kind of record in words (a new kind fails to compile until it is named here). */
export const AUDIT_RECORD_KIND_LABELS: Record<AuditRecordKind, string> = {
  intake: 'Intake',
  agreement: 'Agreement',
  review: 'Review',
  client: 'Client',
  staff_user: 'Team member',
  practice: 'Practice',
  webhook_endpoint: 'Webhook endpoint',
};

export const AUDIT_RECORD_KINDS = Object.keys(AUDIT_RECORD_KIND_LABELS) as AuditRecordKind[];
export const AUDIT_ACTOR_KINDS = ['staff', 'client', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** Who did it, and from where. */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  origin?: RequestOrigin;
}

export const staffActor = (auth: { userId: string }, origin?: RequestOrigin): AuditActor => ({ kind: 'staff', id: auth.userId, origin });

export const systemActor: AuditActor = { kind: 'system', id: null };

export const clientActor = (clientId: string, origin?: RequestOrigin): AuditActor => ({ kind: 'client', id: clientId, origin });
