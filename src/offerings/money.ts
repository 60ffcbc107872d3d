/** ISO 4217 codes this runtime knows, and how to show amounts held in minor units. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

export const isCurrency = (code: unknown): code is string => typeof code === 'string' && CURRENCIES.includes(code);

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 9000 USD → "$90"; 9050 → "$90.50". Whole amounts drop the cents, as people write fees. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  const whole = Number.isInteger(major);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(major);
}

/** "90", "90.5", "$1,090.50" → minor units; undefined when it is not a non-negative amount in that currency. */
export function parseMoney(text: string, currency: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/^[^\d-]*/, '')
    .replace(/,/g, ''); // drop a leading currency sign
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
