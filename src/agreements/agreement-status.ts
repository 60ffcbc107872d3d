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

/** Countersigned by both and not yet replaced or ended: the terms care follows now (and what is reviewed). */
export const IN_EFFECT: readonly AgreementStatus[] = ['countersigned', 'active'];

/** Agreements that took effect at some point: in effect now, or since superseded or ended. */
export const TOOK_EFFECT: readonly AgreementStatus[] = [...IN_EFFECT, 'superseded', 'ended'];

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

/** Why an event cannot happen now, in words a person can act on. */
export function outOfTurn(from: AgreementStatus, event: AgreementEvent): string {
  const what: Record<AgreementEvent, string> = {
    propose: 'proposed',
    request_changes: 'sent back with changes',
    client_sign: 'signed by the client',
    countersign: 'countersigned',
    activate: 'made active',
    supersede: 'superseded',
    end: 'ended',
  };
  if (event === 'countersign' && ['draft', 'proposed', 'changes_requested'].includes(from)) {
    return 'The client has not signed this agreement yet: it cannot be countersigned.';
  }
  if (event === 'client_sign' && from === 'draft') return 'This agreement is still a draft: it has not been proposed for signing.';
  if (event === 'client_sign') return 'This agreement has already been signed, or is not open for signing.';
  return `An agreement that is ${AGREEMENT_STATUS_LABELS[from].toLowerCase()} cannot be ${what[event]}.`;
}
