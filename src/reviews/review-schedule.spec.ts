import { buildAgreementContent } from '../agreements/snapshot';
import { exampleInput } from '../agreements/example-agreement';
import { translator } from '../i18n/catalog';
import { LANGUAGE_CODES } from '../i18n/languages';
import { decisionLabel, DECISION_LABELS, reviewDates, reviewLabel } from './review-schedule';
import { REVIEW_DECISIONS } from './review.entity';

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

describe('reviews in the client’s language', () => {
  const en = translator('en');
  const es = translator('es');

  it('names each review from its stored label', () => {
    const labels = [...reviewDates(content), ...reviewDates(content, true)].map((d) => d.label);
    expect(labels.map((l) => reviewLabel(en, l))).toEqual(labels);
    expect(reviewLabel(es, 'End of the trial period')).toBe('Fin del periodo de prueba');
    expect(reviewLabel(es, 'Review of the amended plan')).toBe('Revisión del plan modificado');
    expect(reviewLabel(es, 'Start of Maintenance')).toBe('Inicio de Maintenance');
  });

  it.each(LANGUAGE_CODES)('has every decision in %s, the English ones as staff read them', (language) => {
    for (const d of REVIEW_DECISIONS) expect(decisionLabel(translator(language), d)).not.toBe(`reviews.decision.${d}`);
    for (const d of REVIEW_DECISIONS) expect(decisionLabel(en, d)).toBe(DECISION_LABELS[d]);
  });
});
