import { REFLECTION_SEALED_COLUMNS } from '../alignment/reflection-sealing';
import { INTAKE_SEALED_COLUMNS } from '../intake/sealed-answers';
import { REVIEW_SEALED_COLUMNS } from '../reviews/review-sealing';
import { WEBHOOK_SEALED_COLUMNS } from '../webhooks/webhook-sealing';
import type { SealedColumn } from './sealed-column';

/** Every column that holds encrypted text: what start-up samples and crypto:rotate re-encrypts. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  ...INTAKE_SEALED_COLUMNS,
  ...REFLECTION_SEALED_COLUMNS,
  ...REVIEW_SEALED_COLUMNS,
  ...WEBHOOK_SEALED_COLUMNS,
];
