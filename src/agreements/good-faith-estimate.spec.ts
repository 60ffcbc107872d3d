import { exampleContent } from '../offerings/example-offering';
import type { CarePhase, OfferingContent } from '../offerings/offering-content';
import { project } from '../offerings/projections';
import {
  addDays,
  addMonths,
  buildGoodFaithEstimate,
  daysBetween,
  GFE_ADDITIONAL_ITEMS,
  GFE_DISCLAIMERS,
  GFE_DISPUTE_RIGHT,
  GFE_ESTIMATE_ONLY,
  GFE_NOT_A_CONTRACT,
  needsGoodFaithEstimate,
  primaryServiceText,
  separateSchedulingText,
  type GoodFaithEstimateInput,
} from './good-faith-estimate';

const EXAMPLE = exampleContent([]);
const PROVIDER = 'Dr. Ana Ruiz (River Chiropractic)';

const input = (offering: Partial<OfferingContent> = {}, over: Partial<GoodFaithEstimateInput> = {}): GoodFaithEstimateInput => ({
  client: { name: 'Rosa Mamani', dateOfBirth: '1961-07-14' },
  providerName: PROVIDER,
  estimate: EXAMPLE.estimate!,
  offering: { ...EXAMPLE, ...offering },
  startDate: '2025-03-03',
  issuedOn: '2025-02-24',
  ...over,
});

const phase = (over: Partial<CarePhase>): CarePhase => ({ ...EXAMPLE.careArc[0], name: 'Phase', lengthWeeks: null, ...over });
const arc = (...phases: CarePhase[]) => input({ careArc: phases });

describe('a Good Faith Estimate for the example offering (45 CFR 149.610(c)(1))', () => {
  const gfe = buildGoodFaithEstimate(input());

  // Each required element, and where it is.
  it.each<[string, () => unknown]>([
    ['(i) the client’s name', () => gfe.clientName === 'Rosa Mamani'],
    ['(i) the client’s date of birth', () => gfe.clientDateOfBirth === '1961-07-14'],
    ['(ii) a clear description of the primary service and its date', () => gfe.disclaimers[0] === primaryServiceText(input())],
    ['(iii) items grouped by provider', () => gfe.items.length > 0 && gfe.items.every((i) => i.provider === PROVIDER)],
    ['(iv) service codes per item', () => gfe.items.map((i) => i.serviceCodes.join()).join('|') === '98941|98941|98940'],
    ['(iv) diagnosis codes per item (none given)', () => gfe.items.every((i) => Array.isArray(i.diagnosisCodes))],
    ['(iv) expected charges per item', () => gfe.items.every((i) => i.totalMinor === i.quantity * i.unitChargeMinor && i.totalMinor > 0)],
    ['(v) the provider’s name', () => gfe.provider.name === PROVIDER],
    ['(v) the provider’s NPI', () => gfe.provider.npi === '1234567893'],
    ['(v) the provider’s TIN', () => gfe.provider.tin === '12-3456789'],
    ['(v) where the services are furnished', () => gfe.provider.location === '12 River Road, Springfield'],
    ['(vi) what needs separate scheduling', () => gfe.disclaimers[1] === separateSchedulingText(input())],
    ['(vii) additional items may be recommended', () => gfe.disclaimers.includes(GFE_ADDITIONAL_ITEMS)],
    ['(viii) only an estimate', () => gfe.disclaimers.includes(GFE_ESTIMATE_ONLY)],
    ['(ix) the right to dispute resolution, and where to learn how', () => gfe.disclaimers.includes(GFE_DISPUTE_RIGHT)],
    ['(x) not a contract', () => gfe.disclaimers.includes(GFE_NOT_A_CONTRACT)],
    ['the date of the estimate', () => gfe.issuedOn === '2025-02-24'],
    ['the period estimated', () => gfe.periodFrom === '2025-03-03' && gfe.periodTo === '2026-03-01'],
    ['the currency', () => gfe.currency === 'USD'],
  ])('%s', (_, holds) => {
    expect(holds()).toBe(true);
  });

  it('itemizes each phase’s visits over the period at its fee, and the total is their sum', () => {
    expect(gfe.items.map((i) => [i.description, i.quantity, i.unitChargeMinor, i.totalMinor])).toEqual([
      ['Chiropractic care for low back pain, Intensive phase: 60-minute visits, weekly', 6, 9000, 54000],
      ['Chiropractic care for low back pain, Consolidation phase: 45-minute visits, every 2 weeks', 4, 8000, 32000],
      ['Chiropractic care for low back pain, Maintenance phase: 45-minute visits, every 3 months', 3, 8000, 24000],
    ]);
    expect(gfe.totalMinor).toBe(110000);
    expect(gfe.totalMinor).toBe(gfe.items.reduce((sum, i) => sum + i.totalMinor, 0));
  });

  it('uses the listed fees, not the sliding scale, so a bill can only come in under it', () => {
    const listed = project(EXAMPLE.trialPeriod, EXAMPLE.careArc, EXAMPLE.fees.slidingScale).windows[3].cost;
    expect(listed.low).toBeLessThan(listed.standard);
    expect(gfe.totalMinor).toBe(listed.standard);
  });

  it('describes the primary service and what is scheduled separately in plain words', () => {
    expect(gfe.disclaimers[0]).toBe(
      'Primary service: Chiropractic care for low back pain with Dr. Ana Ruiz (River Chiropractic), first visit scheduled for 2025-03-03. ' +
        'Gentle adjustments, movement and daily habits to ease low back pain and keep it away. ' +
        'Visits: Intensive (weekly for 6 weeks), then Consolidation (every 2 weeks for 8 weeks), then Maintenance (every 3 months, ongoing).',
    );
    expect(gfe.disclaimers[1]).toBe(
      'Items or services that need separate scheduling, before or after this period of care: none are anticipated by Dr. Ana Ruiz ' +
        '(River Chiropractic). Not part of this care, and not in this estimate: Imaging and lab tests. If any such item or service is ' +
        'scheduled, or you ask, you will receive a separate Good Faith Estimate for it.',
    );
  });

  it('ends with the required disclaimers, word for word and in order', () => {
    expect(gfe.disclaimers.slice(2)).toEqual([...GFE_DISCLAIMERS]);
    expect(GFE_DISCLAIMERS).toEqual([GFE_ESTIMATE_ONLY, GFE_ADDITIONAL_ITEMS, GFE_DISPUTE_RIGHT, GFE_NOT_A_CONTRACT]);
  });

  it.each<[string, string, RegExp[]]>([
    ['estimate only', GFE_ESTIMATE_ONLY, [/only an estimate/, /actual items, services or charges may differ/]],
    ['additional items', GFE_ADDITIONAL_ITEMS, [/additional items or services/, /scheduled or requested separately and are not reflected/]],
    [
      'dispute right',
      GFE_DISPUTE_RIGHT,
      [
        /patient-provider dispute resolution process/,
        /at least \$400 more/,
        /https:\/\/www\.cms\.gov\/nosurprises/,
        /will not adversely affect the quality/,
      ],
    ],
    ['not a contract', GFE_NOT_A_CONTRACT, [/is not a contract and does not require you to obtain the items or services/]],
  ])('the %s disclaimer says what the rule asks', (_, text, phrases) => {
    for (const phrase of phrases) expect(text).toMatch(phrase);
  });
});

describe('the estimate period: at most 12 months, phase by phase', () => {
  it.each<[string, GoodFaithEstimateInput, number[], string]>([
    ['weekly, ongoing', arc(phase({ visits: 1, every: 1, per: 'week' })), [52], '2026-03-01'],
    ['twice a week, ongoing', arc(phase({ visits: 2, every: 1, per: 'week' })), [104], '2026-03-01'],
    ['monthly, ongoing', arc(phase({ visits: 1, every: 1, per: 'month' })), [12], '2026-03-01'],
    ['every 3 months, ongoing', arc(phase({ visits: 1, every: 3, per: 'month' })), [4], '2026-03-01'],
    [
      'a long first phase: the later one falls outside the year and is left out',
      arc(phase({ name: 'Long', lengthWeeks: 60 }), phase({ name: 'After', feePerVisitMinor: 5000 })),
      [52],
      '2026-03-01',
    ],
    ['an arc that ends within the year', arc(phase({ name: 'Short', lengthWeeks: 10 })), [10], '2025-05-11'],
    ['starting on 29 February', { ...arc(phase({})), startDate: '2024-02-29' }, [52], '2025-02-26'],
  ])('%s', (_, given, quantities, periodTo) => {
    const gfe = buildGoodFaithEstimate(given);
    expect(gfe.items.map((i) => i.quantity)).toEqual(quantities);
    expect(gfe.periodTo).toBe(periodTo);
    // Never past the 12-month anniversary, and the total is always the sum of the items.
    expect(gfe.periodTo < addMonths(given.startDate, 12)).toBe(true);
    expect(daysBetween(given.startDate, gfe.periodTo)).toBeLessThanOrEqual(364);
    expect(gfe.totalMinor).toBe(gfe.items.reduce((sum, i) => sum + i.quantity * i.unitChargeMinor, 0));
  });

  it('adds required products and tests once each, and leaves optional ones to the client', () => {
    const products: OfferingContent['products'] = {
      policy: 'required',
      items: [
        { name: 'Blood panel', kind: 'test', priceMinor: 12000, why: 'To rule things out.', required: true },
        { name: 'Cushion', kind: 'product', priceMinor: 3500, why: '', required: false },
      ],
    };
    const gfe = buildGoodFaithEstimate(input({ products }, { diagnosisCodes: ['M54.50'] }));
    expect(gfe.items.at(-1)).toEqual({
      provider: PROVIDER,
      description: 'Blood panel (required test): To rule things out.',
      serviceCodes: [],
      diagnosisCodes: ['M54.50'],
      quantity: 1,
      unitChargeMinor: 12000,
      totalMinor: 12000,
    });
    expect(gfe.items).toHaveLength(4);
    expect(gfe.totalMinor).toBe(110000 + 12000);
    expect(gfe.items.every((i) => i.diagnosisCodes.join() === 'M54.50')).toBe(true);
  });

  it('leaves the date of birth blank when it is not known', () => {
    expect(buildGoodFaithEstimate(input({}, { client: { name: 'Rosa Mamani', dateOfBirth: null } })).clientDateOfBirth).toBe('');
  });
});

describe('when an estimate is due', () => {
  const estimate = EXAMPLE.estimate;
  it.each<[string, { locale: string; country?: string }, boolean, OfferingContent['estimate'], boolean]>([
    ['US practice, self-pay, complete data', { locale: 'en-US', country: 'US' }, true, estimate, true],
    ['lower-case country code', { locale: 'en-US', country: 'us' }, true, estimate, true],
    ['US locale without a country', { locale: 'en-US' }, true, estimate, true],
    ['insured client', { locale: 'en-US', country: 'US' }, false, estimate, false],
    ['practice outside the US', { locale: 'de-DE', country: 'DE' }, true, estimate, false],
    ['no estimate data', { locale: 'en-US', country: 'US' }, true, null, false],
    ['no TIN', { locale: 'en-US', country: 'US' }, true, { ...estimate!, tin: '' }, false],
    ['no service location', { locale: 'en-US', country: 'US' }, true, { ...estimate!, serviceLocation: '  ' }, false],
  ])('%s', (_, practice, selfPay, data, due) => {
    expect(needsGoodFaithEstimate(practice, selfPay, data)).toBe(due);
  });
});

describe('calendar dates', () => {
  it.each<[string, number, string]>([
    ['2025-03-03', 363, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each<[string, number, string]>([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-10-15', 3, '2026-01-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
