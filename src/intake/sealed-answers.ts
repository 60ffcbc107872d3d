import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../crypto/field-cipher';
import type { SealedColumn } from '../crypto/sealed-column';
import { LeafPath, openJson, sealJson } from '../crypto/sealed-json';
import { questionsById } from './answers';
import type { Answers, IntakeTemplateContent, Question } from './template';

/**
 * Which answers are encrypted at rest: what the client writes in their own words (short and long
 * text: the story, goals, pronouns, the baseline in words, support, preferences). Names stay
 * readable by SQL, as do e-mail, phone, dates, numbers, scales and choices: the inbox searches the
 * name and e-mails greet with it (`answers->>'about.name'`), the preferred name signs the client's
 * comments on a check, and none of these is the story.
 */
export const PLAINTEXT_ANSWERS: ReadonlySet<string> = new Set(['about.name', 'about.preferred_name']);

export const sealsAnswer = (q: Question | undefined): boolean =>
  !!q && (q.type === 'short_text' || q.type === 'long_text') && !PLAINTEXT_ANSWERS.has(q.id);

/** One answer per key: a string answer's path is its question id alone. */
const sealsLeaf = (content: IntakeTemplateContent, path: LeafPath) =>
  path.length === 1 && sealsAnswer(questionsById(content).get(String(path[0])));

const answersColumn = (table: 'intakes' | 'intake_submissions', immutable: boolean): SealedColumn => ({
  table,
  column: 'answers',
  kind: 'json',
  seals: (path, content) => sealsLeaf(content as IntakeTemplateContent, path),
  contextSql: '(SELECT v.content FROM intake_template_versions v WHERE v.id = t.template_version_id)',
  immutable,
});

/** The draft (the autosave merges encrypted values into it, one per answer) and the submission. */
export const INTAKE_SEALED_COLUMNS: SealedColumn[] = [answersColumn('intakes', false), answersColumn('intake_submissions', true)];

export type AnswersTable = 'intakes' | 'intake_submissions';

/** Encrypts and opens a row's answers; each value is bound to its row and question. */
@Injectable()
export class AnswersCipher {
  constructor(private readonly cipher: FieldCipher) {}

  seal(content: IntakeTemplateContent, answers: Answers, table: AnswersTable, id: string): Answers {
    return sealJson(this.cipher, answers, { table, id, column: 'answers' }, (path) => sealsLeaf(content, path));
  }

  open(answers: Answers, table: AnswersTable, id: string): Answers {
    return openJson(this.cipher, answers, { table, id, column: 'answers' });
  }
}
