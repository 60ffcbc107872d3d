import { fieldName } from './helpers';

describe('fieldName', () => {
  it.each([
    ['title', 'Title'],
    ['careArc.0.feePerVisitMinor', 'Care arc, phase 1, fee a visit'],
    ['trialPeriod.length', 'Trial period, length'],
    ['fees.slidingScale.minPercent', 'Fees, sliding scale, min percent'],
    ['products.items.2.priceMinor', 'Products, items 3, price'],
  ])('names %s “%s”', (path, name) => {
    expect(fieldName(path)).toBe(name);
  });
});
