import { deepFreeze, fresh, ids, inputOf, linked, NOTICE, question, refusal, text } from './example-templates';
import type { IntakeTemplateContent } from './template';
import { addQuestion, moveQuestion, parseOptions, removeQuestion, updateQuestion } from './template-edits';
import { templateProblems } from './template-rules';

describe('template edits: questions', () => {
  it.each([
    ['Your sleep', [], 'baseline.your_sleep'],
    ['Eating', [], 'baseline.eating_2'],
    ['Your sleep', ['Your sleep'], 'baseline.your_sleep_2'],
    ['¿Dónde vives?', [], 'baseline.donde_vives'],
    ['?!', [], 'baseline.question'],
    ['word '.repeat(20), [], `baseline.${'word_'.repeat(7)}w`],
  ])('adds %j after %j with the id %j, last in its section', (label, before, id) => {
    const t = deepFreeze(before.reduce((c, b) => addQuestion(c, 'baseline', text(b)), fresh()));
    const after = addQuestion(t, 'baseline', text(label));
    expect(after.sections[3].questions.at(-1)).toEqual({ id, type: 'short_text', label: label.trim(), required: false });
    expect(templateProblems(after)).toEqual({});
  });

  it('does not reuse an id from an earlier version', () => {
    expect(addQuestion(fresh(), 'goals', text('Focus'), ['goals.focus']).sections[2].questions.at(-1)!.id).toBe('goals.focus_2');
  });

  it('keeps only what the type uses, trims text and stores the show-if as answers are stored', () => {
    const t = addQuestion(fresh(), 'support', {
      type: 'single_choice',
      label: ' Which? ',
      help: '  ',
      required: true,
      options: [
        { value: ' a ', label: ' A ' },
        { value: 'b', label: 'B' },
      ],
      min: 1,
      max: 5,
      maxLength: 10,
      showIf: { question: 'baseline.sleep', value: '3' },
    });
    expect(question(t, 'support.which')).toEqual({
      id: 'support.which',
      type: 'single_choice',
      label: 'Which?',
      required: true,
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
      showIf: { question: 'baseline.sleep', op: 'equals', value: 3 },
    });
  });

  it.each([
    [
      { question: 'goals.anything_else', value: 'yes' },
      { question: 'goals.anything_else', op: 'equals', value: true },
    ],
    [
      { question: 'baseline.sleep_hours', value: '7,5' },
      { question: 'baseline.sleep_hours', op: 'equals', value: 7.5 },
    ],
    [
      { question: NOTICE, value: ' days ' },
      { question: NOTICE, op: 'equals', value: 'days' },
    ],
    [{ question: ' ', value: '' }, undefined],
  ])('turns the form’s show-if %j into %j', (showIf, stored) => {
    const t = updateQuestion(linked(), 'expectations.preferences', { ...inputOf(linked(), 'expectations.preferences'), showIf });
    expect(question(t, 'expectations.preferences')!.showIf).toEqual(stored);
  });

  it('keeps the id when the label changes, again and again', () => {
    let t = fresh();
    for (const label of ['Goal number one', 'Your first goal', 'Eating']) t = deepFreeze(updateQuestion(t, 'goals.1', text(label)));
    expect(question(t, 'goals.1')).toEqual({ id: 'goals.1', type: 'short_text', label: 'Eating', required: false });
    expect(ids(t)).toEqual(ids(fresh()));
  });

  it('lets a locked question be reworded', () => {
    const t = updateQuestion(fresh(), 'baseline.eating', { ...inputOf(fresh(), 'baseline.eating'), label: 'Food', help: 'Meals' });
    expect(question(t, 'baseline.eating')).toMatchObject({ label: 'Food', help: 'Meals', type: 'scale' });
  });

  it.each([
    ['a question without a label', () => addQuestion(fresh(), 'goals', text(' ')), { 'sections.2.questions.5.label': 'is required' }],
    [
      'a choice with one option',
      () => addQuestion(fresh(), 'goals', { ...text('Pick'), type: 'multiple_choice', options: parseOptions('Only') }),
      { 'sections.2.questions.5.options': 'must offer at least 2 choices' },
    ],
    [
      'a show-if on a later question',
      () => addQuestion(fresh(), 'goals', text('Why?', { showIf: { question: NOTICE, value: 'days' } })),
      { 'sections.2.questions.5.showIf.question': 'must refer to a question earlier in the form' },
    ],
    [
      'a show-if value not offered',
      () => addQuestion(fresh(), 'consent', text('Why?', { showIf: { question: NOTICE, value: 'years' } })),
      { 'sections.6.questions.1.showIf.value': 'must be one of the choices offered' },
    ],
    [
      'changing a locked question’s type',
      () => updateQuestion(fresh(), 'baseline.eating', { ...inputOf(fresh(), 'baseline.eating'), type: 'number' }),
      { 'sections.3.questions.0.type': 'must stay 0–10 scale: the product relies on this question' },
    ],
    [
      'making the e-mail optional',
      () => updateQuestion(fresh(), 'about.email', { ...inputOf(fresh(), 'about.email'), required: false }),
      { 'sections.0.questions.3.required': 'must stay on: the product relies on this answer' },
    ],
    [
      'dropping the choice a later show-if needs',
      () =>
        updateQuestion(linked(), NOTICE, {
          ...inputOf(linked(), NOTICE),
          options: parseOptions('days | Within days\nmonths | Within months'),
        }),
      {
        'sections.5.questions.0.options':
          'would break the show-if of "About how many days, weeks or months?" (expectations.notice_within_amount)',
      },
    ],
    [
      'changing the type a later show-if needs',
      () => updateQuestion(linked(), 'goals.anything_else', text('Anything else?')),
      { 'sections.2.questions.5.type': 'would break the show-if of "People who support you" (support.people)' },
    ],
    [
      'removing a locked question',
      () => removeQuestion(fresh(), 'consent.privacy'),
      { 'sections.6.questions.0': 'is used by the product and cannot be removed' },
    ],
    [
      'removing a question a show-if uses',
      () => removeQuestion(linked(), NOTICE),
      {
        'sections.5.questions.0':
          'cannot be removed: the show-if of "About how many days, weeks or months?" (expectations.notice_within_amount) uses it',
      },
    ],
    [
      'moving the first question up',
      () => moveQuestion(fresh(), 'about.name', 'up'),
      { 'sections.0.questions.0': 'is already the first question' },
    ],
    [
      'moving the last question down',
      () => moveQuestion(fresh(), 'consent.privacy', 'down'),
      { 'sections.6.questions.0': 'is already the last question' },
    ],
    [
      'moving a question above its show-if’s source',
      () => moveQuestion(linked(), 'expectations.notice_within_amount', 'up'),
      {
        'sections.5.questions.1':
          'would put "About how many days, weeks or months?" (expectations.notice_within_amount) before "When do you hope to notice a change?" (expectations.notice_within), the answer its show-if depends on',
      },
    ],
    [
      'moving a show-if’s source below it',
      () => moveQuestion(linked(), NOTICE, 'down'),
      {
        'sections.5.questions.0':
          'would put "About how many days, weeks or months?" (expectations.notice_within_amount) before "When do you hope to notice a change?" (expectations.notice_within), the answer its show-if depends on',
      },
    ],
  ])('refuses %s', (_label, edit, fields) => {
    expect(refusal(edit)).toEqual({ code: 'TEMPLATE_EDIT_REFUSED', fields });
  });

  it.each([
    ['updating', () => updateQuestion(fresh(), 'goals.9', text('x'))],
    ['removing', () => removeQuestion(fresh(), 'goals.9')],
    ['moving', () => moveQuestion(fresh(), 'goals.9', 'up')],
    ['adding to a missing section', () => addQuestion(fresh(), 'nowhere', text('x'))],
  ])('finds no such question when %s', (_label, edit) => {
    expect(refusal(edit).code).toBe('NOT_FOUND');
  });

  it.each([
    ['a label change', (t: IntakeTemplateContent) => updateQuestion(t, NOTICE, { ...inputOf(t, NOTICE), label: 'When?' })],
    ['an unrelated move', (t: IntakeTemplateContent) => moveQuestion(t, 'goals.1', 'down')],
  ])('does not blame %s for a show-if that was already broken', (_label, edit) => {
    const broken = structuredClone(linked());
    broken.sections[5].questions[1].showIf = { question: NOTICE, op: 'equals', value: 'years' };
    broken.sections[0].questions[1].showIf = { question: 'consent.privacy', op: 'equals', value: true };
    expect(() => edit(deepFreeze(broken))).not.toThrow();
  });

  it('removes a question', () => {
    const t = removeQuestion(fresh(), 'goals.3');
    expect(t.sections[2].questions.map((q) => q.id)).toEqual(['goals.1', 'goals.2', 'goals.4', 'goals.5']);
  });

  it.each([
    ['goals.3', 'up', 'goals: goals.1 goals.3 goals.2 goals.4 goals.5', 'baseline.eating'],
    ['goals.3', 'down', 'goals: goals.1 goals.2 goals.4 goals.3 goals.5', 'baseline.eating'],
    ['goals.1', 'up', 'goals: goals.2 goals.3 goals.4 goals.5', 'story.text goals.1'],
    ['goals.5', 'down', 'goals: goals.1 goals.2 goals.3 goals.4', 'goals.5 baseline.eating'],
  ] as const)('moves %s %s, across the section edge when at it', (id, direction, goals, neighbours) => {
    const t = moveQuestion(fresh(), id, direction);
    expect(ids(t)[2]).toBe(goals);
    expect(t.sections.flatMap((s) => s.questions.map((q) => q.id)).join(' ')).toContain(neighbours);
    expect(templateProblems(t)).toEqual({});
  });

  it('moves a show-if and its source across section edges, as their order stays', () => {
    let t = moveQuestion(linked(), 'goals.anything_else', 'down'); // to the start of baseline
    t = moveQuestion(deepFreeze(t), 'support.people', 'up'); // to the end of baseline
    expect(ids(t)[3]).toBe(`baseline: goals.anything_else ${ids(fresh())[3].slice('baseline: '.length)} support.people`);
    expect(templateProblems(t)).toEqual({});
  });
});
