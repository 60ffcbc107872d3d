import type { SealedColumn } from '../crypto/sealed-column';
import type { LeafPath } from '../crypto/sealed-json';

/** Everything written in a reflection or a response is encrypted at rest, except the client's verdict. */
export const sealsReflectionLeaf = (path: LeafPath) => path[0] !== 'verdict';

export const REFLECTION_SEALED_COLUMNS: SealedColumn[] = [
  { table: 'reflection_entries', column: 'content', kind: 'json', seals: sealsReflectionLeaf, immutable: true },
];
