import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';

interface Measure {
  words: number;
  sentences: number;
  syllables: number;
}
/** scripts/plain-language-core.js: plain CommonJS, so that CI runs it with node alone. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require(join(PROJECT_ROOT, 'scripts', 'plain-language-core.js')) as {
  syllables: (word: string) => number;
  measure: (message: string) => Measure;
  grade: (m: Measure) => number;
  gradeOf: (text: string) => number;
  maxGrade: (env: Record<string, string | undefined>) => number;
  exitCode: (grade: number, limit: number) => number;
  report: (
    files: Record<string, Record<string, string>>,
    hardest?: number,
    minWords?: number,
  ) => {
    rows: Array<{ file: string; messages: number; words: number; grade: number }>;
    overall: { messages: number; words: number; sentences: number; grade: number };
    hardest: Array<{ file: string; key: string; grade: number }>;
  };
};

describe('plain language: counting syllables', () => {
  it.each([
    ['the', 1],
    ['care', 1], // silent final e
    ['agree', 2],
    ['simple', 2], // -le after a consonant
    ['table', 2],
    ['tables', 2],
    ['asked', 1], // -ed, silent
    ['shared', 1],
    ['wanted', 2], // -ed after t or d
    ['needed', 2],
    ['handled', 2],
    ['called', 1],
    ['makes', 1], // -es, silent
    ['changes', 2], // -es after a hiss
    ['boxes', 2],
    ['places', 2],
    ['your', 1], // y at the start is a consonant
    ['beyond', 2],
    ['studying', 3],
    ['going', 2],
    ['trial', 2], // vowels that split
    ['period', 3],
    ['actual', 3],
    ['nation', 2],
    ['question', 2],
    ['practitioner', 4],
    ['agreement', 3],
    ['review', 2],
    ['together', 3],
    ['careful', 2], // the silent e inside
    ['timeline', 2],
    ['sometimes', 2],
    ['likely', 2],
    ['client', 2], // from the list of words the rules miss
    ['someone', 2],
    ["you're", 1],
    ['42', 0],
  ])('%s: %i', (word, count) => expect(core.syllables(word)).toBe(count));
});

describe('plain language: the grade', () => {
  it('measures a message: placeholders out, each message at least one sentence', () => {
    expect(core.measure('Hello {name},')).toEqual({ words: 1, sentences: 1, syllables: 2 });
    expect(core.measure('Send my answers')).toEqual({ words: 3, sentences: 1, syllables: 4 });
    expect(core.measure('Thank you. We have your answers!')).toEqual({ words: 6, sentences: 2, syllables: 7 });
  });

  it('computes the Flesch–Kincaid grade of known passages', () => {
    // 11 words, 2 sentences, 11 syllables: 0.39 × 5.5 + 11.8 × 1 − 15.59 = −1.645.
    expect(core.gradeOf('The cat sat on the mat. It was a good day.')).toBe(-1.6);
    // 4 words, 1 sentence, 4 + 5 + 2 + 4 = 15 syllables: 0.39 × 4 + 11.8 × 3.75 − 15.59 = 30.22.
    expect(core.gradeOf('Understanding documentation requires concentration.')).toBe(30.2);
    // 15 words, 1 sentence, 21 syllables: 0.39 × 15 + 11.8 × 21/15 − 15.59 = 6.78.
    expect(core.gradeOf('You and your practitioner look back together at how things are going for you now.')).toBe(6.8);
  });

  it('reports per file and overall, hardest messages first, and fails above the limit', () => {
    const result = core.report(
      {
        'easy.json': { a: 'The cat sat on the mat.', b: 'It was a good day.' },
        'hard.json': { c: 'Understanding documentation requires concentration and considerable determination.' },
      },
      10,
      1,
    );
    expect(result.rows.map((r) => [r.file, r.messages, r.words])).toEqual([
      ['easy.json', 2, 11],
      ['hard.json', 1, 7],
    ]);
    expect(result.overall).toMatchObject({ messages: 3, words: 18, sentences: 3 });
    expect(result.hardest[0].key).toBe('c');
    expect(core.exitCode(result.overall.grade, 8)).toBe(result.overall.grade > 8 ? 1 : 0);
    expect(core.exitCode(8, 8)).toBe(0);
    expect(core.exitCode(8.1, 8)).toBe(1);
    expect(core.maxGrade({})).toBe(8);
    expect(core.maxGrade({ PLAIN_LANGUAGE_MAX_GRADE: '6.5' })).toBe(6.5);
    expect(core.maxGrade({ PLAIN_LANGUAGE_MAX_GRADE: 'high' })).toBe(8);
  });
});
