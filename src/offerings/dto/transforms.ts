import { Transform } from 'class-transformer';

/**
 * Form posts carry every value as text. These keep one DTO for forms and JSON: a blank field
 * means "not filled in yet", a numeric string becomes a number, and anything else is left as it
 * was so the validator can name the problem.
 */
export const ToNumber = () =>
  Transform(({ value }) => {
    if (value === '' || value === undefined) return undefined;
    if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
    return value;
  });

export const ToBoolean = () =>
  Transform(({ value }) => {
    if (value === 'on' || value === 'true' || value === true) return true;
    if (value === 'false' || value === false || value === '' || value === undefined) return false;
    return value;
  });

export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** An optional text field left empty in a form counts as not given. */
export const BlankAsMissing = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));
