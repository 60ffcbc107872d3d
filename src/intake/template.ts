/**
 * An intake form as data. Sections hold questions; every question has an id that never changes
 * across versions (the review issue asks the same baseline questions again and compares), a type,
 * and optionally a show-if rule on an earlier answer. A published version is immutable, and each
 * submission keeps the version it was answered on.
 */
export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'scale',
  'yes_no',
  'date',
  'number',
  'email',
  'phone',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface ShowIf {
  /** An earlier question's id. */
  question: string;
  /** `equals` for single choice, yes/no, scale and number; `includes` for multiple choice. */
  op: 'equals' | 'includes';
  value: string | number | boolean;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: string;
  help?: string;
  required: boolean;
  /** For single and multiple choice. */
  options?: Array<{ value: string; label: string }>;
  /** For number: bounds; for long text: the character limit. */
  min?: number;
  max?: number;
  maxLength?: number;
  showIf?: ShowIf;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  questions: Question[];
}

export interface IntakeTemplateContent {
  title: string;
  sections: Section[];
}

export type AnswerValue = string | number | boolean | string[] | null;
export type Answers = Record<string, AnswerValue>;

/** A long story is welcome: about ten pages of text. */
export const STORY_LIMIT = 20_000;
