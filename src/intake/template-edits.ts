import { DomainError, FieldErrors, notFound } from '../common/errors/domain-error';
import { summarize } from '../common/errors/validation';
import { allQuestions, normalizeAnswer } from './answers';
import type { IntakeTemplateContent, Question, QuestionType, Section, ShowIf } from './template';
import {
  describeQuestion,
  hasBounds,
  isChoice,
  isLocked,
  isText,
  LIMITS,
  questionProblems,
  sectionProblems,
  SHOW_IF_OP,
  showIfProblems,
} from './template-rules';
import { idPart, sectionIdPart, uniqueId } from './template-slugs';

export { formatOptions, parseOptions } from './template-slugs';

/**
 * The template builder's edits, as pure functions: each returns new content (unchanged parts are
 * shared, never mutated) or throws TEMPLATE_EDIT_REFUSED with messages on the same field paths as
 * templateProblems. Each checks what it touches; the service still runs templateProblems before
 * saving. A new section goes last; a new question goes last in its section.
 */
export interface SectionInput {
  title: string;
  intro?: string | null;
}

export interface QuestionInput {
  type: QuestionType;
  label: string;
  help?: string | null;
  required: boolean;
  options?: Array<{ value: string; label: string }> | null;
  min?: number | null;
  max?: number | null;
  maxLength?: number | null;
  /** `op` may be left out: it follows from the source question's type. A blank `question` means none. */
  showIf?: { question: string; op?: ShowIf['op']; value: ShowIf['value'] } | null;
}

export type Direction = 'up' | 'down';

const refused = (message: string, fields: FieldErrors) => new DomainError('TEMPLATE_EDIT_REFUSED', message, fields);
const trimmed = <T>(value: T): T => (typeof value === 'string' ? (value.trim() as T) : value);
const absent = (value: unknown) => value === undefined || value === null;
const questionPath = (s: number, q: number) => `sections.${s}.questions.${q}`;

function refuseProblems(prefix: string, problems: FieldErrors) {
  const fields = Object.fromEntries(Object.entries(problems).map(([field, message]) => [`${prefix}.${field}`, message]));
  if (Object.keys(fields).length > 0) throw refused(summarize(fields), fields);
}

function sectionIndex(t: IntakeTemplateContent, sectionId: string): number {
  const i = t.sections.findIndex((s) => s.id === sectionId);
  if (i === -1) throw notFound('That section');
  return i;
}

function questionPlace(t: IntakeTemplateContent, questionId: string): [number, number] {
  for (let s = 0; s < t.sections.length; s++) {
    const q = t.sections[s].questions.findIndex((x) => x.id === questionId);
    if (q !== -1) return [s, q];
  }
  throw notFound('That question');
}

/** Every question before position (s, q): what a show-if there may refer to. */
const questionsBefore = (t: IntakeTemplateContent, s: number, q: number) => [
  ...t.sections.slice(0, s).flatMap((x) => x.questions),
  ...t.sections[s].questions.slice(0, q),
];

const withSection = (t: IntakeTemplateContent, i: number, section: Section): IntakeTemplateContent => ({
  ...t,
  sections: t.sections.map((s, k) => (k === i ? section : s)),
});

function buildSection(id: string, input: SectionInput, questions: Question[]): Section {
  const intro = trimmed(input.intro);
  return { id, title: trimmed(input.title), ...(intro ? { intro } : {}), questions };
}

export function addSection(t: IntakeTemplateContent, input: SectionInput): IntakeTemplateContent {
  if (t.sections.length >= LIMITS.sections) throw refused('A form can have at most 30 sections.', { sections: 'must be at most 30' });
  const base = typeof input.title === 'string' ? sectionIdPart(input.title) : 'section';
  const id = uniqueId(
    base,
    t.sections.map((s) => s.id),
    LIMITS.sectionId,
  );
  const section = buildSection(id, input, []);
  refuseProblems(`sections.${t.sections.length}`, sectionProblems(section));
  return { ...t, sections: [...t.sections, section] };
}

export function updateSection(t: IntakeTemplateContent, sectionId: string, input: SectionInput): IntakeTemplateContent {
  const i = sectionIndex(t, sectionId);
  const section = buildSection(sectionId, input, t.sections[i].questions);
  refuseProblems(`sections.${i}`, sectionProblems(section));
  return withSection(t, i, section);
}

export function removeSection(t: IntakeTemplateContent, sectionId: string): IntakeTemplateContent {
  const i = sectionIndex(t, sectionId);
  const section = t.sections[i];
  const locked = section.questions.filter((q) => isLocked(q.id));
  if (locked.length > 0) {
    const names = locked.map(describeQuestion).join(', ');
    throw refused(`The section "${section.title}" holds ${names}, which the product relies on.`, {
      [`sections.${i}`]: `cannot be removed: it holds ${names}, which the product relies on`,
    });
  }
  const inside = new Set(section.questions.map((q) => q.id));
  const dependents = t.sections.slice(i + 1).flatMap((s) => s.questions.filter((q) => q.showIf && inside.has(q.showIf.question)));
  if (dependents.length > 0) {
    const names = dependents.map(describeQuestion).join(', ');
    throw refused(`The section "${section.title}" cannot be removed: the show-if of ${names} depends on it.`, {
      [`sections.${i}`]: `cannot be removed: the show-if of ${names} depends on its answers`,
    });
  }
  return { ...t, sections: t.sections.filter((_, k) => k !== i) };
}

export function moveSection(t: IntakeTemplateContent, sectionId: string, direction: Direction): IntakeTemplateContent {
  const i = sectionIndex(t, sectionId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= t.sections.length) {
    const edge = direction === 'up' ? 'first' : 'last';
    throw refused(`That is already the ${edge} section.`, { [`sections.${i}`]: `is already the ${edge} section` });
  }
  const sections = [...t.sections];
  [sections[i], sections[j]] = [sections[j], sections[i]];
  return checkedMove(t, { ...t, sections }, `sections.${i}`);
}

/** Keeps only what the type uses (the builder form may post leftovers after a type change). */
function buildQuestion(id: string, input: QuestionInput, earlier: readonly Question[]): Question {
  const q: Question = { id, type: input.type, label: trimmed(input.label), required: input.required };
  const help = trimmed(input.help);
  if (help) q.help = help;
  if (isChoice(input.type)) q.options = (input.options ?? []).map((o) => ({ value: trimmed(o.value), label: trimmed(o.label) }));
  if (hasBounds(input.type)) {
    if (!absent(input.min)) q.min = input.min!;
    if (!absent(input.max)) q.max = input.max!;
  }
  if (isText(input.type) && !absent(input.maxLength)) q.maxLength = input.maxLength!;
  const rule = input.showIf;
  if (rule && typeof rule.question === 'string' && rule.question.trim() !== '') {
    q.showIf = showIfFor({ ...rule, question: rule.question.trim() }, earlier);
  }
  return q;
}

/** Fills in the op and stores the value as answers are stored ("7" → 7, "yes" → true), so it can match. */
function showIfFor(rule: NonNullable<QuestionInput['showIf']>, earlier: readonly Question[]): ShowIf {
  const source = earlier.find((q) => q.id === rule.question);
  const op = rule.op ?? (source && SHOW_IF_OP[source.type]) ?? 'equals';
  let value = rule.value;
  if (source && op === 'includes') value = String(value).trim();
  if (source && op === 'equals') {
    const result = normalizeAnswer(source, value);
    if ('value' in result && result.value !== null && !Array.isArray(result.value)) value = result.value;
  }
  return { question: rule.question, op, value };
}

export function addQuestion(
  t: IntakeTemplateContent,
  sectionId: string,
  input: QuestionInput,
  /** Ids used in earlier versions, which a new question must not take over. */
  retiredIds: Iterable<string> = [],
): IntakeTemplateContent {
  const s = sectionIndex(t, sectionId);
  if (allQuestions(t).length >= LIMITS.questions) {
    throw refused('A form can have at most 200 questions.', { sections: `must hold at most ${LIMITS.questions} questions in all` });
  }
  const part = typeof input.label === 'string' ? idPart(input.label, 'question') : 'question';
  const id = uniqueId(`${sectionId}.${part}`, [...allQuestions(t).map((q) => q.id), ...retiredIds], LIMITS.questionId);
  const section = t.sections[s];
  const earlier = questionsBefore(t, s, section.questions.length);
  const question = buildQuestion(id, input, earlier);
  refuseProblems(questionPath(s, section.questions.length), questionProblems(question, earlier));
  return withSection(t, s, { ...section, questions: [...section.questions, question] });
}

export function updateQuestion(t: IntakeTemplateContent, questionId: string, input: QuestionInput): IntakeTemplateContent {
  const [s, q] = questionPlace(t, questionId);
  const before = t.sections[s].questions[q];
  const earlier = questionsBefore(t, s, q);
  const question = buildQuestion(questionId, input, earlier);
  refuseProblems(questionPath(s, q), questionProblems(question, earlier));
  // A later show-if on this question must still be able to hold (its choice still offered, and so on).
  const breaks = (x: Question, source: Question) => Object.keys(showIfProblems(x.showIf!, source)).length > 0;
  const broken = allQuestions(t).filter((x) => x.showIf?.question === questionId && breaks(x, question) && !breaks(x, before));
  if (broken.length > 0) {
    const field =
      (['type', 'options', 'min', 'max'] as const).find((k) => JSON.stringify(before[k]) !== JSON.stringify(question[k])) ?? 'type';
    const names = broken.map(describeQuestion).join(', ');
    throw refused(`That change would break the show-if of ${names}.`, {
      [`${questionPath(s, q)}.${field}`]: `would break the show-if of ${names}`,
    });
  }
  const section = t.sections[s];
  return withSection(t, s, { ...section, questions: section.questions.map((x, k) => (k === q ? question : x)) });
}

export function removeQuestion(t: IntakeTemplateContent, questionId: string): IntakeTemplateContent {
  const [s, q] = questionPlace(t, questionId);
  const question = t.sections[s].questions[q];
  if (isLocked(questionId)) {
    throw refused(`The question ${describeQuestion(question)} is used by the product and cannot be removed.`, {
      [questionPath(s, q)]: 'is used by the product and cannot be removed',
    });
  }
  const dependents = allQuestions(t).filter((x) => x.showIf?.question === questionId);
  if (dependents.length > 0) {
    const names = dependents.map(describeQuestion).join(', ');
    throw refused(`The question ${describeQuestion(question)} cannot be removed: the show-if of ${names} uses it.`, {
      [questionPath(s, q)]: `cannot be removed: the show-if of ${names} uses it`,
    });
  }
  const section = t.sections[s];
  return withSection(t, s, { ...section, questions: section.questions.filter((_, k) => k !== q) });
}

/** One step within the section; at its edge, into the neighbouring section (end of the previous, start of the next). */
export function moveQuestion(t: IntakeTemplateContent, questionId: string, direction: Direction): IntakeTemplateContent {
  const [s, q] = questionPlace(t, questionId);
  const question = t.sections[s].questions[q];
  const rest = t.sections[s].questions.filter((_, k) => k !== q);
  const step = direction === 'up' ? -1 : 1;
  const target = q + step;
  const changed = new Map<number, Question[]>();
  if (target >= 0 && target <= rest.length) changed.set(s, [...rest.slice(0, target), question, ...rest.slice(target)]);
  else if (t.sections[s + step]) {
    const next = t.sections[s + step].questions;
    changed.set(s, rest).set(s + step, direction === 'up' ? [...next, question] : [question, ...next]);
  } else {
    const edge = direction === 'up' ? 'first' : 'last';
    throw refused(`That is already the ${edge} question.`, { [questionPath(s, q)]: `is already the ${edge} question` });
  }
  const sections = t.sections.map((x, k) => (changed.has(k) ? { ...x, questions: changed.get(k)! } : x));
  return checkedMove(t, { ...t, sections }, questionPath(s, q));
}

/** Show-ifs whose source comes at or after them, as `dependent>source`. */
function misordered(t: IntakeTemplateContent): Map<string, [Question, Question]> {
  const all = allQuestions(t);
  const position = new Map(all.map((q, i) => [q.id, i]));
  const found = new Map<string, [Question, Question]>();
  all.forEach((q, i) => {
    const source = q.showIf ? position.get(q.showIf.question) : undefined;
    if (source !== undefined && source >= i) found.set(`${q.id}>${all[source].id}`, [q, all[source]]);
  });
  return found;
}

/** Refuses a move that puts a question before the answer its show-if depends on. */
function checkedMove(before: IntakeTemplateContent, after: IntakeTemplateContent, path: string): IntakeTemplateContent {
  const existing = misordered(before);
  const created = [...misordered(after)].find(([key]) => !existing.has(key));
  if (!created) return after;
  const [dependent, source] = created[1];
  const problem = `would put ${describeQuestion(dependent)} before ${describeQuestion(source)}, the answer its show-if depends on`;
  throw refused(`That move ${problem}.`, { [path]: problem });
}
