import fc from 'fast-check';
import { exampleContent } from './example-offering';
import type { CarePhase, SlidingScale } from './offering-content';
import { cadenceLabel, phaseSpans, project, projectWindow, timePerWeek, WEEKS_PER_MONTH, weeksOf } from './projections';

const phase = (over: Partial<CarePhase>): CarePhase => ({
  name: 'Phase',
  visits: 1,
  every: 1,
  per: 'week',
  lengthWeeks: 4,
  minutesPerVisit: 60,
  homePracticeMinutes: 0,
  homePracticePer: 'day',
  description: '',
  feePerVisitMinor: 9000,
  serviceCodes: [],
  ...over,
});

/** The example: weekly for 6 weeks, every 2 weeks for 8 weeks, every 3 months ongoing. */
const EXAMPLE: CarePhase[] = exampleContent([]).careArc;

describe('projections of the example care arc', () => {
  const result = project({ length: 6, unit: 'weeks' }, EXAMPLE, null);

  it('counts the visits of each window phase by phase', () => {
    expect(result.windows.map((w) => [w.label, w.visits])).toEqual([
      ['Trial period (6 weeks)', 6],
      ['First 3 months', 10], // 6 weekly + 4 fortnightly (weeks 6, 8, 10, 12)
      ['First 6 months', 11], // + the first maintenance visit at week 14
      ['First 12 months', 13], // maintenance at weeks 14, 27, 40
    ]);
  });

  it('prices them at each phase’s fee', () => {
    expect(result.windows[0].cost).toEqual({ standard: 54000, low: 54000, high: 54000 });
    expect(result.windows[3].cost.standard).toBe(6 * 9000 + 4 * 8000 + 3 * 8000);
  });

  it('gives the time per week in each phase: visits × minutes + home practice', () => {
    expect(result.timePerWeek.map((p) => [p.phase, p.visitMinutesPerWeek, p.homeMinutesPerWeek, p.totalMinutesPerWeek])).toEqual([
      ['Intensive', 60, 105, 165],
      ['Consolidation', 23, 60, 83],
      ['Maintenance', 3, 0, 3],
    ]);
    expect(result.timePerWeek[0].monthlyCost.standard).toBe(Math.round(WEEKS_PER_MONTH * 9000));
  });

  it('applies a sliding scale as a range', () => {
    const scale: SlidingScale = { minPercent: 50, maxPercent: 100, howDecided: 'Ask us' };
    const trial = project({ length: 6, unit: 'weeks' }, EXAMPLE, scale).windows[0];
    expect(trial.cost).toEqual({ standard: 54000, low: 27000, high: 54000 });
  });

  it.each([
    [1, 1, 'week', 'Weekly'],
    [1, 2, 'week', 'Every 2 weeks'],
    [2, 1, 'week', 'Twice a week'],
    [1, 3, 'month', 'Every 3 months'],
    [1, 1, 'month', 'Monthly'],
    [3, 1, 'week', '3 times a week'],
    [3, 2, 'week', '3 visits every 2 weeks'],
  ] as const)('names %i visit(s) every %i %s “%s”', (visits, every, per, label) => {
    expect(cadenceLabel({ visits, every, per })).toBe(label);
  });

  it('converts trial lengths to weeks', () => {
    expect(weeksOf(14, 'days')).toBe(2);
    expect(weeksOf(3, 'months')).toBeCloseTo(13.0, 1);
  });

  it('places phases one after another, the last going on', () => {
    expect(phaseSpans(EXAMPLE)).toEqual([
      { start: 0, end: 6 },
      { start: 6, end: 14 },
      { start: 14, end: null },
    ]);
  });
});

const arbPhase = fc.record({
  name: fc.constantFrom('A', 'B', 'C'),
  visits: fc.integer({ min: 1, max: 5 }),
  every: fc.integer({ min: 1, max: 6 }),
  per: fc.constantFrom('week' as const, 'month' as const),
  lengthWeeks: fc.integer({ min: 1, max: 30 }),
  minutesPerVisit: fc.integer({ min: 0, max: 240 }),
  homePracticeMinutes: fc.integer({ min: 0, max: 120 }),
  homePracticePer: fc.constantFrom('day' as const, 'week' as const),
  description: fc.constant(''),
  feePerVisitMinor: fc.integer({ min: 0, max: 100_000 }),
  serviceCodes: fc.constant([] as string[]),
});
const arbArc = fc
  .tuple(fc.array(arbPhase, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(
    ([phases, ongoing]) =>
      phases.map((p, i) => ({ ...p, lengthWeeks: ongoing && i === phases.length - 1 ? null : p.lengthWeeks })) as CarePhase[],
  );
const arbScale = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
    .map(([a, b]) => ({ minPercent: Math.min(a, b), maxPercent: Math.max(a, b), howDecided: '' })),
  { nil: null },
);
const arbWeeks = fc.double({ min: 0, max: 200, noNaN: true });

describe('projection properties', () => {
  it('totals equal the sum over phases', () => {
    fc.assert(
      fc.property(arbArc, arbScale, arbWeeks, (arc, scale, weeks) => {
        const w = projectWindow('w', weeks, arc, scale);
        expect(w.visits).toBe(w.byPhase.reduce((s, p) => s + p.visits, 0));
        for (const k of ['standard', 'low', 'high'] as const) expect(w.cost[k]).toBe(w.byPhase.reduce((s, p) => s + p.cost[k], 0));
      }),
    );
  });

  it('grows (never shrinks) with time', () => {
    fc.assert(
      fc.property(arbArc, arbScale, arbWeeks, arbWeeks, (arc, scale, a, b) => {
        const [shorter, longer] = [projectWindow('s', Math.min(a, b), arc, scale), projectWindow('l', Math.max(a, b), arc, scale)];
        expect(longer.visits).toBeGreaterThanOrEqual(shorter.visits);
        for (const k of ['standard', 'low', 'high'] as const) expect(longer.cost[k]).toBeGreaterThanOrEqual(shorter.cost[k]);
      }),
    );
  });

  it('stays non-negative, with low ≤ standard and low ≤ high', () => {
    fc.assert(
      fc.property(arbArc, arbScale, arbWeeks, (arc, scale, weeks) => {
        const w = projectWindow('w', weeks, arc, scale);
        expect(w.visits).toBeGreaterThanOrEqual(0);
        expect(w.cost.low).toBeGreaterThanOrEqual(0);
        expect(w.cost.low).toBeLessThanOrEqual(w.cost.high);
        expect(w.cost.low).toBeLessThanOrEqual(w.cost.standard);
        for (const t of timePerWeek(arc, scale)) expect(t.totalMinutesPerWeek).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never counts more visits in a bounded phase than its cadence allows', () => {
    fc.assert(
      fc.property(arbArc, (arc) => {
        const all = projectWindow('all', 10_000, arc, null);
        arc.forEach((p, i) => {
          if (p.lengthWeeks === null) return;
          const perWeek = p.visits / (p.every * (p.per === 'week' ? 1 : WEEKS_PER_MONTH));
          expect(all.byPhase[i].visits).toBe(Math.ceil(p.lengthWeeks * perWeek - 1e-9));
        });
      }),
    );
  });
});
