import { exampleContent } from '../offerings/example-offering';
import type { Alternative, OfferingContent, TimeUnit } from '../offerings/offering-content';
import { project } from '../offerings/projections';
import type { AgreementOption } from './agreement-content';
import { EXAMPLE_STORY, exampleAnswers, exampleInput } from './example-agreement';
import { addLength, addMonths } from './good-faith-estimate';
import { buildAgreementContent, EXCERPT_LIMIT, storyExcerpt, WATCH_FOR, WITHDRAWAL_RIGHT, type AgreementInput } from './snapshot';

const EXAMPLE = exampleContent([]);
const withOffering = (over: Partial<OfferingContent>, input: Partial<AgreementInput> = {}) => {
  const base = exampleInput(input);
  return { ...base, offeringVersion: { ...base.offeringVersion, content: { ...EXAMPLE, ...over } } };
};
const build = (input: AgreementInput = exampleInput()) => buildAgreementContent(input);

describe('dates in the schedule', () => {
  it.each<[string, number, TimeUnit, string]>([
    ['2025-03-03', 6, 'weeks', '2025-04-14'],
    ['2025-12-22', 2, 'weeks', '2026-01-05'], // across the new year
    ['2025-02-20', 10, 'days', '2025-03-02'],
    ['2024-02-20', 10, 'days', '2024-03-01'], // leap year: February has 29 days
    ['2025-03-03', 3, 'months', '2025-06-03'],
    ['2025-01-31', 1, 'months', '2025-02-28'], // end of month: no February 31st
    ['2024-01-31', 1, 'months', '2024-02-29'], // leap year
    ['2025-03-31', 3, 'months', '2025-06-30'],
    ['2024-02-29', 12, 'months', '2025-02-28'],
    ['2025-11-30', 3, 'months', '2026-02-28'],
  ])('a trial of %s + %i %s ends, and is reviewed, on %s', (startDate, length, unit, end) => {
    const trialPeriod = { ...EXAMPLE.trialPeriod, length, unit };
    const { schedule } = build(withOffering({ trialPeriod }, { startDate }));
    expect(addLength(startDate, length, unit)).toBe(end);
    expect(schedule.trial).toEqual({ length, unit, endDate: end, expectedChanges: EXAMPLE.trialPeriod.expectedChanges });
    expect(schedule.reviewDate).toBe(end);
    expect(schedule.startDate).toBe(startDate);
  });

  it.each([
    // 6 weeks of Intensive, 8 of Consolidation, then Maintenance, ongoing; each phase ends the day before the next starts.
    [
      '2025-03-03',
      [
        ['2025-03-03', '2025-04-13'],
        ['2025-04-14', '2025-06-08'],
        ['2025-06-09', null],
      ],
    ],
    [
      '2024-02-26',
      [
        ['2024-02-26', '2024-04-07'],
        ['2024-04-08', '2024-06-02'],
        ['2024-06-03', null],
      ],
    ], // over 29 February
    [
      '2025-11-24',
      [
        ['2025-11-24', '2026-01-04'],
        ['2026-01-05', '2026-03-01'],
        ['2026-03-02', null],
      ],
    ],
  ])('phases starting %s run from and to real dates', (startDate, spans) => {
    const phases = build(exampleInput({ startDate })).schedule.phases;
    expect(phases.map((p) => [p.from, p.to])).toEqual(spans);
  });

  it('words each phase as the offering does, with its fee', () => {
    expect(build().schedule.phases.map((p) => [p.name, p.cadence, p.minutesPerVisit, p.homePractice, p.feePerVisitMinor])).toEqual([
      ['Intensive', 'Weekly', 60, '15 min a day at home', 9000],
      ['Consolidation', 'Every 2 weeks', 45, '60 min a week at home', 8000],
      ['Maintenance', 'Every 3 months', 45, 'None', 8000],
    ]);
  });

  it.each(['2025-02-30', '2025-13-01', '3 March 2025', ''])('refuses a start date that is not a real date: %j', (startDate) => {
    expect(() => build(exampleInput({ startDate }))).toThrow(RangeError);
  });

  it('says what happens if nothing changes, with the date, and gives time per week for the first phase and later', () => {
    const { schedule } = build();
    expect(schedule.ifNothingChanges).toBe(
      'If nothing has changed by the end of the trial period on April 14, 2025, we will reassess together or refer you to someone else. ' +
        EXAMPLE.trialPeriod.ifNothingChangesNote,
    );
    expect(schedule.timePerWeek).toBe(
      'About 2 h 45 min a week during Intensive (1 h of visits and 1 h 45 min of home practice); later, about 1 h 23 min a week during ' +
        'Consolidation and about 3 min a week during Maintenance.',
    );
  });
});

describe('projections', () => {
  it.each([
    [
      'with the sliding scale',
      EXAMPLE.fees,
      [
        '$270–$540 on the sliding scale',
        '$430–$860 on the sliding scale',
        '$470–$940 on the sliding scale',
        '$550–$1,100 on the sliding scale',
      ],
    ],
    ['without one', { ...EXAMPLE.fees, slidingScale: null }, ['$540', '$860', '$940', '$1,100']],
    [
      'on a scale above the listed fee',
      { ...EXAMPLE.fees, slidingScale: { minPercent: 80, maxPercent: 120, howDecided: 'Ask' } },
      [
        '$432–$648 on the sliding scale ($540 at the listed fees)',
        '$688–$1,032 on the sliding scale ($860 at the listed fees)',
        '$752–$1,128 on the sliding scale ($940 at the listed fees)',
        '$880–$1,320 on the sliding scale ($1,100 at the listed fees)',
      ],
    ],
  ])('counts visits and cost for the trial, 3, 6 and 12 months %s', (_, fees, costs) => {
    const rows = build(withOffering({ fees })).schedule.projections;
    expect(rows.map((r) => r.label)).toEqual(['Trial period (6 weeks)', 'First 3 months', 'First 6 months', 'First 12 months']);
    expect(rows.map((r) => r.visits)).toEqual(['6 visits', '10 visits', '11 visits', '13 visits']);
    expect(rows.map((r) => r.cost)).toEqual(costs);
  });

  it('formats money with the practice locale, in the offering’s currency', () => {
    const fees = { ...EXAMPLE.fees, currency: 'EUR', slidingScale: null };
    const practice = { ...exampleInput().practice, locale: 'de-DE', country: 'DE' };
    const rows = build(withOffering({ fees }, { practice })).schedule.projections;
    expect(rows[0].cost).toBe('540\u00a0€');
    expect(rows[3].cost).toBe('1.100\u00a0€');
  });
});

const FIELDS = ['title', 'involves', 'benefits', 'drawbacks', 'uncertainty', 'timeAndCost'] as const;
const alt = (kind: Alternative['kind'], title: string): Alternative => ({
  kind,
  title,
  description: `${title}, described.`,
  whenBetter: 'If you prefer it.',
});

describe('options', () => {
  it.each<[string, Alternative[], Array<[AgreementOption['kind'], string]>]>([
    [
      'the example (waiting and a referral)',
      EXAMPLE.alternatives,
      [
        ['offering', EXAMPLE.title],
        ['watchful_waiting', 'Waiting and watching'],
        ['referral', 'Physical therapy'],
      ],
    ],
    [
      'no alternatives at all',
      [],
      [
        ['offering', EXAMPLE.title],
        ['watchful_waiting', 'Waiting and watching'],
        ['referral', 'Seeing someone else'],
      ],
    ],
    [
      'another kind of care, no waiting',
      [alt('other_modality', 'Acupuncture')],
      [
        ['offering', EXAMPLE.title],
        ['watchful_waiting', 'Waiting and watching'],
        ['other_modality', 'Acupuncture'],
      ],
    ],
    [
      'several, waiting listed last',
      [alt('other_approach', 'A back class'), alt('referral', 'Your GP'), alt('watchful_waiting', 'Give it time')],
      [
        ['offering', EXAMPLE.title],
        ['watchful_waiting', 'Give it time'],
        ['other_approach', 'A back class'],
        ['referral', 'Your GP'],
      ],
    ],
  ])('with %s: the offering, waiting and watching, then every other option', (_, alternatives, expected) => {
    const { options, choice } = build(withOffering({ alternatives }));
    expect(options.map((o) => [o.kind, o.title])).toEqual(expected);
    expect(choice).toEqual({ option: 0, reasons: '' });
    // Equal detail: every option fills every part, and none in a word or two.
    for (const option of options) for (const field of FIELDS.slice(1)) expect(option[field].length).toBeGreaterThan(60);
    for (const option of options) for (const field of FIELDS) expect(option[field].trim()).not.toBe('');
  });

  it('derives the offering’s parts from its content and projections', () => {
    const [offering] = build().options;
    expect(offering.involves).toContain(EXAMPLE.howWeWork);
    expect(offering.involves).toContain('Intensive: weekly, 60 minutes a visit, with 15 min a day of home practice, for 6 weeks');
    expect(offering.benefits).toContain(`you may notice: “${EXAMPLE.trialPeriod.expectedChanges}”`);
    expect(offering.drawbacks).toContain('about 2 h 45 min a week at first');
    expect(offering.drawbacks).toContain('about $390 a month at first at the listed fees ($195–$390 on the sliding scale)');
    expect(offering.uncertainty).toContain('we will reassess together or refer you to someone else');
    expect(offering.timeAndCost).toContain('First 3 months'.toLowerCase() + ': 10 visits, $430–$860 on the sliding scale');
  });

  it('names required products among the offering’s drawbacks', () => {
    const products = {
      policy: 'required' as const,
      items: [{ name: 'Blood panel', kind: 'test' as const, priceMinor: 12000, why: 'To rule things out.', required: true }],
    };
    expect(build(withOffering({ products })).options[0].drawbacks).toContain('Required: Blood panel ($120).');
  });

  it('never prices the alternatives, and says what to look out for while waiting', () => {
    const [, waiting, referral] = build().options;
    for (const option of [waiting, referral]) expect(FIELDS.map((f) => option[f]).join(' ')).not.toMatch(/[$€£]/);
    expect(waiting.involves).toContain('Most low back pain eases within weeks on its own.');
    expect(waiting.benefits).toContain('It may suit you better if your pain is mild and improving.');
    expect(waiting.uncertainty).toContain(WATCH_FOR);
    expect(waiting.timeAndCost).toContain('If things have not improved by April 14, 2025, come back');
    expect(referral.timeAndCost).toMatch(/^Depends on the provider you choose; ask them/);
  });
});

describe('the client’s story, in their own words', () => {
  const long = (n: number, word = 'pain') => Array.from({ length: n }, () => word).join(' ');
  it.each([
    ['a short story, unchanged', '  My back hurts.  ', 'My back hurts.'],
    ['exactly the limit, unchanged', 'x'.repeat(EXCERPT_LIMIT), 'x'.repeat(EXCERPT_LIMIT)],
    ['one word too many: cut at a word', long(121), `${long(120)}…`], // 121 × 5 − 1 = 604 characters; 120 words fit
    ['a comma at the cut is dropped', `${long(118)}, and more, and more`, `${long(118)}, and more…`], // “more,” ends at 600
    ['no spaces at all: cut at the limit', 'y'.repeat(700), `${'y'.repeat(EXCERPT_LIMIT)}…`],
    ['an emoji at the limit is kept whole', `${'z'.repeat(EXCERPT_LIMIT - 1)}😀 more`, `${'z'.repeat(EXCERPT_LIMIT - 1)}😀…`],
  ])('%s', (_, story, excerpt) => {
    expect(storyExcerpt(story)).toBe(excerpt);
  });

  it('cuts the example story after its last whole sentence within the limit', () => {
    const { excerpt } = build().story;
    expect(EXAMPLE_STORY.length).toBeGreaterThan(EXCERPT_LIMIT);
    expect(excerpt).toBe(`${EXAMPLE_STORY.slice(0, EXAMPLE_STORY.indexOf(' I would also like'))} …`);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_LIMIT + 2);
  });

  it.each([200, 450, 599, 600, 601, 800, 5000])('keeps a prefix of the client’s words, at most about the limit (%i characters)', (n) => {
    const story = (EXAMPLE_STORY + ' ').repeat(10).slice(0, n);
    const excerpt = storyExcerpt(story);
    const kept = excerpt.replace(/ ?…$/, '');
    expect(story.trim().startsWith(kept)).toBe(true);
    expect([...kept].length).toBeLessThanOrEqual(EXCERPT_LIMIT);
    expect(excerpt.endsWith('…')).toBe(story.trim().length > EXCERPT_LIMIT);
  });

  it('lists goals in order, skipping blanks, and labels other practitioners in the support', () => {
    const answers = exampleAnswers({
      'goals.1': 'Walk the dog',
      'goals.2': '  ',
      'goals.3': undefined as never,
      'goals.5': 'Garden again',
      'goals.4': 'Sleep',
      'support.practitioners': 'My GP, Dr. Lee.',
    });
    const { story, client } = build(exampleInput({ answers }));
    expect(story.goals).toEqual([
      { id: 'goals.1', text: 'Walk the dog' },
      { id: 'goals.4', text: 'Sleep' },
      { id: 'goals.5', text: 'Garden again' },
    ]);
    expect(story.support).toBe(
      'People who support you: My husband Luis drives me to appointments; my daughter calls every evening.\n\nOther practitioners and therapies you use now: My GP, Dr. Lee.',
    );
    expect(client).toEqual({ name: 'Rosa Mamani', dateOfBirth: '1961-07-14', email: 'rosa.mamani@example.com' });
    expect(build().story.support).toBe('My husband Luis drives me to appointments; my daughter calls every evening.');
  });
});

describe('the rest of the snapshot', () => {
  it('keeps the reflection, or says why the agreement goes ahead without one', () => {
    expect(build().reflection).toMatchObject({ confirmed: true, note: '', mattersMost: expect.stringContaining('granddaughter') });
    const note = 'The client is travelling; we go ahead and will confirm at the first visit.';
    expect(build(exampleInput({ reflection: null, reflectionConfirmed: false, reflectionNote: note })).reflection).toEqual({
      story: '',
      mattersMost: '',
      goals: {},
      confirmed: false,
      note,
    });
  });

  it('copies fees, products and findings, with resolutions left to the practitioner', () => {
    const content = build();
    expect(content.fees).toEqual(EXAMPLE.fees);
    expect(content.products).toEqual(EXAMPLE.products);
    expect(content.fees).not.toBe(exampleInput().offeringVersion.content.fees);
    expect(content.findings.map((f) => [f.key, f.level, f.resolution])).toEqual([
      ['timing', 'talk', ''],
      ['budget', 'talk', ''],
    ]);
    expect(content.offering).toEqual({
      id: '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d',
      versionId: '5d1c2e7a-8b3f-4c6d-9e0a-1f2b3c4d5e6f',
      version: 3,
      title: EXAMPLE.title,
    });
  });

  it('states both commitments, with the client’s right to pause or withdraw without penalty', () => {
    const { commitments } = build();
    expect(commitments.practitioner).toMatch(/^Dr\. Ana Ruiz commits to /);
    expect(commitments.practitioner).toContain('April 14, 2025');
    expect(commitments.client).toMatch(/^You commit to /);
    expect(commitments.client).toContain(WITHDRAWAL_RIGHT);
    expect(WITHDRAWAL_RIGHT).toMatch(/pause or withdraw .* at any time.* without penalty.* visits already given/);
  });

  it('is the same for the same input', () => {
    expect(build()).toEqual(build());
  });
});

describe('whether a Good Faith Estimate is attached', () => {
  const practice = exampleInput().practice;
  it.each<[string, Partial<AgreementInput>, Partial<OfferingContent>, boolean]>([
    ['US, self-pay, estimate data → attached', {}, {}, true],
    ['US by locale (no country), self-pay → attached', { practice: { ...practice, country: undefined } }, {}, true],
    ['US by Spanish locale (no country) → attached', { practice: { ...practice, country: undefined, locale: 'es-US' } }, {}, true],
    ['insured (not self-pay) → none', { selfPay: false }, {}, false],
    ['outside the US → none', { practice: { ...practice, country: 'MX', locale: 'es-MX', currency: 'MXN' } }, {}, false],
    ['UK locale, no country → none', { practice: { ...practice, country: undefined, locale: 'en-GB' } }, {}, false],
    ['country CA wins over locale en-US → none', { practice: { ...practice, country: 'CA', locale: 'en-US' } }, {}, false],
    ['no estimate data → none', {}, { estimate: null }, false],
    ['estimate data without an NPI → none', {}, { estimate: { npi: ' ', tin: '12-3456789', serviceLocation: '12 River Road' } }, false],
  ])('%s', (_, input, offering, present) => {
    const gfe = build(withOffering(offering, input)).goodFaithEstimate;
    expect(gfe !== null).toBe(present);
  });

  it('matches the 12-month projection and is dated when the snapshot says', () => {
    const gfe = build().goodFaithEstimate!;
    const year = project(EXAMPLE.trialPeriod, EXAMPLE.careArc, null).windows[3];
    expect(gfe.totalMinor).toBe(year.cost.standard);
    expect(gfe.items.map((i) => i.quantity)).toEqual(year.byPhase.map((p) => p.visits));
    expect(gfe.issuedOn).toBe('2025-02-24');
    expect(gfe.periodTo < addMonths('2025-03-03', 12)).toBe(true);
    expect(build(exampleInput({ issuedOn: undefined })).goodFaithEstimate!.issuedOn).toBe('2025-03-03');
  });

  it('carries an empty date of birth when the intake did not ask for it', () => {
    const answers = exampleAnswers({ 'about.date_of_birth': undefined as never });
    const content = build(exampleInput({ answers }));
    expect(content.client.dateOfBirth).toBeNull();
    expect(content.goodFaithEstimate!.clientDateOfBirth).toBe('');
  });
});
