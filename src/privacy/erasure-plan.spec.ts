import { addYears, planErasure, type PlannedAgreement } from './erasure-plan';

const agreement = (id: string, status: PlannedAgreement['status'], endedOn = '2026-01-10'): PlannedAgreement => ({ id, status, endedOn });

describe('addYears', () => {
  it.each([
    ['2026-11-28', 7, '2033-11-28'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2026-12-31', 1, '2027-12-31'],
  ])('%s + %i years = %s', (day, years, expected) => {
    expect(addYears(day, years)).toBe(expected);
  });
});

describe('planErasure', () => {
  it('refuses while an agreement is in effect or waits for the countersignature', () => {
    const plan = planErasure(
      [agreement('a', 'active'), agreement('b', 'countersigned'), agreement('c', 'client_signed'), agreement('d', 'draft')],
      7,
      '2026-11-28',
    );
    expect(plan.inCare).toEqual(['a', 'b', 'c']);
    expect(plan.remove).toEqual(['d']);
  });

  it('keeps ended and superseded agreements for the retention period after the last one ended', () => {
    const plan = planErasure(
      [agreement('old', 'superseded', '2025-03-01'), agreement('new', 'ended', '2026-06-15'), agreement('draft', 'draft')],
      7,
      '2026-11-28',
    );
    expect(plan).toEqual({ inCare: [], keep: ['old', 'new'], remove: ['draft'], retainUntil: '2033-06-15' });
  });

  it('keeps nothing when the retention period has already run out', () => {
    const plan = planErasure([agreement('a', 'ended', '2019-11-28'), agreement('b', 'proposed')], 7, '2026-11-28');
    expect(plan).toEqual({ inCare: [], keep: [], remove: ['a', 'b'], retainUntil: null });
  });

  it('removes unsigned proposals and drafts, and keeps nothing when nothing was signed', () => {
    const plan = planErasure([agreement('a', 'proposed'), agreement('b', 'changes_requested'), agreement('c', 'draft')], 7, '2026-11-28');
    expect(plan).toEqual({ inCare: [], keep: [], remove: ['a', 'b', 'c'], retainUntil: null });
  });
});
