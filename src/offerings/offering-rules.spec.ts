import { exampleContent, exampleDraft } from './example-offering';
import { describeChanges } from './describe';
import { isValidNpi, missingForPublication, ruleProblems, toContent } from './offering-rules';

const ID = '7f1c1d7e-8f1a-4d53-9a4e-0d3c2b1a0f00';

describe('offering rules', () => {
  it('finds nothing wrong or missing in the complete example', () => {
    expect(ruleProblems(exampleDraft([ID]))).toEqual({});
    expect(missingForPublication(exampleDraft([ID]))).toEqual({});
    expect(toContent(exampleDraft([ID]))).toEqual(exampleContent([ID]));
  });

  it('lists everything an empty draft lacks, at once', () => {
    expect(Object.keys(missingForPublication({})).sort()).toEqual(
      [
        'alternatives',
        'careArc',
        'fees.cancellationPolicy',
        'fees.currency',
        'howWeWork',
        'modality',
        'practitionerIds',
        'products.policy',
        'summary',
        'title',
        'trialPeriod.expectedChanges',
        'trialPeriod.ifNothingChanges',
        'trialPeriod.length',
        'trialPeriod.unit',
      ].sort(),
    );
  });

  it.each([
    ['a trial over two years', { trialPeriod: { length: 25, unit: 'months' as const } }, 'trialPeriod.length', 'must be at most 2 years'],
    [
      'an ongoing phase before the last',
      { careArc: [{ lengthWeeks: null }, { lengthWeeks: 4 }] },
      'careArc.0.lengthWeeks',
      'only the last phase can go on without an end',
    ],
    ['an unknown currency', { fees: { currency: 'XYZ' } }, 'fees.currency', 'is not an ISO 4217 currency code'],
    [
      'a sliding scale upside down',
      { fees: { slidingScale: { minPercent: 80, maxPercent: 40 } } },
      'fees.slidingScale.minPercent',
      'must not be above the maximum',
    ],
    [
      'a product under a no-products policy',
      { products: { policy: 'none' as const, items: [{ name: 'Tea' }] } },
      'products.items.0.name',
      'the policy says no products or tests are offered',
    ],
    [
      'a required product under an optional policy',
      { products: { policy: 'optional' as const, items: [{ required: true }] } },
      'products.items.0.required',
      'the policy says products and tests are optional',
    ],
    [
      'an NPI with a wrong check digit',
      { estimate: { npi: '1234567890' } },
      'estimate.npi',
      'is not a valid NPI (its check digit is wrong)',
    ],
  ])('refuses %s', (_label, draft, field, message) => {
    expect(ruleProblems(draft)).toEqual({ [field]: message });
  });

  it('allows two years exactly and an ongoing last phase', () => {
    expect(ruleProblems({ trialPeriod: { length: 24, unit: 'months' }, careArc: [{ lengthWeeks: 4 }, { lengthWeeks: null }] })).toEqual({});
  });

  it('requires named required products when the policy says required', () => {
    const draft = { ...exampleDraft([ID]), products: { policy: 'required' as const, items: [] } };
    expect(missingForPublication(draft)).toEqual({ 'products.items': 'name the required products or tests' });
  });

  it('checks NPIs with the Luhn rule over the 80840 prefix', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
  });
});

describe('describeChanges', () => {
  const before = exampleContent([ID]);
  const names = () => 'Dr. Ana Ortiz';

  it('finds nothing between identical versions', () => {
    expect(describeChanges(before, exampleContent([ID]), names)).toEqual([]);
  });

  it('says a fee and the trial period changed in plain words', () => {
    const after = exampleContent([ID]);
    after.careArc[0] = { ...after.careArc[0], feePerVisitMinor: 9500 };
    after.trialPeriod = { ...after.trialPeriod, length: 8 };
    expect(describeChanges(before, after, names)).toEqual(['Trial period: 6 weeks → 8 weeks', 'Intensive fee: $90 → $95']);
  });

  it('speaks of changes to an option’s details, a product’s reason and a package’s description', () => {
    const after = exampleContent([ID]);
    after.alternatives = [{ ...after.alternatives[0], whenBetter: 'If you would rather wait.' }, after.alternatives[1]];
    after.products = { ...after.products, items: [{ ...after.products.items[0], why: 'Comfort at work.' }] };
    after.fees = { ...after.fees, packages: [{ ...after.fees.packages[0], description: 'Paid ahead, saves $40.' }] };
    expect(describeChanges(before, after, names)).toEqual([
      'Package Intensive six description: “The six intensive visits, paid ahead.” → “Paid ahead, saves $40.”',
      'Why Lumbar support cushion is offered: “Helps some people sit longer at work.” → “Comfort at work.”',
      'Waiting and watching: when it might suit better: “If your pain is mild and improving.” → “If you would rather wait.”',
    ]);
  });

  it('never describes two different versions as unchanged', () => {
    const two = exampleContent([ID, 'other-id']);
    const reordered = exampleContent(['other-id', ID]); // only the order of providers differs
    expect(describeChanges(two, reordered, names)).toEqual(['Other details changed']);
  });

  it('names added and removed phases, cadence changes, products and options', () => {
    const after = exampleContent([ID]);
    after.careArc = [{ ...after.careArc[0], every: 2 }, after.careArc[2], { ...after.careArc[2], name: 'Seasonal', every: 6 }];
    after.products = {
      policy: 'required',
      items: [{ name: 'Herbal tincture', kind: 'product', priceMinor: 2500, why: 'x', required: true }],
    };
    after.alternatives = [before.alternatives[0]];
    expect(describeChanges(before, after, names)).toEqual([
      'Phase removed: Consolidation',
      'Intensive visits: Weekly → Every 2 weeks',
      'Phase added: Seasonal (every 6 months, ongoing, $80 a visit)',
      'Products and tests: optional → required',
      'Product added: Herbal tincture ($25, required)',
      'Product removed: Lumbar support cushion',
      'Other options: removed Physical therapy',
    ]);
  });
});
