import { DEFAULT_INTAKE } from './default-template';
import { deepFreeze, fresh, ids, linked, refusal, text } from './example-templates';
import type { IntakeTemplateContent } from './template';
import {
  addQuestion,
  addSection,
  moveQuestion,
  moveSection,
  removeQuestion,
  removeSection,
  updateQuestion,
  updateSection,
} from './template-edits';
import { templateProblems } from './template-rules';

describe('template edits: sections', () => {
  it.each([
    ['Sleep habits', [], 'sleep_habits'],
    ['Sleep habits', ['Sleep habits'], 'sleep_habits_2'],
    ['Sleep habits', ['Sleep habits', 'Sleep: habits!'], 'sleep_habits_3'],
    ['Émotions & Stress', [], 'emotions_stress'],
    ['2024 plans', [], 'section_2024_plans'],
    ['治療', [], 'section'],
    ['Your goals', [], 'your_goals'],
    ['x'.repeat(60), [], 'x'.repeat(36)],
  ])('adds %j after %j with the id %j, last', (title, before, id) => {
    const t = before.reduce((c, b) => addSection(c, { title: b }), fresh());
    const after = addSection(deepFreeze(t), { title: `  ${title} `, intro: 'Some words.' });
    expect(after.sections.at(-1)).toEqual({ id, title, intro: 'Some words.', questions: [] });
    expect(after.sections).toHaveLength(t.sections.length + 1);
  });

  it('renames a section, keeps its id and drops a blank intro', () => {
    const t = updateSection(fresh(), 'story', { title: 'Your own words', intro: ' ' });
    expect(t.sections[1]).toEqual({ ...DEFAULT_INTAKE.sections[1], title: 'Your own words', intro: undefined });
    expect('intro' in t.sections[1]).toBe(false);
    expect(templateProblems(t)).toEqual({});
  });

  it.each([
    ['adding a section without a title', () => addSection(fresh(), { title: ' ' }), { 'sections.7.title': 'is required' }],
    [
      'a long intro',
      () => updateSection(fresh(), 'goals', { title: 'Goals', intro: 'x'.repeat(1001) }),
      { 'sections.2.intro': 'must be at most 1000 characters' },
    ],
    [
      'removing a section holding a locked question',
      () => removeSection(fresh(), 'baseline'),
      {
        'sections.3':
          'cannot be removed: it holds "Eating" (baseline.eating), "Sleep quality" (baseline.sleep), "Movement and exercise" (baseline.movement), "Emotional life and stress" (baseline.emotions), which the product relies on',
      },
    ],
    [
      'removing a section a later show-if depends on',
      () => removeSection(linked(), 'goals'),
      { 'sections.2': 'cannot be removed: the show-if of "People who support you" (support.people) depends on its answers' },
    ],
    ['moving the first section up', () => moveSection(fresh(), 'about', 'up'), { 'sections.0': 'is already the first section' }],
    ['moving the last section down', () => moveSection(fresh(), 'consent', 'down'), { 'sections.6': 'is already the last section' }],
    [
      'moving a section above the answer its show-if depends on',
      () => moveSection(moveSection(linked(), 'support', 'up'), 'support', 'up'),
      {
        'sections.3':
          'would put "People who support you" (support.people) before "Anything else?" (goals.anything_else), the answer its show-if depends on',
      },
    ],
    [
      'moving a section below a show-if that depends on it',
      () => moveSection(moveSection(linked(), 'goals', 'down'), 'goals', 'down'),
      {
        'sections.3':
          'would put "People who support you" (support.people) before "Anything else?" (goals.anything_else), the answer its show-if depends on',
      },
    ],
  ])('refuses %s', (_label, edit, fields) => {
    expect(refusal(edit)).toEqual({ code: 'TEMPLATE_EDIT_REFUSED', fields });
  });

  it('removes a section, with the show-ifs inside it', () => {
    const asked = addQuestion(fresh(), 'goals', { type: 'yes_no', label: 'Anything else?', required: false });
    const t = deepFreeze(addQuestion(asked, 'goals', text('What else?', { showIf: { question: 'goals.anything_else', value: true } })));
    expect(ids(removeSection(t, 'goals'))).toEqual(ids(fresh()).filter((line) => !line.startsWith('goals:')));
  });

  it('finds no such section', () => {
    expect(refusal(() => removeSection(fresh(), 'nothing')).code).toBe('NOT_FOUND');
  });

  it.each([
    ['goals', 'up', ['about', 'goals', 'story', 'baseline', 'support', 'expectations', 'consent']],
    ['goals', 'down', ['about', 'story', 'baseline', 'goals', 'support', 'expectations', 'consent']],
    ['expectations', 'down', ['about', 'story', 'goals', 'baseline', 'support', 'consent', 'expectations']],
  ] as const)('moves %s %s', (id, direction, order) => {
    expect(moveSection(fresh(), id, direction).sections.map((s) => s.id)).toEqual(order);
  });
});

describe('edits never change their input', () => {
  const input = () => deepFreeze(structuredClone(linked()));
  it.each([
    ['addSection', (t: IntakeTemplateContent) => addSection(t, { title: 'More' })],
    ['updateSection', (t: IntakeTemplateContent) => updateSection(t, 'goals', { title: 'Aims', intro: 'Up to five.' })],
    ['removeSection', (t: IntakeTemplateContent) => removeSection(t, 'support')],
    ['moveSection', (t: IntakeTemplateContent) => moveSection(t, 'support', 'up')],
    ['addQuestion', (t: IntakeTemplateContent) => addQuestion(t, 'support', text('More'))],
    ['updateQuestion', (t: IntakeTemplateContent) => updateQuestion(t, 'goals.1', text('First'))],
    ['removeQuestion', (t: IntakeTemplateContent) => removeQuestion(t, 'goals.2')],
    ['moveQuestion within a section', (t: IntakeTemplateContent) => moveQuestion(t, 'goals.2', 'down')],
    ['moveQuestion across sections', (t: IntakeTemplateContent) => moveQuestion(t, 'goals.1', 'up')],
  ])('%s', (_label, edit) => {
    const t = input();
    const result = edit(t);
    expect(t).toEqual(linked());
    expect(result).not.toEqual(t);
    expect(templateProblems(result)).toEqual({});
  });
});
