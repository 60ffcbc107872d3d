import type { FieldErrors } from '../common/errors/domain-error';
import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { allQuestions, visibleQuestionIds } from './answers';
import type { AnswerValue, Answers, IntakeTemplateContent, Question, Section } from './template';

/** What the client typed or saved, as the form shows it: text, or a list of ticked values. */
export type FormValues = Record<string, string | string[]>;

/** Stored answers as form values. */
export function toFormValues(answers: Answers): FormValues {
  const out: FormValues = {};
  for (const [id, value] of Object.entries(answers)) out[id] = formValue(value);
  return out;
}

const formValue = (value: AnswerValue): string | string[] =>
  Array.isArray(value) ? value : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value === null ? '' : String(value);

/** A posted section (`a[question.id]` fields) as answer input, with ticked boxes always a list. */
export function postedAnswers(section: Section, body: unknown): Record<string, string | string[]> {
  const posted = (body && typeof body === 'object' && (body as { a?: unknown }).a) || {};
  const out: Record<string, string | string[]> = {};
  for (const q of section.questions) {
    const raw = (posted as Record<string, unknown>)[q.id];
    if (raw === undefined) continue;
    // qs turns long lists into objects keyed by index.
    const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : null;
    if (q.type === 'multiple_choice') out[q.id] = (list ?? [raw]).map(String).filter((v) => v !== '');
    else out[q.id] = String(list ? list[list.length - 1] : raw);
  }
  return out;
}

export interface QuestionField {
  id: string;
  name: string;
  inputId: string;
  label: string;
  help?: string;
  required: boolean;
  kind: Question['type'];
  value: string;
  options: Array<{ value: string; label: string; checked: boolean; inputId: string }>;
  min?: number;
  max?: number;
  maxLength?: number;
  error?: string;
  /** A rule on a question of this same section: the browser shows or hides it as answers change. */
  showIf?: { question: string; op: string; value: string; hint: string };
}

const inputIdOf = (id: string) => `q-${id.replace(/[^a-z0-9_]/g, '-')}`;

/**
 * One section as form fields. Questions whose show-if rule depends on an earlier section are
 * left out when the rule does not hold (the client already answered it); rules within the
 * section travel with the field and are explained in words, so the form works without JavaScript.
 */
export function sectionFields(
  content: IntakeTemplateContent,
  index: number,
  values: FormValues,
  answers: Answers,
  errors: FieldErrors,
  language: Language = DEFAULT_LANGUAGE,
) {
  const section = content.sections[index];
  const here = new Set(section.questions.map((q) => q.id));
  const visible = visibleQuestionIds(content, answers);
  const byId = new Map(allQuestions(content).map((q) => [q.id, q]));
  const fields: QuestionField[] = [];
  for (const q of section.questions) {
    const rule = q.showIf;
    if (rule && !here.has(rule.question) && !visible.has(q.id)) continue;
    const raw = values[q.id];
    const current = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    const field: QuestionField = {
      id: q.id,
      name: `a[${q.id}]`,
      inputId: inputIdOf(q.id),
      label: q.label,
      help: q.help,
      required: q.required,
      kind: q.type,
      value: current[0] ?? '',
      options: optionsOf(q, language).map((o, i) => ({ ...o, checked: current.includes(o.value), inputId: `${inputIdOf(q.id)}-${i}` })),
      min: q.min ?? (q.type === 'scale' ? 0 : undefined),
      max: q.max ?? (q.type === 'scale' ? 10 : undefined),
      maxLength: q.maxLength ?? (q.type === 'long_text' ? 5000 : q.type === 'short_text' ? 500 : undefined),
      error: errors[q.id],
    };
    if (rule && here.has(rule.question)) {
      const source = byId.get(rule.question)!;
      const shown = optionsOf(source, language).find((o) => o.value === String(rule.value))?.label ?? String(rule.value);
      field.showIf = {
        question: inputIdOf(rule.question),
        op: rule.op,
        value: typeof rule.value === 'boolean' ? (rule.value ? 'yes' : 'no') : String(rule.value),
        hint: t(language, rule.op === 'includes' ? 'intake.question.only_if_includes' : 'intake.question.only_if_is', {
          question: source.label,
          answer: shown,
        }),
      };
    }
    fields.push(field);
  }
  return { section, fields };
}

function optionsOf(q: Question, language: Language): Array<{ value: string; label: string }> {
  if (q.type === 'yes_no')
    return [
      { value: 'yes', label: t(language, 'intake.answer.yes') },
      { value: 'no', label: t(language, 'intake.answer.no') },
    ];
  if (q.type === 'scale') {
    const [min, max] = [q.min ?? 0, q.max ?? 10];
    return Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }));
  }
  return q.options ?? [];
}
