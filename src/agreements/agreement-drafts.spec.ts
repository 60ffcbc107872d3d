import { exampleContent } from '../offerings/example-offering';
import type { CarePhase } from '../offerings/offering-content';
import type { AgreementContent } from './agreement-content';
import { describeAgreementChanges } from './agreement-diff';
import { applyDraftEdits, type DraftEdits } from './agreement-drafts';
import { careArcRows, formToEdits, withPosted } from './agreement-view';
import { exampleInput } from './example-agreement';
import { buildAgreementContent, recomputeSchedule } from './snapshot';

const input = exampleInput();
const content = buildAgreementContent(input);
/** The agreement as if the offering itself had this care arc: what a recompute must agree with. */
const builtWith = (careArc: CarePhase[]) =>
  buildAgreementContent({ ...input, offeringVersion: { ...input.offeringVersion, content: { ...exampleContent([]), careArc } } });
const arc = () => structuredClone(content.careArc!);
const edit = (careArc: DraftEdits['careArc'], from: AgreementContent = content) => applyDraftEdits(from, { careArc });

describe('the care arc in a draft', () => {
  it('is recorded from the offering version', () => {
    expect(content.careArc).toEqual(exampleContent([]).careArc);
  });

  it('recomputes the phases, time each week, projections and Good Faith Estimate as a snapshot of that arc would', () => {
    const lighter = arc();
    lighter[1] = { ...lighter[1], every: 4, feePerVisitMinor: 8550 };
    lighter[0] = { ...lighter[0], lengthWeeks: 4, homePracticeMinutes: 10 };
    const recomputed = recomputeSchedule(content, lighter, 'en-US');
    const expected = builtWith(lighter);
    expect(recomputed.careArc).toEqual(lighter);
    expect(recomputed.schedule).toEqual({ ...expected.schedule, ifNothingChanges: content.schedule.ifNothingChanges });
    expect(recomputed.goodFaithEstimate).toEqual(expected.goodFaithEstimate);
    expect(recomputed.schedule.projections).not.toEqual(content.schedule.projections);
    expect(recomputed.goodFaithEstimate!.disclaimers[0]).toContain('Consolidation (every 4 weeks for 8 weeks)');
  });

  it('keeps the start date, the trial, the review date and everything written around them', () => {
    const lighter = arc();
    lighter[0] = { ...lighter[0], lengthWeeks: 2 };
    const recomputed = recomputeSchedule(content, lighter);
    expect(recomputed.schedule.startDate).toBe(content.schedule.startDate);
    expect(recomputed.schedule.trial).toEqual(content.schedule.trial);
    expect(recomputed.schedule.reviewDate).toBe(content.schedule.reviewDate);
    expect(recomputed.schedule.phases[1].from).toBe('2025-03-17'); // two weeks after 2025-03-03
    expect(recomputed.options).toEqual(content.options);
    expect(recomputed.commitments).toEqual(content.commitments);
    expect(recomputed.goodFaithEstimate!.issuedOn).toBe(content.goodFaithEstimate!.issuedOn);
  });

  it('applies edits from the form or the API, and the amendment reads as a change of cadence', () => {
    const { content: next, problems } = edit([undefined, { every: '4', fee: '85.50' }]);
    expect(problems).toEqual({});
    expect(next.careArc![1]).toMatchObject({ every: 4, feePerVisitMinor: 8550 });
    expect(next.schedule.phases[1].cadence).toBe('Every 4 weeks');
    expect(describeAgreementChanges(content, next)).toEqual(
      expect.arrayContaining(['Visits (Consolidation): every 2 weeks → every 4 weeks', 'Fee per visit (Consolidation): $80 → $85.50']),
    );
    const api = edit([{ visits: 2, per: 'week', feePerVisitMinor: 0, homePracticePer: 'week' }, undefined, { lengthWeeks: 12 }]);
    expect(api.problems).toEqual({});
    expect(api.content.careArc![0]).toMatchObject({ visits: 2, feePerVisitMinor: 0, homePracticePer: 'week' });
    expect(api.content.schedule.phases[2].to).not.toBeNull();
    expect(edit([undefined, undefined, { lengthWeeks: '' }], api.content).content.schedule.phases[2].to).toBeNull();
  });

  it('leaves the schedule alone when the numbers are the same', () => {
    const same = edit([{ visits: '1', every: '1', per: 'week', lengthWeeks: '6', fee: '90' }]);
    expect(same.problems).toEqual({});
    expect(same.content).toEqual(content);
  });

  it.each<[DraftEdits['careArc'], Record<string, string>]>([
    [[{ visits: '0' }], { 'careArc.0.visits': 'must be at least 1' }],
    [[{ visits: '15' }], { 'careArc.0.visits': 'must be at most 14' }],
    [[{ every: '1.5' }], { 'careArc.0.every': 'must be a whole number' }],
    [[{ every: 'two' }], { 'careArc.0.every': 'must be a whole number' }],
    [[{ per: 'day' }], { 'careArc.0.per': 'must be week or month' }],
    [[{ homePracticePer: 'month' }], { 'careArc.0.homePracticePer': 'must be day or week' }],
    [[{ lengthWeeks: '' }], { 'careArc.0.lengthWeeks': 'only the last phase can go on without an end' }],
    [[undefined, { lengthWeeks: null }], { 'careArc.1.lengthWeeks': 'only the last phase can go on without an end' }],
    [[{ lengthWeeks: '0' }], { 'careArc.0.lengthWeeks': 'must be at least 1' }],
    [[{ minutesPerVisit: '601' }], { 'careArc.0.minutesPerVisit': 'must be at most 600' }],
    [[{ homePracticeMinutes: '-5' }], { 'careArc.0.homePracticeMinutes': 'must be a whole number of minutes' }],
    [[{ fee: '-85' }], { 'careArc.0.feePerVisitMinor': 'must be an amount of money, like 85 or 85.50' }],
    [[{ fee: '85.555' }], { 'careArc.0.feePerVisitMinor': 'must be an amount of money, like 85 or 85.50' }],
    [[{ feePerVisitMinor: -1 }], { 'careArc.0.feePerVisitMinor': 'must be at least 0' }],
    [[{ feePerVisitMinor: 85.5 }], { 'careArc.0.feePerVisitMinor': 'must be an amount of money' }],
  ])('refuses %j', (careArc, problems) => {
    const result = edit(careArc);
    expect(result.problems).toEqual(problems);
    expect(result.content.schedule).toEqual(content.schedule);
  });

  it('cannot be changed in an agreement drafted before the care arc was recorded', () => {
    const { careArc: _, ...old } = content;
    expect(edit([{ every: '2' }], old).problems).toEqual({
      careArc: 'cannot be changed: this agreement was drafted before its care arc was recorded',
    });
    expect(applyDraftEdits(old, { choice: { reasons: 'Still fine.' } }).problems).toEqual({});
    expect(careArcRows(old)).toBeNull();
    expect(applyDraftEdits(content, { careArc: { every: 2 } as never }).problems).toEqual({ careArc: 'must be a list of phases' });
  });
});

describe('the draft form’s care arc', () => {
  it('reads phases named careArc[p1][…], the fee in major units', () => {
    const edits = formToEdits({ revision: '0', careArc: { p1: { every: '4', fee: '85.50', name: 'Renamed' }, x: { visits: '3' } } });
    expect(edits.careArc).toEqual([undefined, { every: '4', fee: '85.50' }]);
    expect(formToEdits({ revision: '0' }).careArc).toBeUndefined();
  });

  it('shows the numbers as text, the fee in major units, and what was typed on a refused save', () => {
    const rows = careArcRows(content)!;
    expect(rows.map((r) => [r.name, r.every, r.lengthWeeks, r.homePracticeMinutes, r.fee])).toEqual([
      ['Intensive', '1', '6', '15', '90'],
      ['Consolidation', '2', '8', '60', '80'],
      ['Maintenance', '3', '', '0', '80'],
    ]);
    const typed = withPosted(content, { revision: '0', careArc: { p0: { every: 'two', fee: '85.5' } } });
    expect(careArcRows(typed)![0]).toMatchObject({ every: 'two', fee: '85.5' });
  });
});

describe('the next review in a draft', () => {
  const start = content.schedule.startDate;
  const review = (reviewDate: unknown, earliest?: string) => applyDraftEdits(content, { reviewDate }, 'en-US', earliest);

  it('moves the next review, and the amendment says so', () => {
    const later = `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`;
    const { content: next, problems } = review(later);
    expect(problems).toEqual({});
    expect(next.schedule.reviewDate).toBe(later);
    expect(next.schedule.trial).toEqual(content.schedule.trial); // the trial itself stays what was agreed
    expect(describeAgreementChanges(content, next).some((l) => l.startsWith('Next review:'))).toBe(true);
  });

  it.each([
    ['2027-02-30', 'must be a date that exists, written 2027-01-09'],
    ['next March', 'must be a date that exists, written 2027-01-09'],
    ['1999-01-01', `must be on or after ${start}`],
    [`${Number(start.slice(0, 4)) + 6}${start.slice(4)}`, 'must be within five years of the start'],
  ])('refuses %j, naming the field', (typed, message) => {
    const { content: next, problems } = review(typed);
    expect(problems.reviewDate).toContain(message);
    expect(next.schedule.reviewDate).toBe(content.schedule.reviewDate);
  });

  it('in an amendment, cannot be set before today', () => {
    const today = `${Number(start.slice(0, 4)) + 1}-01-15`;
    expect(review(`${Number(start.slice(0, 4)) + 1}-01-14`, today).problems.reviewDate).toBe(`must be on or after ${today}`);
    expect(review(today, today).problems).toEqual({});
  });

  it('leaves the date alone when the form sends it back unchanged, or not at all', () => {
    expect(review(content.schedule.reviewDate, '2999-01-01').problems).toEqual({});
    expect(applyDraftEdits(content, {}).content.schedule.reviewDate).toBe(content.schedule.reviewDate);
  });
});
