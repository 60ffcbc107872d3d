import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import type { AnswerValue, Answers, IntakeTemplateContent, Question } from './template';

export interface AnswerLine {
  id: string;
  label: string;
  text: string;
  long: boolean;
}

export interface AnswerSection {
  id: string;
  title: string;
  answers: AnswerLine[];
}

/** One answer as a person reads it: option labels, "7 of 10", "Yes" (in `language`: the words around the practice's own). */
export function displayAnswer(q: Question, value: AnswerValue, language: Language = DEFAULT_LANGUAGE): string {
  if (value === null || value === undefined) return '';
  const option = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  switch (q.type) {
    case 'yes_no':
      return t(language, value ? 'intake.answer.yes' : 'intake.answer.no');
    case 'single_choice':
      return option(String(value));
    case 'multiple_choice':
      return (Array.isArray(value) ? value : [String(value)]).map(option).join(', ');
    case 'scale':
      return t(language, 'intake.answer.scale', { value: String(value), max: q.max ?? 10 });
    default:
      return String(value);
  }
}

/**
 * The answers by section, for staff and for the client's own copy. The story comes first: it is
 * what the practitioner should read before anything else. Unanswered questions are left out.
 */
export function answerSections(
  content: IntakeTemplateContent,
  answers: Answers,
  storyFirst = true,
  language: Language = DEFAULT_LANGUAGE,
): AnswerSection[] {
  const sections = content.sections.map((s) => ({
    id: s.id,
    title: s.title,
    answers: s.questions
      .filter((q) => answers[q.id] !== undefined && answers[q.id] !== null)
      .map((q) => ({ id: q.id, label: q.label, text: displayAnswer(q, answers[q.id], language), long: q.type === 'long_text' })),
  }));
  if (!storyFirst) return sections;
  const story = sections.filter((s) => s.answers.some((a) => a.id === 'story.text'));
  return [...story, ...sections.filter((s) => !story.includes(s))];
}
