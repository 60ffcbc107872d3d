import { FieldCipher, FieldContext, isSealed } from './field-cipher';

/** A row's JSON column: each sealed string leaf is named by the column and its path inside. */
export interface JsonPlace {
  table: string;
  id: string;
  column: string;
}

export type LeafPath = ReadonlyArray<string | number>;

export const leafContext = (place: JsonPlace, path: LeafPath): FieldContext => ({
  table: place.table,
  id: place.id,
  field: `${place.column}:${JSON.stringify(path)}`,
});

/**
 * `value` with every string leaf `seals(path)` selects encrypted in place of its text. A string that
 * merely looks encrypted is encrypted too, so stored plaintext never passes for a ciphertext.
 */
export function sealJson<T>(cipher: FieldCipher, value: T, place: JsonPlace, seals: (path: LeafPath) => boolean): T {
  return mapLeaves(value, [], (text, path) => (seals(path) || isSealed(text) ? cipher.encrypt(text, leafContext(place, path)) : text));
}

/** `value` with every encrypted leaf opened; plaintext leaves (values stored before encryption) as they are. */
export function openJson<T>(cipher: FieldCipher, value: T, place: JsonPlace): T {
  return mapLeaves(value, [], (text, path) => (isSealed(text) ? cipher.decrypt(text, leafContext(place, path)) : text));
}

/** Every string leaf of a JSON value with its path, and a copy with each replaced by `map`. */
export function mapLeaves<T>(value: T, path: LeafPath, map: (text: string, path: LeafPath) => string): T {
  if (typeof value === 'string') return map(value, path) as T;
  if (Array.isArray(value)) return value.map((v, i) => mapLeaves(v, [...path, i], map)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapLeaves(v, [...path, k], map);
    return out as T;
  }
  return value;
}
