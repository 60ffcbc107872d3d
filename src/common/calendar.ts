/**
 * Calendar dates as Ayni keeps them ("2026-11-28"): days in the practice's time zone, not moments.
 * "Today" for a practice in California is still yesterday in UTC for much of the evening.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date that exists: 2026-02-30 is refused, not moved to March. */
export const isRealDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day a moment falls on in `timeZone` (UTC if the zone is unknown). */
export function calendarDay(moment: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return moment.toISOString().slice(0, 10);
    }
    formats.set(timeZone, format);
  }
  return format.format(moment);
}

export const todayIn = (timeZone: string, now = new Date()): string => calendarDay(now, timeZone);

/** A calendar day written out for people ("June 15, 2033" in en-US, "15 June 2033" in en-GB). */
export const longDay = (day: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
