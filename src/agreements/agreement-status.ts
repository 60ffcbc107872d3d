/**
 * A care agreement's life, as data: drafted by the practitioner, proposed to the client (who can
 * read it through their link), sent back with requested changes and proposed again, signed by the
 * client, countersigned by the practitioner, active, and finally superseded by an amendment or
 * ended. Tested as a table; every transition is recorded with who, when and from where.
 */
export const AGREEMENT_STATUSES = [
  'draft',
  'proposed',
  'changes_requested',
  'client_signed',
  'countersigned',
  'active',
  'superseded',
  'ended',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_EVENTS = ['propose', 'request_changes', 'client_sign', 'countersign', 'activate', 'supersede', 'end'] as const;
export type AgreementEvent = (typeof AGREEMENT_EVENTS)[number];

/** Who may cause each event: the client (through their link or at the front desk), or staff. */
export const EVENT_ACTOR: Readonly<Record<AgreementEvent, 'client' | 'practitioner' | 'staff'>> = {
  propose: 'practitioner',
  request_changes: 'client',
  client_sign: 'client',
  countersign: 'practitioner',
  activate: 'staff',
  supersede: 'practitioner',
  end: 'staff',
};

export const AGREEMENT_TRANSITIONS: Readonly<Record<AgreementStatus, Partial<Record<AgreementEvent, AgreementStatus>>>> = {
  draft: { propose: 'proposed' },
  proposed: { request_changes: 'changes_requested', client_sign: 'client_signed' },
  changes_requested: { propose: 'proposed' },
  client_signed: { countersign: 'countersigned' },
  countersigned: { activate: 'active', supersede: 'superseded', end: 'ended' },
  active: { supersede: 'superseded', end: 'ended' },
  superseded: {},
  ended: {},
};

/** Statuses whose content is the practitioner's to edit; from proposal on, what was proposed is fixed. */
export const EDITABLE: readonly AgreementStatus[] = ['draft', 'changes_requested'];

/** From the client's signature on, the agreement's content can never change (the database enforces it too). */
export const SIGNED: readonly AgreementStatus[] = ['client_signed', 'countersigned', 'active', 'superseded', 'ended'];

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  draft: 'Draft',
  proposed: 'Proposed to the client',
  changes_requested: 'The client asked for changes',
  client_signed: 'Signed by the client',
  countersigned: 'Countersigned',
  active: 'Active',
  superseded: 'Superseded by an amendment',
  ended: 'Ended',
};

export function nextAgreementStatus(from: AgreementStatus, event: AgreementEvent): AgreementStatus | null {
  return AGREEMENT_TRANSITIONS[from][event] ?? null;
}
