import { DomainError } from '../common/errors/domain-error';
import { DEFAULT_INTAKE } from './default-template';
import type { IntakeTemplateContent } from './template';
import { addQuestion, QuestionInput, updateQuestion } from './template-edits';

/** Templates and helpers for the template builder's specs (like example-offering.ts for offerings). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A frozen copy of the default template: an edit that mutates its input throws. */
export const fresh = () => deepFreeze(structuredClone(DEFAULT_INTAKE));
export const ids = (t: IntakeTemplateContent) => t.sections.map((s) => `${s.id}: ${s.questions.map((q) => q.id).join(' ')}`);
export const question = (t: IntakeTemplateContent, id: string) => t.sections.flatMap((s) => s.questions).find((q) => q.id === id);

/** The refusal an edit throws, as `{ code, fields }`. */
export function refusal(edit: () => unknown) {
  try {
    edit();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fields: e.fields };
    throw e;
  }
  throw new Error('the edit was not refused');
}

export const text = (label: string, over: Partial<QuestionInput> = {}): QuestionInput => ({
  type: 'short_text',
  label,
  required: false,
  ...over,
});

/** A question as the builder form would post it back: everything but the id. */
export function inputOf(t: IntakeTemplateContent, id: string): QuestionInput {
  const { id: _id, ...input } = question(t, id)!;
  return input;
}

export const NOTICE = 'expectations.notice_within';

/**
 * The default template with two show-ifs: support.people (sections.4) depends on a new yes/no at
 * the end of goals (sections.2), and expectations.notice_within_amount depends on the question just above it.
 */
export function linked(): IntakeTemplateContent {
  let t = addQuestion(fresh(), 'goals', { type: 'yes_no', label: 'Anything else?', required: false });
  t = updateQuestion(t, 'support.people', { ...inputOf(t, 'support.people'), showIf: { question: 'goals.anything_else', value: 'yes' } });
  t = updateQuestion(t, 'expectations.notice_within_amount', {
    ...inputOf(t, 'expectations.notice_within_amount'),
    showIf: { question: NOTICE, value: 'weeks' },
  });
  return deepFreeze(t);
}
