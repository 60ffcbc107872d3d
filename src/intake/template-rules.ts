import type { FieldErrors } from '../common/errors/domain-error';
import { allQuestions, normalizeAnswer } from './answers';
import { DEFAULT_INTAKE } from './default-template';
import { IntakeTemplateContent, Question, QUESTION_TYPES, QuestionType, Section, ShowIf, STORY_LIMIT } from './template';

/**
 * The rules of a good intake template, as plain functions over its content. A draft is checked on
 * every save and again on publication, so `templateProblems` must be empty for both. Messages read
 * after the field name ("label is required"). The parts (`sectionProblems`, `questionProblems`)
 * use paths relative to their section or question, so the builder's edits can reuse them.
 */
export const LIMITS = {
  title: 120,
  sections: 30,
  sectionId: 40,
  sectionTitle: 120,
  intro: 1000,
  questions: 200,
  questionId: 80,
  label: 300,
  help: 1000,
  options: 30,
  optionValue: 80,
  optionLabel: 200,
  maxLength: STORY_LIMIT,
} as const;

export const SECTION_ID = /^[a-z][a-z0-9_]*$/;
export const QUESTION_ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export const TYPE_NAMES: Record<QuestionType, string> = {
  short_text: 'short text',
  long_text: 'long text',
  single_choice: 'single choice',
  multiple_choice: 'multiple choice',
  scale: '0–10 scale',
  yes_no: 'yes/no',
  date: 'date',
  number: 'number',
  email: 'e-mail',
  phone: 'phone',
};

export const isChoice = (type: QuestionType) => type === 'single_choice' || type === 'multiple_choice';
export const isText = (type: QuestionType) => type === 'short_text' || type === 'long_text';
export const hasBounds = (type: QuestionType) => type === 'number' || type === 'scale';

/** The op a show-if takes on a source question of each type; other types cannot be a source. */
export const SHOW_IF_OP: Partial<Record<QuestionType, ShowIf['op']>> = {
  single_choice: 'equals',
  yes_no: 'equals',
  scale: 'equals',
  number: 'equals',
  multiple_choice: 'includes',
};

/** Always asked and always required: the practice's records, contact and consent depend on them. */
export const REQUIRED_LOCKED_IDS: readonly string[] = ['about.name', 'about.email', 'story.text', 'consent.privacy'];

/**
 * Questions the product reads by id, as they are in the default template: the four above and every
 * baseline scale (reviews ask those again and compare, so id, type and scale must not drift).
 */
export const LOCKED_QUESTIONS: ReadonlyMap<string, Question> = new Map(
  allQuestions(DEFAULT_INTAKE)
    .filter((q) => REQUIRED_LOCKED_IDS.includes(q.id) || (q.id.startsWith('baseline.') && q.type === 'scale'))
    .map((q) => [q.id, q]),
);
export const LOCKED_QUESTION_IDS: readonly string[] = [...LOCKED_QUESTIONS.keys()];
export const isLocked = (questionId: string) => LOCKED_QUESTIONS.has(questionId);

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const absent = (value: unknown) => value === undefined || value === null;

function checkText(problems: FieldErrors, field: string, value: unknown, max: number, required: boolean) {
  if (blank(value)) {
    if (required) problems[field] = 'is required';
  } else if (typeof value !== 'string') problems[field] = 'must be text';
  else if ([...value].length > max) problems[field] = `must be at most ${max} characters`;
}

export function sectionProblems(s: Section): FieldErrors {
  const problems: FieldErrors = {};
  if (typeof s.id !== 'string' || !SECTION_ID.test(s.id)) problems.id = 'must be lowercase letters, digits and _, starting with a letter';
  else if (s.id.length > LIMITS.sectionId) problems.id = `must be at most ${LIMITS.sectionId} characters`;
  checkText(problems, 'title', s.title, LIMITS.sectionTitle, true);
  checkText(problems, 'intro', s.intro, LIMITS.intro, false);
  if (!Array.isArray(s.questions)) problems.questions = 'must be a list of questions';
  return problems;
}

/** `earlier`: every question before this one in the form, which its show-if may refer to. */
export function questionProblems(q: Question, earlier: readonly Question[]): FieldErrors {
  const problems: FieldErrors = {};
  if (typeof q.id !== 'string' || !QUESTION_ID.test(q.id)) problems.id = 'must be lowercase letters, digits and _, in parts joined by dots';
  else if (q.id.length > LIMITS.questionId) problems.id = `must be at most ${LIMITS.questionId} characters`;
  checkText(problems, 'label', q.label, LIMITS.label, true);
  checkText(problems, 'help', q.help, LIMITS.help, false);
  if (typeof q.required !== 'boolean') problems.required = 'must be true or false';
  if (!QUESTION_TYPES.includes(q.type)) {
    problems.type = 'is not a known question type';
  } else {
    Object.assign(problems, optionProblems(q), boundProblems(q));
    if (!absent(q.maxLength)) {
      if (!isText(q.type)) problems.maxLength = 'must be empty: only text questions have a character limit';
      else if (!Number.isInteger(q.maxLength) || q.maxLength! < 1 || q.maxLength! > LIMITS.maxLength) {
        problems.maxLength = `must be a whole number from 1 to ${LIMITS.maxLength}`;
      }
    }
  }
  if (q.showIf)
    Object.assign(
      problems,
      showIfProblems(
        q.showIf,
        earlier.find((e) => e.id === q.showIf!.question),
      ),
    );
  return Object.assign(problems, lockedProblems(q));
}

function optionProblems(q: Question): FieldErrors {
  const problems: FieldErrors = {};
  const options = q.options;
  if (!isChoice(q.type)) {
    if (options?.length) problems.options = 'must be empty: only choice questions have choices';
    return problems;
  }
  if (!Array.isArray(options) || options.length < 2) return { options: 'must offer at least 2 choices' };
  if (options.length > LIMITS.options) return { options: `must offer at most ${LIMITS.options} choices` };
  // Values are what answers store and show-ifs compare; labels are what the client tells apart.
  const values = new Set<string>();
  const labels = new Set<string>();
  options.forEach((o, k) => {
    const at = `options.${k}`;
    checkText(problems, `${at}.value`, o?.value, LIMITS.optionValue, true);
    if (!problems[`${at}.value`]) {
      // Answers arrive trimmed (normalizeAnswer), so a value with spaces around it could never be chosen.
      if (o.value.trim() !== o.value) problems[`${at}.value`] = 'must not start or end with a space';
      else if (values.has(o.value)) problems[`${at}.value`] = 'must differ from the other choices’ values';
      values.add(o.value);
    }
    checkText(problems, `${at}.label`, o?.label, LIMITS.optionLabel, true);
    if (!problems[`${at}.label`]) {
      const key = o.label.trim().toLowerCase();
      if (labels.has(key)) problems[`${at}.label`] = 'must differ from the other choices’ labels';
      labels.add(key);
    }
  });
  return problems;
}

function boundProblems(q: Question): FieldErrors {
  const [hasMin, hasMax] = [!absent(q.min), !absent(q.max)];
  if (q.type === 'number') {
    const problems: FieldErrors = {};
    if (hasMin && !Number.isFinite(q.min)) problems.min = 'must be a number';
    if (hasMax && !Number.isFinite(q.max)) problems.max = 'must be a number';
    if (!problems.min && !problems.max && hasMin && hasMax && q.min! > q.max!) problems.min = 'must not be above the maximum';
    return problems;
  }
  if (q.type === 'scale') {
    const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 10;
    const problems: FieldErrors = {};
    if (hasMin && !whole(q.min)) problems.min = 'must be a whole number from 0 to 10';
    if (hasMax && !whole(q.max)) problems.max = 'must be a whole number from 0 to 10';
    if (!problems.min && !problems.max && (q.min ?? 0) >= (q.max ?? 10)) problems.min = 'must be below the maximum';
    return problems;
  }
  if (hasMin) return { min: 'must be empty: only number and scale questions have bounds' };
  if (hasMax) return { max: 'must be empty: only number and scale questions have bounds' };
  return {};
}

/** Whether a show-if can ever hold on its source (undefined: no such question earlier in the form). */
export function showIfProblems(rule: ShowIf, source: Question | undefined): FieldErrors {
  if (!source) return { 'showIf.question': 'must refer to a question earlier in the form' };
  const op = SHOW_IF_OP[source.type];
  if (!op) return { 'showIf.question': 'must refer to a choice, yes/no, scale or number question' };
  if (rule.op !== op) return { 'showIf.op': `must be "${op}" for a ${TYPE_NAMES[source.type]} question` };
  if (op === 'includes') {
    const offered = typeof rule.value === 'string' && source.options?.some((o) => o.value === rule.value);
    return offered ? {} : { 'showIf.value': 'must be one of the choices of that question' };
  }
  const result = normalizeAnswer(source, rule.value);
  if ('problem' in result) return { 'showIf.value': result.problem };
  if (result.value === null) return { 'showIf.value': 'is required' };
  // visibleQuestionIds compares with ===, so "7" would never match a stored 7.
  if (result.value !== rule.value) return { 'showIf.value': `must be written as ${JSON.stringify(result.value)}` };
  return {};
}

/** What a locked question may not change: its type, its scale, being asked, and (for some) being required. */
export function lockedProblems(q: Question): FieldErrors {
  const locked = LOCKED_QUESTIONS.get(q.id);
  if (!locked) return {};
  const problems: FieldErrors = {};
  if (q.type !== locked.type) problems.type = `must stay ${TYPE_NAMES[locked.type]}: the product relies on this question`;
  if (REQUIRED_LOCKED_IDS.includes(q.id) && q.required !== true) problems.required = 'must stay on: the product relies on this answer';
  if (q.showIf) problems.showIf = 'must be empty: this question is always asked';
  if (q.type === 'scale' && locked.type === 'scale') {
    const reason = 'reviews compare answers on the same scale';
    if ((q.min ?? 0) !== (locked.min ?? 0)) problems.min = `must stay ${locked.min ?? 0}: ${reason}`;
    if ((q.max ?? 10) !== (locked.max ?? 10)) problems.max = `must stay ${locked.max ?? 10}: ${reason}`;
  }
  return problems;
}

export const describeQuestion = (q: Pick<Question, 'id' | 'label'>) => `"${q.label}" (${q.id})`;

export function templateProblems(t: IntakeTemplateContent): FieldErrors {
  const problems: FieldErrors = {};
  // The first problem found for a path is the one shown.
  const add = (prefix: string, found: FieldErrors) => {
    for (const [field, message] of Object.entries(found)) problems[`${prefix}.${field}`] ??= message;
  };
  checkText(problems, 'title', t.title, LIMITS.title, true);
  const sections = Array.isArray(t.sections) ? t.sections : [];
  const total = sections.reduce((n, s) => n + (Array.isArray(s.questions) ? s.questions.length : 0), 0);
  if (sections.length === 0) problems.sections = 'add at least one section';
  else if (sections.length > LIMITS.sections) problems.sections = `must be at most ${LIMITS.sections} (now ${sections.length})`;
  else if (total > LIMITS.questions) problems.sections = `must hold at most ${LIMITS.questions} questions in all (now ${total})`;

  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  const earlier: Question[] = [];
  sections.forEach((s, i) => {
    add(`sections.${i}`, sectionProblems(s));
    if (sectionIds.has(s.id)) problems[`sections.${i}.id`] ??= 'must differ from the other sections’ ids';
    sectionIds.add(s.id);
    (Array.isArray(s.questions) ? s.questions : []).forEach((q, j) => {
      const at = `sections.${i}.questions.${j}`;
      add(at, questionProblems(q, earlier));
      if (questionIds.has(q.id)) problems[`${at}.id`] ??= 'must differ from the other questions’ ids';
      questionIds.add(q.id);
      earlier.push(q);
    });
  });

  const missing = [...LOCKED_QUESTIONS.values()].filter((q) => !questionIds.has(q.id)).map(describeQuestion);
  if (missing.length === 1) problems.sections ??= `must keep the question ${missing[0]}`;
  if (missing.length > 1) problems.sections ??= `must keep the questions ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return problems;
}
