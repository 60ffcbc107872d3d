import { AnswersCipher, AnswersTable } from '../../src/intake/sealed-answers';
import type { Answers } from '../../src/intake/template';
import type { TestApp } from './test-app';

/** A row's answers as stored (free text encrypted), and opened with the app's key. */
export async function storedAnswers(t: TestApp, table: AnswersTable, id: string): Promise<{ raw: Answers; opened: Answers }> {
  const column = table === 'intakes' ? 'id' : 'intake_id';
  const [row] = await t.sql<{ id: string; answers: Answers }>(`SELECT id, answers FROM ${table} WHERE ${column} = $1`, [id]);
  return { raw: row.answers, opened: t.app.get(AnswersCipher).open(row.answers, table, row.id) };
}
