import { BASELINE_AREAS, DEFAULT_INTAKE } from './default-template';
import type { IntakeTemplateContent, Question } from './template';
import { LOCKED_QUESTION_IDS, templateProblems } from './template-rules';

/** A copy of the default template, changed by `change`. */
function edited(change: (t: IntakeTemplateContent) => void): IntakeTemplateContent {
  const t = structuredClone(DEFAULT_INTAKE);
  change(t);
  return t;
}
const question = (t: IntakeTemplateContent, id: string) => t.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
const set = (id: string, over: Partial<Question> | Record<string, unknown>) => (t: IntakeTemplateContent) => {
  Object.assign(question(t, id), over);
};
/** Adds a question at the end of the expectations section (sections.5, after its own questions). */
const extra = (over: Partial<Question>) => (t: IntakeTemplateContent) => {
  t.sections[5].questions.push({ id: 'expectations.extra', type: 'short_text', label: 'Extra', required: false, ...over });
};
const remove =
  (...ids: string[]) =>
  (t: IntakeTemplateContent) => {
    for (const s of t.sections) s.questions = s.questions.filter((q) => !ids.includes(q.id));
  };
const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `Choice ${i}` }));
const TICKS = [
  { value: 'herbs', label: 'Herbs' },
  { value: 'massage', label: 'Massage' },
];

const GOAL = 'sections.2.questions.0';
const SLEEP_HOURS = 'sections.3.questions.2';
const EXTRA = `sections.5.questions.${DEFAULT_INTAKE.sections[5].questions.length}`;
const NOTICE = 'expectations.notice_within';

describe('template rules', () => {
  it('finds nothing wrong with the default template', () => {
    expect(templateProblems(DEFAULT_INTAKE)).toEqual({});
  });

  it('locks the four questions the product reads and every baseline scale', () => {
    expect([...LOCKED_QUESTION_IDS].sort()).toEqual(
      ['about.name', 'about.email', 'story.text', 'consent.privacy', ...BASELINE_AREAS.map((a) => `baseline.${a}`)].sort(),
    );
  });

  it.each([
    ['a blank title', (t: IntakeTemplateContent) => void (t.title = '  '), 'title', 'is required'],
    ['a long title', (t: IntakeTemplateContent) => void (t.title = 'x'.repeat(121)), 'title', 'must be at most 120 characters'],
    ['no sections', (t: IntakeTemplateContent) => void (t.sections = []), 'sections', 'add at least one section'],
    [
      '31 sections',
      (t: IntakeTemplateContent) => t.sections.push(...Array.from({ length: 24 }, (_, i) => ({ id: `s${i}`, title: 'S', questions: [] }))),
      'sections',
      'must be at most 30 (now 31)',
    ],
    [
      '201 questions',
      (t: IntakeTemplateContent) =>
        t.sections.push({
          id: 'more',
          title: 'More',
          questions: Array.from({ length: 201 - DEFAULT_INTAKE.sections.flatMap((x) => x.questions).length }, (_, i) => ({
            id: `more.q${i}`,
            type: 'short_text' as const,
            label: 'Q',
            required: false,
          })),
        }),
      'sections',
      'must hold at most 200 questions in all (now 201)',
    ],
    [
      'a repeated section id',
      (t: IntakeTemplateContent) => void (t.sections[4].id = 'goals'),
      'sections.4.id',
      'must differ from the other sections’ ids',
    ],
    [
      'a section id with capitals',
      (t: IntakeTemplateContent) => void (t.sections[4].id = 'Support'),
      'sections.4.id',
      'must be lowercase letters, digits and _, starting with a letter',
    ],
    ['a blank section title', (t: IntakeTemplateContent) => void (t.sections[1].title = ''), 'sections.1.title', 'is required'],
    [
      'a long section title',
      (t: IntakeTemplateContent) => void (t.sections[1].title = 'x'.repeat(121)),
      'sections.1.title',
      'must be at most 120 characters',
    ],
    [
      'a long intro',
      (t: IntakeTemplateContent) => void (t.sections[1].intro = 'x'.repeat(1001)),
      'sections.1.intro',
      'must be at most 1000 characters',
    ],
    [
      'a question id with capitals',
      set('goals.1', { id: 'Goals.1' }),
      `${GOAL}.id`,
      'must be lowercase letters, digits and _, in parts joined by dots',
    ],
    [
      'a question id with an empty part',
      set('goals.1', { id: 'goals..1' }),
      `${GOAL}.id`,
      'must be lowercase letters, digits and _, in parts joined by dots',
    ],
    ['a question id over 80 characters', set('goals.1', { id: 'g'.repeat(81) }), `${GOAL}.id`, 'must be at most 80 characters'],
    ['a repeated question id', set('goals.2', { id: 'goals.1' }), 'sections.2.questions.1.id', 'must differ from the other questions’ ids'],
    ['a blank label', set('goals.1', { label: ' ' }), `${GOAL}.label`, 'is required'],
    ['a long label', set('goals.1', { label: 'x'.repeat(301) }), `${GOAL}.label`, 'must be at most 300 characters'],
    ['a long help text', set('goals.1', { help: 'x'.repeat(1001) }), `${GOAL}.help`, 'must be at most 1000 characters'],
    ['an unknown type', set('goals.1', { type: 'essay' }), `${GOAL}.type`, 'is not a known question type'],
    ['required that is not a boolean', set('goals.1', { required: 'yes' }), `${GOAL}.required`, 'must be true or false'],
    [
      'a choice with one option',
      extra({ type: 'single_choice', options: choices(1) }),
      `${EXTRA}.options`,
      'must offer at least 2 choices',
    ],
    ['a choice without options', extra({ type: 'multiple_choice' }), `${EXTRA}.options`, 'must offer at least 2 choices'],
    [
      'a choice with 31 options',
      extra({ type: 'single_choice', options: choices(31) }),
      `${EXTRA}.options`,
      'must offer at most 30 choices',
    ],
    [
      'a blank choice value',
      extra({ type: 'single_choice', options: [{ value: ' ', label: 'A' }, TICKS[0]] }),
      `${EXTRA}.options.0.value`,
      'is required',
    ],
    [
      'a choice value with spaces around it',
      extra({ type: 'single_choice', options: [{ value: 'a ', label: 'A' }, TICKS[0]] }),
      `${EXTRA}.options.0.value`,
      'must not start or end with a space',
    ],
    [
      'a long choice value',
      extra({ type: 'single_choice', options: [{ value: 'v'.repeat(81), label: 'A' }, TICKS[0]] }),
      `${EXTRA}.options.0.value`,
      'must be at most 80 characters',
    ],
    [
      'a repeated choice value',
      extra({ type: 'single_choice', options: [...TICKS, { value: 'herbs', label: 'Other' }] }),
      `${EXTRA}.options.2.value`,
      'must differ from the other choices’ values',
    ],
    [
      'a blank choice label',
      extra({ type: 'single_choice', options: [TICKS[0], { value: 'b', label: '' }] }),
      `${EXTRA}.options.1.label`,
      'is required',
    ],
    [
      'a repeated choice label, in other capitals',
      extra({ type: 'multiple_choice', options: [...TICKS, { value: 'c', label: 'HERBS ' }] }),
      `${EXTRA}.options.2.label`,
      'must differ from the other choices’ labels',
    ],
    [
      'a long choice label',
      extra({ type: 'single_choice', options: [TICKS[0], { value: 'b', label: 'x'.repeat(201) }] }),
      `${EXTRA}.options.1.label`,
      'must be at most 200 characters',
    ],
    [
      'options on a text question',
      set('goals.1', { options: TICKS }),
      `${GOAL}.options`,
      'must be empty: only choice questions have choices',
    ],
    ['a number with min above max', set('baseline.sleep_hours', { min: 30 }), `${SLEEP_HOURS}.min`, 'must not be above the maximum'],
    ['a number bound that is not a number', set('baseline.sleep_hours', { max: 'lots' }), `${SLEEP_HOURS}.max`, 'must be a number'],
    ['a scale from 11', extra({ type: 'scale', min: 11 }), `${EXTRA}.min`, 'must be a whole number from 0 to 10'],
    ['a scale to 2.5', extra({ type: 'scale', max: 2.5 }), `${EXTRA}.max`, 'must be a whole number from 0 to 10'],
    ['a scale from 5 to 5', extra({ type: 'scale', min: 5, max: 5 }), `${EXTRA}.min`, 'must be below the maximum'],
    ['a scale from 10, to the default 10', extra({ type: 'scale', min: 10 }), `${EXTRA}.min`, 'must be below the maximum'],
    ['bounds on a text question', set('goals.1', { min: 1 }), `${GOAL}.min`, 'must be empty: only number and scale questions have bounds'],
    [
      'a character limit on a number',
      set('baseline.sleep_hours', { maxLength: 5 }),
      `${SLEEP_HOURS}.maxLength`,
      'must be empty: only text questions have a character limit',
    ],
    ['a character limit of 0', set('goals.1', { maxLength: 0 }), `${GOAL}.maxLength`, 'must be a whole number from 1 to 20000'],
    [
      'a character limit over the story’s',
      set('goals.1', { maxLength: 20_001 }),
      `${GOAL}.maxLength`,
      'must be a whole number from 1 to 20000',
    ],
  ])('refuses %s', (_label, change, path, message) => {
    expect(templateProblems(edited(change))).toEqual({ [path]: message });
  });

  const showIf = (question: string, op: string, value: unknown) => extra({ showIf: { question, op, value } as Question['showIf'] });
  const multiple = extra({ id: 'expectations.ticks', type: 'multiple_choice', options: TICKS });
  const yesNo = extra({ id: 'expectations.yes', type: 'yes_no' });
  const after = (first: (t: IntakeTemplateContent) => void, then: (t: IntakeTemplateContent) => void) => (t: IntakeTemplateContent) => {
    first(t);
    then(t);
  };

  it.each([
    [
      'a question later in the form',
      showIf('consent.privacy', 'equals', true),
      'showIf.question',
      'must refer to a question earlier in the form',
    ],
    ['itself', showIf('expectations.extra', 'equals', 'x'), 'showIf.question', 'must refer to a question earlier in the form'],
    ['no such question', showIf('expectations.nobody', 'equals', 'x'), 'showIf.question', 'must refer to a question earlier in the form'],
    [
      'a text question',
      showIf('about.name', 'equals', 'Sam'),
      'showIf.question',
      'must refer to a choice, yes/no, scale or number question',
    ],
    [
      'a date question',
      showIf('about.date_of_birth', 'equals', '1980-01-01'),
      'showIf.question',
      'must refer to a choice, yes/no, scale or number question',
    ],
    ['a single choice, with includes', showIf(NOTICE, 'includes', 'days'), 'showIf.op', 'must be "equals" for a single choice question'],
    [
      'a multiple choice, with equals',
      after(multiple, showIf('expectations.ticks', 'equals', 'herbs')),
      'showIf.op',
      'must be "includes" for a multiple choice question',
    ],
    [
      'a multiple choice, with a choice not offered',
      after(multiple, showIf('expectations.ticks', 'includes', 'reiki')),
      'showIf.value',
      'must be one of the choices of that question',
    ],
    ['a single choice, with a choice not offered', showIf(NOTICE, 'equals', 'years'), 'showIf.value', 'must be one of the choices offered'],
    ['a scale, with 11', showIf('baseline.sleep', 'equals', 11), 'showIf.value', 'must be a whole number from 0 to 10'],
    ['a scale, with "7" as text', showIf('baseline.sleep', 'equals', '7'), 'showIf.value', 'must be written as 7'],
    ['a yes/no, with "yes" as text', after(yesNo, showIf('expectations.yes', 'equals', 'yes')), 'showIf.value', 'must be written as true'],
    ['a number, beyond its bounds', showIf('baseline.sleep_hours', 'equals', 30), 'showIf.value', 'must be at most 24'],
    ['a single choice, with a blank value', showIf(NOTICE, 'equals', ''), 'showIf.value', 'is required'],
  ])('refuses a show-if on %s', (_label, change, field, message) => {
    const t = edited(change);
    const at = t.sections[5].questions.findIndex((q) => q.showIf);
    expect(templateProblems(t)).toEqual({ [`sections.5.questions.${at}.${field}`]: message });
  });

  it.each([
    ['a single choice', showIf(NOTICE, 'equals', 'weeks')],
    ['a scale', showIf('baseline.sleep', 'equals', 3)],
    ['a number', showIf('baseline.sleep_hours', 'equals', 7.5)],
    ['a multiple choice', after(multiple, showIf('expectations.ticks', 'includes', 'massage'))],
    ['a yes/no in the same section', after(yesNo, showIf('expectations.yes', 'equals', false))],
  ])('accepts a show-if on %s earlier in the form', (_label, change) => {
    expect(templateProblems(edited(change))).toEqual({});
  });

  it.each([
    ['one missing locked question', remove('baseline.eating'), 'sections', 'must keep the question "Eating" (baseline.eating)'],
    [
      'several missing locked questions',
      remove('baseline.eating', 'baseline.sleep', 'consent.privacy'),
      'sections',
      'must keep the questions "Eating" (baseline.eating), "Sleep quality" (baseline.sleep) and "I understand that my answers are shared only with this practice, to prepare for working together." (consent.privacy)',
    ],
    [
      'a baseline scale turned into a number',
      set('baseline.eating', { type: 'number' }),
      'sections.3.questions.0.type',
      'must stay 0–10 scale: the product relies on this question',
    ],
    [
      'the e-mail turned into text',
      set('about.email', { type: 'short_text' }),
      'sections.0.questions.3.type',
      'must stay e-mail: the product relies on this question',
    ],
    [
      'the name made optional',
      set('about.name', { required: false }),
      'sections.0.questions.0.required',
      'must stay on: the product relies on this answer',
    ],
    [
      'consent made optional',
      set('consent.privacy', { required: false }),
      'sections.6.questions.0.required',
      'must stay on: the product relies on this answer',
    ],
    [
      'consent asked only sometimes',
      set('consent.privacy', { showIf: { question: NOTICE, op: 'equals', value: 'days' } }),
      'sections.6.questions.0.showIf',
      'must be empty: this question is always asked',
    ],
    [
      'a baseline on a shorter scale',
      set('baseline.sleep', { max: 5 }),
      'sections.3.questions.3.max',
      'must stay 10: reviews compare answers on the same scale',
    ],
  ])('refuses %s', (_label, change, path, message) => {
    expect(templateProblems(edited(change))).toEqual({ [path]: message });
  });

  it('lets locked questions be reworded, moved and (baselines) made optional', () => {
    const t = edited((c) => {
      const [eating] = c.sections[3].questions.splice(0, 1);
      c.sections[6].questions.push({ ...eating, label: 'Food and meals', help: 'Anything', required: false });
      question(c, 'about.name').label = 'Name';
    });
    expect(templateProblems(t)).toEqual({});
  });
});
