import { formatMoney, isCurrency, minorDigits, parseMoney } from './money';

describe('money', () => {
  it.each([
    [9000, 'USD', '$90'],
    [9050, 'USD', '$90.50'],
    [123456, 'EUR', '€1,234.56'],
    [5000, 'JPY', '¥5,000'],
    [0, 'USD', '$0'],
  ])('formats %i %s as %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it.each([
    ['90', 'USD', 9000],
    ['90.5', 'USD', 9050],
    ['$1,090.50', 'USD', 109050],
    ['5000', 'JPY', 5000],
    ['0', 'USD', 0],
    ['90,50', 'EUR', 9050],
    ['1,5', 'EUR', 150],
    ['1.090,50 €', 'EUR', 109050],
    ['USD 1,000', 'USD', 100000],
    ['1.000', 'EUR', undefined],
    ['90.000', 'USD', undefined],
    ['about 90', 'USD', undefined],
    ['90.505', 'USD', undefined],
    ['5.5', 'JPY', undefined],
    ['-5', 'USD', undefined],
    ['ninety', 'USD', undefined],
    ['', 'USD', undefined],
  ])('parses %j in %s as %p', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it('knows ISO 4217 codes and their minor units', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('usd')).toBe(false);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
  });
});
