import type { Answers, Question } from '../intake/template';
import { displayAnswer } from '../intake/answers-view';
import type { ReviewAnswers } from './review.entity';

/** Baseline against now, per question; scales also as bar widths for the small chart. */
export function baselineComparison(questions: Question[], intake: Answers, review: ReviewAnswers | null) {
  return questions.map((q) => {
    const before = intake[q.id] ?? null;
    const now = review?.baseline[q.id] ?? null;
    const scale = q.type === 'scale';
    return {
      id: q.id,
      label: q.label,
      scale,
      before: before === null ? '—' : displayAnswer(q, before),
      now: now === null ? '—' : displayAnswer(q, now),
      beforeValue: scale && typeof before === 'number' ? before : null,
      nowValue: scale && typeof now === 'number' ? now : null,
      change: typeof before === 'number' && typeof now === 'number' ? signed(Math.round((now - before) * 10) / 10) : null,
    };
  });
}

/** "+4", "−2", "no change": which way things moved, at a glance. */
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : 'no change');

/** An inline SVG: for each 0–10 scale, the intake bar above the bar now. No script, no network. */
export function comparisonChart(rows: ReturnType<typeof baselineComparison>) {
  const scales = rows.filter((r) => r.scale);
  // Each question's name above its two bars, so the chart stays narrow enough to read on a phone.
  const rowHeight = 50;
  return {
    width: 300,
    height: scales.length * rowHeight + 4,
    bars: scales.flatMap((r, i) => [
      { y: i * rowHeight + 18, width: (r.beforeValue ?? 0) * 26, kind: 'before', label: r.label, value: r.beforeValue ?? '—' },
      { y: i * rowHeight + 32, width: (r.nowValue ?? 0) * 26, kind: 'now', label: '', value: r.nowValue ?? '—' },
    ]),
    labels: scales.map((r, i) => ({ y: i * rowHeight + 13, text: r.label })),
  };
}
