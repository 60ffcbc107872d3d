import type { IntakeTemplateContent, Question, QuestionType, Section } from '../template';

/**
 * A published intake template version as a FHIR R4 Questionnaire, so a client's record can be
 * taken to any FHIR system. Pure: the caller supplies the canonical url and version metadata.
 * Only the few FHIR shapes written here are typed (no FHIR library at run time).
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

/** The FHIR data type of a question's answers; it names value[x] in a response and answer[x] in enableWhen. */
export type ValueType = 'String' | 'Date' | 'Coding' | 'Integer' | 'Decimal' | 'Boolean';
export type FhirValue = string | number | boolean | Coding;

export interface Extension {
  url: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueCodeableConcept?: { coding: Coding[] };
}

export type EnableWhen = { question: string; operator: '=' } & { [answer in `answer${ValueType}`]?: FhirValue };

export interface QuestionnaireItem {
  linkId: string;
  text: string;
  type: 'group' | 'display' | 'string' | 'text' | 'choice' | 'integer' | 'decimal' | 'boolean' | 'date';
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  answerOption?: Array<{ valueCoding: Coding }>;
  enableWhen?: EnableWhen[];
  extension?: Extension[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: 'active';
  date: string;
  publisher: string;
  item: QuestionnaireItem[];
}

export interface QuestionnaireMeta {
  /** The canonical url of the template, the same for all its versions (an absolute URL we control). */
  url: string;
  version: number;
  publishedAt: Date;
  publisher: string;
  templateId: string;
}

const ITEM_TYPE: Record<QuestionType, QuestionnaireItem['type']> = {
  short_text: 'string',
  long_text: 'text',
  single_choice: 'choice',
  multiple_choice: 'choice',
  scale: 'integer',
  yes_no: 'boolean',
  date: 'date',
  number: 'decimal',
  email: 'string',
  phone: 'string',
};

const VALUE_TYPE: Record<QuestionType, ValueType> = {
  short_text: 'String',
  long_text: 'String',
  single_choice: 'Coding',
  multiple_choice: 'Coding',
  scale: 'Integer',
  yes_no: 'Boolean',
  date: 'Date',
  number: 'Decimal',
  email: 'String',
  phone: 'String',
};

const ITEM_CONTROL_HELP: Extension = {
  url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help', display: 'Help-Button' }] },
};

/** A FHIR id is 1 to 64 of [A-Za-z0-9-.]; other characters become '-', and a longer id is refused rather than cut (cutting could collide). */
export function fhirId(raw: string): string {
  const id = raw.replace(/[^A-Za-z0-9\-.]/g, '-');
  if (id.length < 1 || id.length > 64) throw new RangeError(`cannot make a FHIR id of ${JSON.stringify(raw)}: 1 to 64 characters`);
  return id;
}

/** The code system of one choice question's options. Question ids never change across versions, so neither does this. */
export function optionSystem(url: string, questionId: string): string {
  return `${url}/options/${encodeURIComponent(questionId)}`;
}

/** A choice option as a Coding; the option's label is its display. */
function coding(q: Question, code: string, url: string): Coding {
  const label = q.options?.find((o) => o.value === code)?.label;
  return { system: optionSystem(url, q.id), code, ...(label ? { display: label } : {}) };
}

/** One stored answer (or a show-if value) as a typed FHIR value. */
export function typedValue(q: Question, value: string | number | boolean, url: string): [ValueType, FhirValue] {
  const type = VALUE_TYPE[q.type];
  switch (type) {
    case 'Coding':
      return [type, coding(q, String(value), url)];
    case 'Integer':
    case 'Decimal':
      return [type, Number(value)];
    case 'Boolean':
      return [type, value === true];
    default:
      return [type, String(value)];
  }
}

/** FHIR's name is for machines: an upper-case letter then letters, digits and '_' (constraint que-0). */
function machineName(title: string): string {
  const words = title
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .split(' ')
    .filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Z]/.test(name) ? name : `Intake${name}`;
}

function bounds(q: Question): Extension[] {
  const bound = (kind: 'minValue' | 'maxValue', value: number | undefined): Extension[] =>
    value === undefined
      ? []
      : [{ url: `http://hl7.org/fhir/StructureDefinition/${kind}`, [q.type === 'scale' ? 'valueInteger' : 'valueDecimal']: value }];
  // A scale without bounds runs from 0 to 10, as answers.ts checks it.
  if (q.type === 'scale') return [...bound('minValue', q.min ?? 0), ...bound('maxValue', q.max ?? 10)];
  if (q.type === 'number') return [...bound('minValue', q.min), ...bound('maxValue', q.max)];
  return [];
}

function questionItem(q: Question, byId: Map<string, Question>, url: string): QuestionnaireItem {
  const type = ITEM_TYPE[q.type];
  const item: QuestionnaireItem = { linkId: q.id, text: q.label, type, required: q.required };
  if (q.type === 'multiple_choice') item.repeats = true;
  if (q.maxLength !== undefined && (type === 'string' || type === 'text')) item.maxLength = q.maxLength;
  if (type === 'choice') item.answerOption = (q.options ?? []).map((o) => ({ valueCoding: coding(q, o.value, url) }));
  const extension = bounds(q);
  if (extension.length) item.extension = extension;
  if (q.showIf) {
    const source = byId.get(q.showIf.question);
    if (!source) throw new Error(`question ${q.id} is shown only after ${q.showIf.question}, which is not on the form`);
    // In R4 '=' on a repeating item holds when any of its answers is equal, which is what 'includes' means.
    const [valueType, value] = typedValue(source, q.showIf.value, url);
    item.enableWhen = [{ question: source.id, operator: '=', [`answer${valueType}`]: value }];
  }
  if (q.help) item.item = [{ linkId: `${q.id}#help`, text: q.help, type: 'display', extension: [ITEM_CONTROL_HELP] }];
  return item;
}

function sectionItem(s: Section, byId: Map<string, Question>, url: string): QuestionnaireItem {
  const intro: QuestionnaireItem[] = s.intro ? [{ linkId: `${s.id}#intro`, text: s.intro, type: 'display' }] : [];
  return { linkId: s.id, text: s.title, type: 'group', item: [...intro, ...s.questions.map((q) => questionItem(q, byId, url))] };
}

export function toQuestionnaire(template: IntakeTemplateContent, meta: QuestionnaireMeta): Questionnaire {
  const byId = new Map(template.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
  return {
    resourceType: 'Questionnaire',
    id: fhirId(`${meta.templateId}-v${meta.version}`),
    url: meta.url,
    version: String(meta.version),
    name: machineName(template.title),
    title: template.title,
    status: 'active',
    date: meta.publishedAt.toISOString(),
    publisher: meta.publisher,
    // A group must hold items (que-1), so a section with neither intro nor questions is left out.
    item: template.sections.map((s) => sectionItem(s, byId, meta.url)).filter((g) => g.item?.length),
  };
}
