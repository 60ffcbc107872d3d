import { checkAnswers, normalizeAnswer, visibleQuestionIds } from './answers';
import { DEFAULT_INTAKE } from './default-template';
import type { IntakeTemplateContent, Question } from './template';

const q = (over: Partial<Question>): Question => ({ id: 'q', type: 'short_text', label: 'Q', required: false, ...over });
const choices = [
  { value: 'a', label: 'A' },
  { value: 'b', label: 'B' },
];

describe('one answer', () => {
  it.each([
    ['short text', q({ maxLength: 5 }), ' hello ', 'hello'],
    ['a single choice', q({ type: 'single_choice', options: choices }), 'b', 'b'],
    ['a multiple choice', q({ type: 'multiple_choice', options: choices }), ['a', 'b', 'a'], ['a', 'b']],
    ['one ticked box of a multiple choice', q({ type: 'multiple_choice', options: choices }), 'a', ['a']],
    ['a scale from a form', q({ type: 'scale' }), '7', 7],
    ['a scale from the API', q({ type: 'scale' }), 0, 0],
    ['a number with a decimal comma', q({ type: 'number', min: 0, max: 24 }), '7,5', 7.5],
    ['yes', q({ type: 'yes_no' }), 'yes', true],
    ['no', q({ type: 'yes_no' }), false, false],
    ['a date', q({ type: 'date' }), '1980-02-29', '1980-02-29'],
    ['an e-mail', q({ type: 'email' }), 'Sam@Example.org', 'sam@example.org'],
    ['a phone', q({ type: 'phone' }), '+1 (541) 555-0100', '+1 (541) 555-0100'],
    ['a blank', q({}), '   ', null],
  ])('accepts %s', (_label, question, raw, value) => {
    expect(normalizeAnswer(question, raw)).toEqual({ value });
  });

  it.each([
    ['text over its limit', q({ maxLength: 5 }), 'toolong', 'must be at most 5 characters (now 7)'],
    ['a choice not offered', q({ type: 'single_choice', options: choices }), 'z', 'must be one of the choices offered'],
    ['a scale of 11', q({ type: 'scale' }), '11', 'must be a whole number from 0 to 10'],
    ['a scale of 2.5', q({ type: 'scale' }), 2.5, 'must be a whole number from 0 to 10'],
    ['a number below its minimum', q({ type: 'number', min: 0 }), '-1', 'must be at least 0'],
    ['a date that does not exist', q({ type: 'date' }), '1981-02-29', 'must be a real date, written like 1980-04-23'],
    ['a malformed e-mail', q({ type: 'email' }), 'sam@', 'must be an e-mail address like name@example.com'],
    ['maybe for yes or no', q({ type: 'yes_no' }), 'maybe', 'must be yes or no'],
    ['an object for text', q({}), { a: 1 }, 'must be text'],
  ])('refuses %s', (_label, question, raw, problem) => {
    expect(normalizeAnswer(question, raw)).toEqual({ problem });
  });
});

const branching: IntakeTemplateContent = {
  title: 't',
  sections: [
    {
      id: 's',
      title: 'S',
      questions: [
        q({ id: 'pain', type: 'yes_no', required: true }),
        q({
          id: 'where',
          type: 'multiple_choice',
          options: [
            { value: 'back', label: 'Back' },
            { value: 'neck', label: 'Neck' },
          ],
          required: true,
          showIf: { question: 'pain', op: 'equals', value: true },
        }),
        q({ id: 'back_detail', required: true, showIf: { question: 'where', op: 'includes', value: 'back' } }),
      ],
    },
  ],
};

describe('show-if rules', () => {
  it.each([
    [{}, ['pain']],
    [{ pain: false }, ['pain']],
    [{ pain: true }, ['pain', 'where']],
    [{ pain: true, where: ['neck'] }, ['pain', 'where']],
    [{ pain: true, where: ['back'] }, ['pain', 'where', 'back_detail']],
    [{ pain: false, where: ['back'] }, ['pain']], // hidden parents hide their children
  ])('with %j shows %j', (answers, shown) => {
    expect([...visibleQuestionIds(branching, answers)]).toEqual(shown);
  });
});

describe('checking answers', () => {
  it('lets a draft be half-filled, checking only what is there', () => {
    expect(checkAnswers(DEFAULT_INTAKE, { 'about.name': 'Sam', 'baseline.sleep': '12' }, false)).toEqual({
      answers: { 'about.name': 'Sam' },
      problems: { 'baseline.sleep': 'must be a whole number from 0 to 10' },
    });
  });

  it('refuses unknown question ids by name', () => {
    expect(checkAnswers(DEFAULT_INTAKE, { 'not.a.question': 'x' }, false).problems).toEqual({
      'not.a.question': 'is not a question on this form',
    });
  });

  it('on submission requires every shown required question and drops answers to hidden ones', () => {
    const { answers, problems } = checkAnswers(branching, { pain: 'no', back_detail: 'stale' }, true);
    expect(answers).toEqual({ pain: false });
    expect(problems).toEqual({});
    expect(checkAnswers(branching, { pain: 'yes' }, true).problems).toEqual({ where: 'is required' });
  });

  it('knows what the default intake requires', () => {
    expect(Object.keys(checkAnswers(DEFAULT_INTAKE, {}, true).problems).sort()).toEqual(
      [
        'about.date_of_birth',
        'about.email',
        'about.name',
        'baseline.eating',
        'baseline.emotions',
        'baseline.movement',
        'baseline.sleep',
        'baseline.sleep_hours',
        'consent.privacy',
        'expectations.notice_within',
        'goals.1',
        'story.text',
      ].sort(),
    );
  });

  it('gives the default intake unique, stable question ids, with the daily-life baseline under baseline.*', () => {
    const ids = DEFAULT_INTAKE.sections.flatMap((s) => s.questions.map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => /^baseline\.(eating|sleep|movement|emotions)$/.test(id))).toEqual([
      'baseline.eating',
      'baseline.sleep',
      'baseline.movement',
      'baseline.emotions',
    ]);
  });
});
