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

/**
 * An amount as people type it, into minor units: "90", "90.5", "90,50", "$1,090.50", "1.090,50 €".
 * Undefined when it is not a non-negative amount in that currency, or when it is ambiguous:
 * "1.000" could be one or a thousand, so it is refused rather than guessed.
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const code = new RegExp(`^${currency}\\s*|\\s*${currency}$`, 'i');
  const cleaned = text
    .trim()
    .replace(/^[\p{Sc}\s]+|[\p{Sc}\s]+$/gu, '')
    .replace(code, '')
    .trim();
  const fraction = digits > 0 ? `(\\d{1,${digits}})` : '()';
  const forms: Array<[RegExp, (m: RegExpMatchArray) => [string, string]]> = [
    [new RegExp(`^(\\d+)(?:[.,]${fraction})?$`), (m) => [m[1], m[2] ?? '']],
    [new RegExp(`^(\\d{1,3}(?:,\\d{3})+)(?:\\.${fraction})?$`), (m) => [m[1].replace(/,/g, ''), m[2] ?? '']],
    [new RegExp(`^(\\d{1,3}(?:\\.\\d{3})+),${fraction}$`), (m) => [m[1].replace(/\./g, ''), m[2] ?? '']],
  ];
  for (const [pattern, parts] of forms) {
    const match = cleaned.match(pattern);
    if (!match) continue;
    const [whole, frac] = parts(match);
    return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  }
  return undefined;
}
