import { translateMessage } from '../../i18n/catalog';
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

describe('translateMessage', () => {
  it('gives a server message in the page language, exact texts and {placeholder} patterns alike', () => {
    expect(translateMessage('es', 'is required')).toBe('necesita una respuesta');
    expect(translateMessage('es', 'must be at most 10')).toBe('debe ser como máximo 10');
    expect(translateMessage('es', 'must be at most 500 characters (now 612)')).toBe(
      'debe tener como máximo 500 caracteres (ahora tiene 612)',
    );
    expect(translateMessage('en', 'must be at most 10')).toBe('must be at most 10');
    expect(translateMessage('es', 'a message nobody translated')).toBe('a message nobody translated');
  });
});
