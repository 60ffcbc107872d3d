import type { Answers } from '../intake/template';
import { exampleContent } from '../offerings/example-offering';
import type { CarePhase, OfferingContent, ProductItem } from '../offerings/offering-content';
import { checkExpectations, type Finding } from './expectations';

/**
 * The example offering: a 6-week trial; Intensive weekly for 6 weeks ($90, 60 min + 15 min a day at
 * home: $390 a month, 2 h 45 min a week), Consolidation every 2 weeks for 8 weeks ($80, 45 min +
 * 60 min a week: about $173 a month, 1 h 23 min), Maintenance every 3 months ($80: about $27, 3 min);
 * a 50–100% sliding scale; an optional cushion ($35); chiropractic.
 */
const EXAMPLE = exampleContent([]);

const offering = (over: Partial<OfferingContent>): OfferingContent => ({ ...EXAMPLE, ...over });
const arc = (...phases: Array<Partial<CarePhase>>): OfferingContent =>
  offering({ careArc: phases.map((p, i) => ({ ...EXAMPLE.careArc[0], name: `Phase ${i + 1}`, ...p })) });
const items = (policy: OfferingContent['products']['policy'], ...list: Array<Partial<ProductItem>>): OfferingContent =>
  offering({
    products: {
      policy,
      items: list.map((i) => ({ name: 'Item', kind: 'product', priceMinor: 12000, why: 'Helps.', required: false, ...i })),
    },
  });

const check = (answers: Answers, content: OfferingContent = EXAMPLE, locale = 'en-US') => checkExpectations(answers, content, { locale });
const find = (key: Finding['key'], answers: Answers, content?: OfferingContent, locale?: string) =>
  check(answers, content, locale).find((f) => f.key === key)!;

const notice = (unit: unknown, amount?: unknown): Answers =>
  ({ 'expectations.notice_within': unit, 'expectations.notice_within_amount': amount }) as Answers;
const budget = (amount: unknown): Answers => ({ 'expectations.monthly_budget': amount }) as Answers;
const hours = (amount: unknown): Answers => ({ 'expectations.hours_per_week': amount }) as Answers;
const avoid = (values: unknown, preferences?: string): Answers =>
  ({ 'expectations.avoid': values, 'expectations.preferences': preferences }) as Answers;

describe('the expectations check', () => {
  it('gives the two-weeks, tight-budget client honest findings against the example offering', () => {
    const answers: Answers = {
      'expectations.notice_within': 'weeks',
      'expectations.notice_within_amount': 2,
      'expectations.monthly_budget': 150,
      'expectations.hours_per_week': 2,
      'expectations.avoid': ['products'],
      'expectations.preferences': 'Gentle, please.',
    };
    const [timing, money, time, approach] = check(answers);
    expect([timing.key, money.key, time.key, approach.key]).toEqual(['timing', 'budget', 'time', 'approach']);
    expect(timing.level).toBe('mismatch');
    expect(timing.toClient).toMatch(/^You hope to notice a change within 2 weeks\. Most people need the full trial period of 6 weeks/);
    expect(timing.facts).toMatchObject({ hopeWeeks: 2, trialWeeks: 6 });
    expect(money.level).toBe('mismatch');
    expect(money.toClient).toContain('up to $150 a month. Intensive, where care begins, comes to about $390 a month, and about $195');
    expect(money.toPractitioner).toContain('Consolidation about $173 a month (lowest $87)');
    expect(money.facts).toMatchObject({ budgetMinor: 15000, firstPhaseMonthlyMinor: 39000, firstPhaseLowestMinor: 19500 });
    expect(time.level).toBe('talk');
    expect(approach.level).toBe('talk');
    expect(approach.toPractitioner).toContain('In their words: “Gentle, please.”');
  });

  it.each<[string, Answers, OfferingContent, string, string | null]>([
    ['two weeks, 6-week trial', notice('weeks', 2), EXAMPLE, 'mismatch', 'within 2 weeks'],
    ['three weeks is half the trial', notice('weeks', 3), EXAMPLE, 'talk', 'within 3 weeks'],
    ['"a few weeks" reads as 3', notice('weeks'), EXAMPLE, 'talk', 'within a few weeks'],
    ['"within days" reads as 1 week', notice('days'), EXAMPLE, 'mismatch', 'within days'],
    ['10 days', notice('days', 10), EXAMPLE, 'mismatch', 'within 10 days'],
    ['exactly the trial', notice('weeks', 6), EXAMPLE, 'aligned', 'within 6 weeks'],
    ['1 month (4.3 weeks)', notice('months', 1), EXAMPLE, 'talk', 'within 1 month'],
    ['2 months', notice('months', 2), EXAMPLE, 'aligned', 'within 2 months'],
    ['"a few months" reads as 3', notice('months'), EXAMPLE, 'aligned', 'within a few months'],
    [
      '8 weeks against a 3-month trial',
      notice('weeks', 8),
      offering({ trialPeriod: { ...EXAMPLE.trialPeriod, length: 3, unit: 'months' } }),
      'talk',
      '3 months',
    ],
    ['no trial period', notice('days', 1), offering({ trialPeriod: { ...EXAMPLE.trialPeriod, length: 0 } }), 'aligned', 'no trial period'],
    ['not answered', {}, EXAMPLE, 'not_answered', '6 weeks'],
    ['an amount without days, weeks or months', notice(undefined, 2), EXAMPLE, 'not_answered', null],
    ['an unknown unit', notice('years', 2), EXAMPLE, 'not_answered', null],
  ])('timing: %s', (_, answers, content, level, words) => {
    const f = find('timing', answers, content);
    expect(f.level).toBe(level);
    if (words) expect(f.toClient + f.toPractitioner).toContain(words);
  });

  const noScale = offering({ fees: { ...EXAMPLE.fees, slidingScale: null } });
  it.each<[string, Answers, OfferingContent, string, string[]]>([
    ['below even the lowest sliding-scale cost', budget(150), EXAMPLE, 'mismatch', ['$150', '$390', '$195']],
    ['covers Consolidation but not Intensive’s lowest', budget(180), EXAMPLE, 'mismatch', ['$180', '$195']],
    [
      'within reach with the sliding scale',
      budget(200),
      EXAMPLE,
      'talk',
      ['$200', 'about $390 a month', 'sliding scale it could be about $195'],
    ],
    ['exactly the listed cost', budget(390), EXAMPLE, 'aligned', ['$390', 'every phase']],
    ['above every phase', budget(400), EXAMPLE, 'aligned', ['$400', 'Intensive, at about $390']],
    ['no sliding scale', budget(200), noScale, 'mismatch', ['$200', 'about $390 a month.']],
    [
      'only a later phase is over',
      budget(100),
      arc({ feePerVisitMinor: 2000 }, { feePerVisitMinor: 4000, lengthWeeks: null }),
      'talk',
      ['Phase 2 comes to about $173'],
    ],
    [
      'a later phase beyond even the sliding scale',
      budget(60),
      arc({ feePerVisitMinor: 2000 }, { feePerVisitMinor: 4000, lengthWeeks: null }),
      'talk',
      ['$60', 'Phase 2 comes to about $173'],
    ],
    ['a monthly cadence', budget(180), arc({ visits: 2, every: 1, per: 'month', lengthWeeks: null }), 'aligned', ['$180']],
    ['a monthly cadence, just short', budget(179), arc({ visits: 2, every: 1, per: 'month', lengthWeeks: null }), 'talk', ['$180', '$90']],
    ['not answered', {}, EXAMPLE, 'not_answered', ['$390']],
    ['a number stored as text', budget('150'), EXAMPLE, 'not_answered', []],
    ['an empty care arc', budget(150), offering({ careArc: [] }), 'talk', ['$150', 'no phases']],
  ])('budget: %s', (_, answers, content, level, words) => {
    const f = find('budget', answers, content);
    expect(f.level).toBe(level);
    for (const w of words) expect(f.toClient + ' ' + f.toPractitioner).toContain(w);
  });

  it('names required products and tests for the practitioner, and formats money in the practice’s currency and locale', () => {
    const required = items('required', { name: 'Vitamin D panel', kind: 'test', priceMinor: 12000, required: true });
    expect(find('budget', budget(400), required).toPractitioner).toContain('not counted: Vitamin D panel ($120)');
    expect(find('budget', budget(400), required).facts.requiredItemsMinor).toBe(12000);
    const euros = find('budget', budget(150), offering({ fees: { ...EXAMPLE.fees, currency: 'EUR' } }), 'de-DE');
    expect(euros.toClient).toMatch(/up to 150\s€ a month/); // de-DE puts a no-break space before €
    const yen = find('budget', budget(40000), offering({ fees: { ...EXAMPLE.fees, currency: 'JPY' } }));
    expect([yen.level, yen.facts.budgetMinor]).toEqual(['aligned', 40000]); // ¥9,000 a visit ≈ ¥39,000 a month; the budget is in whole yen
  });

  const single = arc({ minutesPerVisit: 60, homePracticeMinutes: 90, homePracticePer: 'week', lengthWeeks: null }); // 150 min a week
  it.each<[string, Answers, OfferingContent, string, string[]]>([
    ['fits every phase', hours(3), EXAMPLE, 'aligned', ['3 hours', '2 hours 45 minutes']],
    ['exactly the busiest phase', hours(2.75), EXAMPLE, 'aligned', []],
    ['fits only after Intensive', hours(1.5), EXAMPLE, 'talk', ['1.5 hours', 'Intensive asks about 2 hours 45 minutes', 'after that']],
    ['short even for Consolidation', hours(1), EXAMPLE, 'mismatch', ['1 hour a week', 'Consolidation about 1 hour 23 minutes']],
    ['no time at all', hours(0), EXAMPLE, 'mismatch', []],
    ['one phase, within 25% over', hours(2), single, 'talk', ['2 hours 30 minutes']],
    ['one phase, just past 25% over', hours(1.9), single, 'mismatch', ['2 hours 30 minutes']],
    [
      'daily home practice counts 7 times',
      hours(1),
      arc({ minutesPerVisit: 30, homePracticeMinutes: 20, homePracticePer: 'day' }),
      'mismatch',
      ['2 hours 20 minutes of home practice'],
    ],
    [
      'weekly home practice counts once',
      hours(1),
      arc({ minutesPerVisit: 30, homePracticeMinutes: 20, homePracticePer: 'week' }),
      'aligned',
      ['50 minutes'],
    ],
    [
      'a monthly cadence (28 min a week)',
      hours(0.5),
      arc({ visits: 2, every: 1, per: 'month', homePracticeMinutes: 0 }),
      'aligned',
      ['28 minutes'],
    ],
    [
      'a monthly cadence, a little short',
      hours(0.4),
      arc({ visits: 2, every: 1, per: 'month', homePracticeMinutes: 0 }),
      'talk',
      ['28 minutes'],
    ],
    ['not answered', {}, EXAMPLE, 'not_answered', ['2 hours 45 minutes']],
    ['an empty care arc', hours(2), offering({ careArc: [] }), 'talk', ['no phases']],
  ])('time: %s', (_, answers, content, level, words) => {
    const f = find('time', answers, content);
    expect(f.level).toBe(level);
    for (const w of words) expect(f.toClient + ' ' + f.toPractitioner).toContain(w);
  });

  const modality = (m: OfferingContent['modality']) => offering({ modality: m });
  it.each<[string, Answers, OfferingContent, string, string[]]>([
    ['products, an optional cushion', avoid(['products']), EXAMPLE, 'talk', ['Lumbar support cushion, $35', 'declined']],
    [
      'products, a required one',
      avoid(['products']),
      items('required', { name: 'Herbal tincture', required: true }),
      'mismatch',
      ['requires products (Herbal tincture, $120)'],
    ],
    ['products, none offered', avoid(['products']), items('none'), 'aligned', ['buying products']],
    ['tests, none listed', avoid(['tests']), EXAMPLE, 'aligned', ['lab tests']],
    [
      'tests, an optional one',
      avoid(['tests']),
      items('optional', { name: 'Stool test', kind: 'test' }),
      'talk',
      ['optional tests (Stool test, $120)'],
    ],
    [
      'tests, a required one',
      avoid(['tests']),
      items('required', { name: 'Blood panel', kind: 'test', required: true }),
      'mismatch',
      ['Blood panel'],
    ],
    ['hands-on, chiropractic', avoid(['hands_on']), EXAMPLE, 'mismatch', ['chiropractic', 'hands-on']],
    ['hands-on, osteopathic', avoid(['hands_on']), modality('osteopathic'), 'mismatch', ['osteopathic']],
    ['hands-on, bodywork', avoid(['hands_on']), modality('bodywork_massage'), 'mismatch', ['bodywork']],
    ['hands-on, nutrition', avoid(['hands_on']), modality('nutrition'), 'aligned', []],
    ['talking, psychotherapy', avoid(['talking']), modality('psychotherapy_counseling'), 'mismatch', ['feelings and the past']],
    ['talking, chiropractic', avoid(['talking']), EXAMPLE, 'aligned', []],
    ['energy, energy healing', avoid(['energy']), modality('energy_healing'), 'mismatch', ['energy work']],
    ['medication, medical', avoid(['medication']), modality('medical'), 'talk', ['prescription medication']],
    ['medication, chiropractic', avoid(['medication']), EXAMPLE, 'aligned', []],
    ['the worst conflict wins', avoid(['products', 'hands_on']), EXAMPLE, 'mismatch', ['cushion', 'hands-on treatment']],
    ['only their own words', avoid(undefined, 'No needles, please.'), EXAMPLE, 'aligned', ['In their words: “No needles, please.”']],
    ['words beside a conflict', avoid(['hands_on'], 'Gentle only.'), EXAMPLE, 'mismatch', ['In their words: “Gentle only.”']],
    ['nothing ticked, no words', avoid([], '  '), EXAMPLE, 'not_answered', []],
    ['not on the form', {}, EXAMPLE, 'not_answered', []],
    ['unknown choices only', avoid(['needles']), EXAMPLE, 'not_answered', []],
  ])('approach: %s', (_, answers, content, level, words) => {
    const f = find('approach', answers, content);
    expect(f.level).toBe(level);
    for (const w of words) expect(f.toClient + ' ' + f.toPractitioner).toContain(w);
  });

  const everything: Answers = {
    'expectations.notice_within': 'weeks',
    'expectations.monthly_budget': 100,
    'expectations.hours_per_week': 1,
    'expectations.avoid': ['hands_on'],
  };
  it.each<[string, Answers, OfferingContent]>([
    ['no answers at all', {}, EXAMPLE],
    ['all answers, an empty care arc', everything, offering({ careArc: [] })],
    [
      'all answers, phases of nothing',
      everything,
      arc({ visits: 0, minutesPerVisit: 0, feePerVisitMinor: 0 }, { every: 0, lengthWeeks: null }),
    ],
  ])('never crashes or shows non-numbers: %s', (_, answers, content) => {
    const findings = check(answers, content);
    expect(findings.map((f) => f.key)).toEqual(['timing', 'budget', 'time', 'approach']);
    for (const f of findings) {
      expect(f.toClient + f.toPractitioner + JSON.stringify(f.facts)).not.toMatch(/NaN|Infinity|undefined/);
      for (const v of Object.values(f.facts)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('lets phases that cost and ask nothing pass as aligned', () => {
    const nothing = { minutesPerVisit: 0, feePerVisitMinor: 0, homePracticeMinutes: 0 };
    const free = arc({ ...nothing, visits: 0 }, { ...nothing, every: 0, lengthWeeks: null });
    expect([find('budget', budget(0), free).level, find('time', hours(0), free).level]).toEqual(['aligned', 'aligned']);
  });

  it('stays warm: no pressure words in any sentence', () => {
    const answers = { ...everything, 'expectations.notice_within_amount': 1, 'expectations.avoid': ['products', 'hands_on'] };
    for (const f of [...check(answers), ...check({})]) {
      expect(`${f.toClient} ${f.toPractitioner}`).not.toMatch(/\b(must|should|have to|unrealistic|only \$)|!/i);
    }
  });
});
