/**
 * CSV for spreadsheets. A cell that a spreadsheet would read as a formula (starting with = + - @,
 * or a tab or carriage return that some programs skip before one) is prefixed with a single quote,
 * so a user agent like `=HYPERLINK(…)` stays text (OWASP "CSV injection"). Every cell is quoted.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvLine = (cells: unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
