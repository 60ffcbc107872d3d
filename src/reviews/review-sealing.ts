import type { FieldCipher } from '../crypto/field-cipher';
import type { SealedColumn } from '../crypto/sealed-column';
import { openJson, sealJson } from '../crypto/sealed-json';
import type { Review, ReviewAnswers } from './review.entity';

/**
 * Encrypted at rest: everything the client writes in a review (words on each goal, the baseline,
 * what works and what does not) and the practitioner's reason and notes. Scores stay numbers.
 */
export const REVIEW_SEALED_COLUMNS: SealedColumn[] = [
  { table: 'reviews', column: 'answers', kind: 'json', seals: () => true },
  { table: 'reviews', column: 'decision_reason', kind: 'text', seals: () => true },
  { table: 'reviews', column: 'practitioner_notes', kind: 'text', seals: () => true },
];

const answersPlace = (id: string) => ({ table: 'reviews', id, column: 'answers' });
const textContext = (id: string, field: 'decision_reason' | 'practitioner_notes') => ({ table: 'reviews', id, field });

export const sealReviewAnswers = (cipher: FieldCipher, id: string, answers: ReviewAnswers): ReviewAnswers =>
  sealJson(cipher, answers, answersPlace(id), () => true);

export const sealDecisionText = (cipher: FieldCipher, id: string, field: 'decision_reason' | 'practitioner_notes', text: string) =>
  cipher.encrypt(text, textContext(id, field));

/** The review with its answers, reason and notes opened, for the pages that show them. */
export function openReview(cipher: FieldCipher, review: Review): Review {
  review.answers = review.answers && openJson(cipher, review.answers, answersPlace(review.id));
  review.decisionReason = review.decisionReason && cipher.decrypt(review.decisionReason, textContext(review.id, 'decision_reason'));
  review.practitionerNotes =
    review.practitionerNotes && cipher.decrypt(review.practitionerNotes, textContext(review.id, 'practitioner_notes'));
  return review;
}
