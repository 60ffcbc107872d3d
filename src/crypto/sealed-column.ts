import type { LeafPath } from './sealed-json';

/**
 * A column that holds encrypted text, described once for the start-up key check and for
 * `crypto:rotate`. Each feature describes its own columns beside the code that writes them.
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** `json`: string leaves of a jsonb value are encrypted one by one; `text`: the whole value. */
  kind: 'json' | 'text';
  /**
   * Whether a plaintext leaf (a value written before encryption) is one to encrypt: the same rule
   * the feature applies when it writes. `context` is what `contextSql` selected for the row.
   */
  seals(path: LeafPath, context: unknown): boolean;
  /** An SQL expression on the row (alias `t`) that `seals` needs, e.g. the intake's form version. */
  contextSql?: string;
  /** The table refuses updates (a trigger), except re-encryption by `crypto:rotate`. */
  immutable?: boolean;
}
