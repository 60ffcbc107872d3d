'use strict';
/*
 * Plain-language measures for the English message catalogs (locales/en/*.json): words, sentences,
 * syllables and the Flesch–Kincaid grade level,
 *   0.39 × words/sentences + 11.8 × syllables/words − 15.59.
 * No dependency: the syllable counter follows the usual English rules (vowel groups, a silent final
 * e, "-le", "-ed" and "-es" endings, vowels that split into two syllables) with a short list of
 * words the rules get wrong. scripts/plain-language.js prints the report; specs in
 * src/i18n/plain-language.spec.ts.
 */

/** Words the rules below miscount, with their syllables. */
const EXCEPTIONS = {
  anyone: 3,
  area: 3,
  being: 2,
  business: 2,
  client: 2,
  clients: 2,
  create: 2,
  created: 3,
  creates: 3,
  diet: 2,
  everyone: 3,
  idea: 3,
  ideas: 3,
  maybe: 2,
  quiet: 2,
  recipe: 3,
  science: 2,
  someone: 2,
};

/** Endings after which the "e" of a compound's first part is silent: "careful", "timeline", "likely". */
const SILENT_E_BEFORE = /[aeiouy][bcdfgklmnprstvz]e(?=(?:ment|ful|less|ness|ly|line|time|where|thing|body|work|way))/g;

/** Syllables in one English word (0 for something with no letters). */
function syllables(raw) {
  let word = String(raw)
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z]/g, '');
  if (!word) return 0;
  if (EXCEPTIONS[word] !== undefined) return EXCEPTIONS[word];
  if (word.length <= 3) return 1;
  // The silent "e" inside compounds and before suffixes: "careful", "sometimes", "lovely".
  let extra = -(word.match(SILENT_E_BEFORE) || []).length;
  // "-es": its own syllable after a hiss ("boxes", "places", "changes") or a consonant + "l" ("tables"); silent otherwise ("makes").
  if (/[^aeiouy]es$/.test(word) && !/(?:[sxzcg]|ch|sh|[^aeiouyl]l)es$/.test(word)) word = word.slice(0, -2);
  // "-ed": its own syllable after t or d ("wanted", "needed") or a consonant + "l" ("handled"); silent otherwise ("asked").
  else if (/ed$/.test(word) && !/(?:[td]|[^aeiouyl]l)ed$/.test(word)) word = word.slice(0, -2);
  // A final "e" is silent ("care"), but not in "-le" after a consonant ("simple") nor in "ee" ("agree").
  else if (/e$/.test(word) && !/(?:[^aeiouy]le|ee)$/.test(word)) word = word.slice(0, -1);
  // "y" is a consonant at the start of a word ("your") and between vowels ("beyond").
  word = word.replace(/^y/, 'x').replace(/([aeiou])y(?=[aeiou])/g, '$1x');
  // Vowels side by side that are two syllables: "trial", "period", "medium", "actual", "going", "studying", "easier".
  extra += (word.match(/[^cstg]ia/g) || []).length;
  extra += (word.match(/[^cstgx]io/g) || []).length;
  extra += (word.match(/iu/g) || []).length;
  extra += (word.match(/[^gq]ua/g) || []).length;
  extra += (word.match(/[aeiou]ing/g) || []).length;
  extra += (word.match(/[^aeiou]y[aeiou]/g) || []).length;
  extra += /ie(?:r|st)$/.test(word) ? 1 : 0;
  const groups = (word.match(/[aeiouy]+/g) || []).length;
  return Math.max(1, groups + extra);
}

/** A catalog message as prose: placeholders ("{name}") and markup left out. */
const prose = (message) =>
  String(message)
    .replace(/\{\w+\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/g;

/** Words, sentences and syllables of one message; every message is at least one sentence. */
function measure(message) {
  const text = prose(message);
  const words = text.match(WORD) || [];
  const ends = (text.match(/[.!?]+(?=\s|$|["”’)])/g) || []).length;
  // A message that ends without a full stop ("Send my answers") is still a sentence of its own.
  const sentences = words.length ? Math.max(1, ends + (/[.!?]["”’)]?$/.test(text) ? 0 : 1)) : 0;
  return { words: words.length, sentences, syllables: words.reduce((sum, w) => sum + syllables(w), 0) };
}

/** The sum of several measures. */
function total(measures) {
  return measures.reduce(
    (sum, m) => ({ words: sum.words + m.words, sentences: sum.sentences + m.sentences, syllables: sum.syllables + m.syllables }),
    { words: 0, sentences: 0, syllables: 0 },
  );
}

/** Flesch–Kincaid grade level of a measure (0 when there are no words), to one decimal. */
function grade(m) {
  if (!m.words || !m.sentences) return 0;
  return Math.round((0.39 * (m.words / m.sentences) + 11.8 * (m.syllables / m.words) - 15.59) * 10) / 10;
}

/** The grade of a passage of text. */
const gradeOf = (text) => grade(measure(text));

/** The highest grade allowed: PLAIN_LANGUAGE_MAX_GRADE, else 8. */
function maxGrade(env) {
  const value = Number((env || {}).PLAIN_LANGUAGE_MAX_GRADE);
  return (env || {}).PLAIN_LANGUAGE_MAX_GRADE !== undefined && (env || {}).PLAIN_LANGUAGE_MAX_GRADE !== '' && Number.isFinite(value)
    ? value
    : 8;
}

/** Exit code: 1 when the overall grade is above the limit, else 0. */
const exitCode = (overallGrade, limit) => (overallGrade > limit ? 1 : 0);

/** The hardest messages are looked for among those of at least this many words: a one-word label's grade says little. */
const HARDEST_MIN_WORDS = 6;

/**
 * The report over catalogs: `files` maps a file name ("reviews.json") to its messages
 * ({ key: message }). Per file: messages, words, grade; overall; the hardest messages first.
 */
function report(files, hardest = 10, minWords = HARDEST_MIN_WORDS) {
  const rows = [];
  const messages = [];
  for (const [file, entries] of Object.entries(files)) {
    const measured = Object.entries(entries).map(([key, message]) => {
      const m = measure(message);
      messages.push({ file, key, message: String(message), ...m, grade: grade(m) });
      return m;
    });
    const sum = total(measured);
    rows.push({ file, messages: measured.length, words: sum.words, grade: grade(sum) });
  }
  const overall = total(messages);
  return {
    rows,
    overall: { messages: messages.length, words: overall.words, sentences: overall.sentences, grade: grade(overall) },
    hardest: messages
      .filter((m) => m.words >= minWords)
      .sort((a, b) => b.grade - a.grade || b.words - a.words)
      .slice(0, hardest),
  };
}

module.exports = { HARDEST_MIN_WORDS, syllables, measure, total, grade, gradeOf, maxGrade, exitCode, report, prose };
