import type { FieldErrors } from '../common/errors/domain-error';
import { allQuestions } from './answers';
import type { IntakeTemplateContent, Question, QuestionType } from './template';
import { QUESTION_TYPES } from './template';
import type { QuestionInput } from './template-edits';
import { formatOptions, parseOptions } from './template-edits';
import { isLocked, SHOW_IF_OP, TYPE_NAMES } from './template-rules';

/**
 * The builder's question form, both ways: a question as form values, and posted values as the
 * input the edits take. The show-if rule is one select of "question is value" pairs built from
 * the questions before this one, so a practitioner never types an id.
 */
export type QuestionForm = Record<string, string | undefined>;

const SEPARATOR = '|';

export function questionToForm(q: Question): QuestionForm {
  return {
    type: q.type,
    label: q.label,
    help: q.help ?? '',
    required: q.required ? 'on' : undefined,
    options: q.options ? formatOptions(q.options) : '',
    min: q.min === undefined ? '' : String(q.min),
    max: q.max === undefined ? '' : String(q.max),
    maxLength: q.maxLength === undefined ? '' : String(q.maxLength),
    showIf: q.showIf ? `${q.showIf.question}${SEPARATOR}${String(q.showIf.value)}` : '',
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
/** Blank means "not set"; anything else that is not a number is passed on for the rules to name. */
const numberOrNull = (v: unknown): number | null => {
  const t = text(v).trim();
  return t === '' ? null : Number(t.replace(',', '.'));
};

export function formToQuestionInput(body: Record<string, unknown>, sources: readonly Question[]): QuestionInput {
  const type = (QUESTION_TYPES as readonly string[]).includes(text(body.type)) ? (text(body.type) as QuestionType) : ('' as QuestionType);
  const [question, ...rest] = text(body.showIf).split(SEPARATOR);
  const source = sources.find((q) => q.id === question);
  const raw = rest.join(SEPARATOR);
  const value = source?.type === 'yes_no' ? raw === 'true' : source?.type === 'scale' || source?.type === 'number' ? Number(raw) : raw;
  return {
    type,
    label: text(body.label),
    help: text(body.help) || null,
    required: body.required === 'on' || body.required === 'true',
    options: type === 'single_choice' || type === 'multiple_choice' ? parseOptions(text(body.options)) : null,
    min: numberOrNull(body.min),
    max: numberOrNull(body.max),
    maxLength: numberOrNull(body.maxLength),
    showIf: question ? { question, value } : null,
  };
}

/** The show-if choices for a question placed after `before` (all of them when it goes last). */
export function showIfChoices(sources: readonly Question[]) {
  return sources
    .filter((q) => SHOW_IF_OP[q.type] && q.type !== 'number')
    .flatMap((q) => {
      const values: Array<[string, string]> =
        q.type === 'yes_no'
          ? [
              ['true', 'Yes'],
              ['false', 'No'],
            ]
          : q.type === 'scale'
            ? Array.from({ length: (q.max ?? 10) - (q.min ?? 0) + 1 }, (_, i) => [String((q.min ?? 0) + i), String((q.min ?? 0) + i)])
            : (q.options ?? []).map((o) => [o.value, o.label]);
      const verb = q.type === 'multiple_choice' ? 'includes' : 'is';
      return values.map(([value, label]) => ({ value: `${q.id}${SEPARATOR}${value}`, label: `“${q.label}” ${verb} “${label}”` }));
    });
}

/** Questions a show-if at (section, position) may refer to. */
export function questionsBefore(t: IntakeTemplateContent, questionId?: string, sectionId?: string): Question[] {
  const all = allQuestions(t);
  if (questionId)
    return all.slice(
      0,
      Math.max(
        0,
        all.findIndex((q) => q.id === questionId),
      ),
    );
  const s = t.sections.findIndex((x) => x.id === sectionId);
  return t.sections.slice(0, s + 1).flatMap((x) => x.questions);
}

/** Problems on paths inside the whole form, moved onto the builder form's own field names. */
export function toFormFields(problems: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(problems)) {
    const m = /^sections\.\d+(?:\.questions\.\d+)?(?:\.(\w+))?/.exec(path);
    const field = m?.[1] ?? 'form';
    out[field] ??= message;
  }
  return out;
}

export const TYPE_OPTIONS = QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_NAMES[t] }));

/** How the builder lists a question. */
export function questionSummary(q: Question, byId: Map<string, Question>) {
  const source = q.showIf ? byId.get(q.showIf.question) : undefined;
  const shown = source?.options?.find((o) => o.value === String(q.showIf!.value))?.label ?? String(q.showIf?.value ?? '');
  return {
    id: q.id,
    label: q.label,
    typeName: TYPE_NAMES[q.type],
    required: q.required,
    locked: isLocked(q.id),
    showIf: source ? `only if “${source.label}” ${q.showIf!.op === 'includes' ? 'includes' : 'is'} “${shown}”` : undefined,
  };
}
