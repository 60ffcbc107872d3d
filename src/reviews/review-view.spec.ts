import type { Question } from '../intake/template';
import { baselineComparison, comparisonChart } from './review-view';

const q = (id: string, type: Question['type'], label: string) => ({ id, type, label, required: false }) as unknown as Question;
const questions = [
  q('baseline.sleep', 'scale', 'Sleep quality'),
  q('baseline.sleep_hours', 'number', 'Hours of sleep'),
  q('baseline.eating', 'scale', 'Eating'),
];

describe('baseline against now', () => {
  const rows = baselineComparison(
    questions,
    { 'baseline.sleep': 4, 'baseline.sleep_hours': 6.5, 'baseline.eating': 6 },
    { goals: {}, baseline: { 'baseline.sleep': 8, 'baseline.sleep_hours': 6, 'baseline.eating': 6 }, working: '', notWorking: '' },
  );

  it('says which way each answer moved, for scales and numbers', () => {
    expect(rows.map((r) => r.change)).toEqual(['+4', '−0.5', 'no change']);
  });

  it('draws only the scales, the intake bar above the bar now, in proportion', () => {
    const chart = comparisonChart(rows);
    expect(chart.labels.map((l) => l.text)).toEqual(['Sleep quality', 'Eating']);
    const [before, now] = chart.bars;
    expect([before.kind, now.kind]).toEqual(['before', 'now']);
    expect(now.width / before.width).toBe(2);
    expect(now.y).toBeGreaterThan(before.y);
  });

  it('leaves the change empty when there is nothing to compare yet', () => {
    expect(baselineComparison(questions, {}, null).every((r) => r.change === null && r.now === '—')).toBe(true);
  });
});
