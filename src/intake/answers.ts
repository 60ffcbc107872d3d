import type { FieldErrors } from '../common/errors/domain-error';
import type { AnswerValue, Answers, IntakeTemplateContent, Question } from './template';

/**
 * The rules for a client's answers, as plain functions. A draft may be half-filled (only what is
 * there is checked); a submission must answer every required question that is shown. A question
 * is shown when its show-if rule holds on an earlier answer, and only if that earlier question is
 * shown itself.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+()\-.\s]{4,40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function allQuestions(template: IntakeTemplateContent): Question[] {
  return template.sections.flatMap((s) => s.questions);
}

/** Published versions are immutable and cached, so their question index is built once. */
const indexes = new WeakMap<IntakeTemplateContent, Map<string, Question>>();
export function questionsById(template: IntakeTemplateContent): Map<string, Question> {
  let index = indexes.get(template);
  if (!index) indexes.set(template, (index = new Map(allQuestions(template).map((q) => [q.id, q]))));
  return index;
}

export function visibleQuestionIds(template: IntakeTemplateContent, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const q of allQuestions(template)) {
    const rule = q.showIf;
    if (!rule) {
      visible.add(q.id);
      continue;
    }
    if (!visible.has(rule.question)) continue;
    const given = answers[rule.question];
    const holds = rule.op === 'includes' ? Array.isArray(given) && given.includes(String(rule.value)) : given === rule.value;
    if (holds) visible.add(q.id);
  }
  return visible;
}

const blank = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** One answer in its stored form, or the reason it cannot be. Form posts arrive as text; the API may send types. */
export function normalizeAnswer(q: Question, raw: unknown): { value: AnswerValue } | { problem: string } {
  if (blank(raw)) return { value: null };
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (q.type) {
    case 'short_text':
    case 'long_text': {
      if (text === undefined) return { problem: 'must be text' };
      const limit = q.maxLength ?? (q.type === 'short_text' ? 500 : 5000);
      // Characters, not UTF-16 units; counting only when the units alone could pass the limit.
      const length = text.length > limit ? [...text].length : text.length;
      return length > limit ? { problem: `must be at most ${limit} characters (now ${length})` } : { value: text };
    }
    case 'single_choice': {
      const value = text ?? String(raw);
      return q.options?.some((o) => o.value === value) ? { value } : { problem: 'must be one of the choices offered' };
    }
    case 'multiple_choice': {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (values.some((v) => !q.options?.some((o) => o.value === v))) return { problem: 'must be among the choices offered' };
      return { value: [...new Set(values)] };
    }
    case 'scale': {
      const n = typeof raw === 'number' ? raw : Number(text);
      const [min, max] = [q.min ?? 0, q.max ?? 10];
      return Number.isInteger(n) && n >= min && n <= max ? { value: n } : { problem: `must be a whole number from ${min} to ${max}` };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(text?.replace(',', '.'));
      if (!Number.isFinite(n)) return { problem: 'must be a number' };
      if (q.min !== undefined && n < q.min) return { problem: `must be at least ${q.min}` };
      if (q.max !== undefined && n > q.max) return { problem: `must be at most ${q.max}` };
      return { value: n };
    }
    case 'yes_no': {
      if (raw === true || text === 'yes' || text === 'true') return { value: true };
      if (raw === false || text === 'no' || text === 'false') return { value: false };
      return { problem: 'must be yes or no' };
    }
    case 'date': {
      const m = text ? DATE.exec(text) : null;
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      const real = d && d.getUTCFullYear() === Number(m![1]) && d.getUTCMonth() === Number(m![2]) - 1 && d.getUTCDate() === Number(m![3]);
      return real && d.getUTCFullYear() >= 1900 ? { value: text! } : { problem: 'must be a real date, written like 1980-04-23' };
    }
    case 'email':
      return text && text.length <= 254 && EMAIL.test(text)
        ? { value: text.toLowerCase() }
        : { problem: 'must be an e-mail address like name@example.com' };
    case 'phone':
      return text && PHONE.test(text) ? { value: text } : { problem: 'must be a phone number: digits, spaces, + ( ) - .' };
  }
}

/**
 * Checks answers against a template version. Unknown question ids are refused by name. With
 * `submitting`, every required question that is shown must be answered, and answers to hidden
 * questions are dropped (they were never asked).
 */
export function checkAnswers(
  template: IntakeTemplateContent,
  input: Record<string, unknown>,
  submitting: boolean,
): { answers: Answers; problems: FieldErrors } {
  const byId = questionsById(template);
  const problems: FieldErrors = {};
  const answers: Answers = {};
  for (const [id, raw] of Object.entries(input)) {
    const q = byId.get(id);
    if (!q) {
      problems[id] = 'is not a question on this form';
      continue;
    }
    const result = normalizeAnswer(q, raw);
    if ('problem' in result) problems[id] = result.problem;
    else if (result.value !== null) answers[id] = result.value;
  }
  if (!submitting) return { answers, problems };
  const visible = visibleQuestionIds(template, answers);
  for (const id of Object.keys(answers)) if (!visible.has(id)) delete answers[id];
  for (const q of allQuestions(template)) {
    if (q.required && visible.has(q.id) && answers[q.id] === undefined && !problems[q.id]) problems[q.id] = 'is required';
  }
  return { answers, problems };
}
