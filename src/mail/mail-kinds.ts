/** What Ayni e-mails, and the states a message moves through. */
export const MAIL_KINDS = ['intake_invitation', 'intake_reminder', 'reflection_ready', 'agreement_ready', 'review_due'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * queued → sending → sent, or back to queued (a retry) until MAX_ATTEMPTS, then failed.
 * held: no SMTP server is configured; staff see it on the Outbox page and can send it once one is.
 */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  intake_invitation: 'Intake invitation',
  intake_reminder: 'Intake reminder',
  reflection_ready: 'Reflection ready',
  agreement_ready: 'Agreement ready to sign',
  review_due: 'Review due',
};

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  held: 'Held: no mail server configured',
};

export const MAX_ATTEMPTS = 5;

/** How long a message may stay `sending` before another run takes it again (the sender crashed mid-send). */
export const SENDING_LEASE_MS = 10 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: 1 min, 5 min, 25 min, 125 min. */
export const backoffMs = (attempts: number) => 60_000 * 5 ** Math.max(0, attempts - 1);
