import {
  AGREEMENT_EVENTS,
  AGREEMENT_STATUSES,
  AgreementEvent,
  AgreementStatus,
  EDITABLE,
  nextAgreementStatus,
  SIGNED,
} from './agreement-status';

const ALLOWED: Array<[AgreementStatus, AgreementEvent, AgreementStatus]> = [
  ['draft', 'propose', 'proposed'],
  ['proposed', 'request_changes', 'changes_requested'],
  ['proposed', 'client_sign', 'client_signed'],
  ['changes_requested', 'propose', 'proposed'],
  ['client_signed', 'countersign', 'countersigned'],
  ['countersigned', 'activate', 'active'],
  ['countersigned', 'supersede', 'superseded'],
  ['countersigned', 'end', 'ended'],
  ['active', 'supersede', 'superseded'],
  ['active', 'end', 'ended'],
];

describe('agreement status flow', () => {
  const table = AGREEMENT_STATUSES.flatMap((from) =>
    AGREEMENT_EVENTS.map((event) => {
      const allowed = ALLOWED.find(([f, e]) => f === from && e === event);
      return [from, event, allowed ? allowed[2] : null] as const;
    }),
  );

  it.each(table)('%s --%s--> %s', (from, event, to) => {
    expect(nextAgreementStatus(from, event)).toBe(to);
  });

  it.each([
    ['signing a draft', 'draft', 'client_sign'],
    ['signing an already signed agreement', 'client_signed', 'client_sign'],
    ['countersigning before the client signs', 'proposed', 'countersign'],
    ['proposing what the client signed', 'client_signed', 'propose'],
    ['reopening an ended agreement', 'ended', 'propose'],
  ] as const)('refuses %s', (_what, from, event) => {
    expect(nextAgreementStatus(from, event)).toBeNull();
  });

  it('only a draft or a sent-back agreement can be edited, and nothing signed can', () => {
    expect(EDITABLE).toEqual(['draft', 'changes_requested']);
    for (const status of EDITABLE) expect(SIGNED).not.toContain(status);
    for (const status of SIGNED) expect(nextAgreementStatus(status, 'propose')).toBeNull();
  });
});
