import { buildAgreementContent } from '../agreements/snapshot';
import { exampleInput } from '../agreements/example-agreement';
import { reviewDates } from './review-schedule';

const content = buildAgreementContent(exampleInput());
const withReview = (reviewDate: string) => ({ ...content, schedule: { ...content.schedule, reviewDate } });

describe('when an agreement is reviewed', () => {
  it('at the end of the trial and where each later phase begins', () => {
    const dates = reviewDates(content);
    expect(dates[0]).toEqual({ kind: 'trial_end', label: 'End of the trial period', dueDate: content.schedule.reviewDate });
    const starts = content.schedule.phases.slice(1).map((p) => p.from);
    for (const d of dates.slice(1)) expect(starts).toContain(d.dueDate);
  });

  it('talks a phase change through at the main review when they fall within two weeks', () => {
    const maintenance = content.schedule.phases.at(-1)!.from;
    const near = new Date(Date.parse(maintenance) + 13 * 86_400_000).toISOString().slice(0, 10);
    const far = new Date(Date.parse(maintenance) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(reviewDates(withReview(near)).map((d) => d.dueDate)).not.toContain(maintenance);
    expect(reviewDates(withReview(far)).map((d) => d.dueDate)).toContain(maintenance);
  });

  it('names an amendment’s main review for what it is', () => {
    expect(reviewDates(content, true)[0].label).toBe('Review of the amended plan');
  });
});
