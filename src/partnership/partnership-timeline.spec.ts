import type { CarePhase, DatedPhase } from '../agreements/agreement-content';
import { exampleInput } from '../agreements/example-agreement';
import { buildAgreementContent } from '../agreements/snapshot';
import { effectWindows, intensityOn, partnershipTimeline, TimelineAgreement, TimelineFacts, timelineEvents } from './partnership-timeline';

const day = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

const arc = (every: [number, number, number]): CarePhase[] =>
  ['Intensive', 'Consolidation', 'Maintenance'].map((name, i) => ({
    name,
    visits: 1,
    every: every[i],
    per: 'week',
    lengthWeeks: i === 2 ? null : 6,
    minutesPerVisit: 50,
    homePracticeMinutes: 10,
    homePracticePer: 'day',
    description: '',
    feePerVisitMinor: 9000,
    serviceCodes: [],
  }));

const dated = (start: string): DatedPhase[] => {
  const plus = (weeks: number) => new Date((day(start) + weeks * 7) * 86_400_000).toISOString().slice(0, 10);
  return ['Intensive', 'Consolidation', 'Maintenance'].map((name, i) => ({
    name,
    from: plus(i * 6),
    // As snapshots write them: `to` is a phase's last day.
    to: i === 2 ? null : plus((i + 1) * 6 - 1 / 7),
    cadence: '',
    minutesPerVisit: 50,
    homePractice: '',
    feePerVisitMinor: 9000,
    description: '',
  }));
};

/** Weekly for 6 weeks from 1 October, then every 2 weeks, then every 4. */
const original: TimelineAgreement = {
  id: 'a1',
  amendsId: null,
  status: 'superseded',
  title: 'Back care',
  startDate: '2026-10-01',
  phases: dated('2026-10-01'),
  careArc: arc([1, 2, 4]),
  clientSignedOn: '2026-09-25',
  countersignedOn: '2026-09-26',
  endedOn: null,
  changes: [],
};

/** Lightened at the review on 20 November: consolidation every 4 weeks, maintenance every 8. */
const amendment: TimelineAgreement = {
  ...original,
  id: 'a2',
  amendsId: 'a1',
  status: 'countersigned',
  careArc: arc([1, 4, 8]),
  clientSignedOn: '2026-11-21',
  countersignedOn: '2026-11-22',
  changes: ['Visits (Consolidation): every 2 weeks → every 4 weeks'],
};

const facts = (over: Partial<TimelineFacts> = {}): TimelineFacts => ({
  today: '2026-11-28',
  intakes: [{ invitedOn: '2026-09-01', submittedOn: '2026-09-05' }],
  reflections: [
    { on: '2026-09-10', kind: 'sent', round: 1 },
    { on: '2026-09-12', kind: 'corrected', round: 1 },
    { on: '2026-09-14', kind: 'sent', round: 2 },
    { on: '2026-09-15', kind: 'confirmed', round: 2 },
  ],
  agreements: [original, amendment],
  reviews: [
    { label: 'End of the trial period', dueDate: '2026-11-12', answeredOn: '2026-11-15', decidedOn: '2026-11-20', decision: 'lighten' },
    { label: 'Start of Maintenance', dueDate: '2026-12-24', answeredOn: null, decidedOn: null, decision: null },
  ],
  ...over,
});

describe('partnership timeline', () => {
  it('hands care from an agreement to its amendment on the day the amendment is countersigned', () => {
    const windows = effectWindows([original, amendment], []);
    expect(windows.map((w) => [w.agreement.id, w.from, w.to])).toEqual([
      ['a1', day('2026-10-01'), day('2026-11-22')],
      ['a2', day('2026-11-22'), null],
    ]);
    expect(intensityOn(day('2026-09-30'), windows).perWeek).toBe(0); // before care begins
    expect(intensityOn(day('2026-10-05'), windows).perWeek).toBe(1); // intensive: weekly
    expect(intensityOn(day('2026-11-20'), windows).perWeek).toBe(0.5); // consolidation, as first agreed
    expect(intensityOn(day('2026-11-23'), windows)).toMatchObject({ perWeek: 0.25, agreementId: 'a2' }); // lightened
    expect(intensityOn(day('2027-03-01'), windows).perWeek).toBe(0.125); // maintenance, lightened
  });

  it('stops visits at a pause and at the end of an agreement', () => {
    const paused = effectWindows([{ ...original, status: 'countersigned' }], ['2026-10-20']);
    expect(intensityOn(day('2026-10-19'), paused).perWeek).toBe(1);
    expect(intensityOn(day('2026-10-21'), paused).perWeek).toBe(0);
    const ended = effectWindows([{ ...original, status: 'ended', endedOn: '2026-11-20' }], []);
    expect(intensityOn(day('2026-11-19'), ended).perWeek).toBe(0.5);
    expect(intensityOn(day('2026-11-21'), ended).perWeek).toBe(0);
  });

  it('ignores agreements that never took effect', () => {
    const draft = { ...amendment, status: 'proposed', countersignedOn: null };
    const windows = effectWindows([{ ...original, status: 'countersigned' }, draft], []);
    expect(windows.map((w) => w.agreement.id)).toEqual(['a1']);
  });

  it('lists what happened in date order, numbered, with planned reviews marked', () => {
    const events = timelineEvents(facts());
    expect(events.map((e) => [e.number, e.on, e.label])).toEqual([
      [1, '2026-09-01', 'Invited to intake'],
      [2, '2026-09-05', 'Story told (intake submitted)'],
      [3, '2026-09-10', 'Reflection sent'],
      [4, '2026-09-12', 'Reflection corrected'],
      [5, '2026-09-14', 'Reflection sent (round 2)'],
      [6, '2026-09-15', 'Heard: reflection confirmed'],
      [7, '2026-09-25', 'Agreement signed by the client'],
      [8, '2026-09-26', 'Agreement in effect: Back care'],
      [9, '2026-11-20', 'Review: Lighten the cadence'],
      [10, '2026-11-21', 'Amendment signed by the client'],
      [11, '2026-11-22', 'Amendment in effect: Back care'],
      [12, '2026-12-24', 'Review due'],
    ]);
    expect(events[10].details).toEqual(['Visits (Consolidation): every 2 weeks → every 4 weeks']);
    expect(events.filter((e) => e.planned).map((e) => e.number)).toEqual([12]);
    const overdue = timelineEvents(facts({ today: '2027-01-05' }));
    expect(overdue.at(-1)!.label).toBe('Review overdue');
  });

  it('draws taller bars for more frequent visits, lighter where planned, and markers that never overlap', () => {
    const t = partnershipTimeline(facts());
    const heights = t.bars.map((b) => b.height);
    expect(Math.max(...heights)).toBe(heights[0]); // intensive first
    expect(heights[0]).toBe(t.baseline - t.plotTop);
    for (let i = 1; i < t.bars.length; i++) expect(t.bars[i].x).toBeGreaterThanOrEqual(t.bars[i - 1].x);
    expect(t.bars.filter((b) => b.planned).every((b) => b.x >= t.today.x)).toBe(true);
    expect(t.bars.some((b) => b.planned)).toBe(true);
    // The easing shows: after the lightening the bars are lower than before it.
    const before = t.bars.find((b) => b.x < t.today.x && b.height < heights[0])!;
    const after = t.bars.find((b) => b.planned)!;
    expect(after.height).toBeLessThan(before.height);
    const rows = new Map<number, Array<{ left: number; width: number }>>();
    for (const m of t.markers) rows.set(m.y, [...(rows.get(m.y) ?? []), m]);
    for (const row of rows.values()) {
      const sorted = [...row].sort((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].left).toBeGreaterThanOrEqual(sorted[i - 1].left + sorted[i - 1].width);
    }
    for (const m of t.markers) (expect(m.left).toBeGreaterThanOrEqual(0), expect(m.left + m.width).toBeLessThanOrEqual(t.width));
    for (const tick of t.ticks) expect(tick.x).toBeLessThanOrEqual(t.width - 24);
    expect(t.height).toBeGreaterThan(Math.max(...t.markers.map((m) => m.y)));
    expect(t.description).toContain('from 2026-10-01, weekly');
    expect(t.description).toContain('every 4 weeks');
  });

  it('shows a client with only an intake: no bars, a clear scale note', () => {
    const t = partnershipTimeline(facts({ agreements: [], reviews: [], reflections: [] }));
    expect(t.bars).toEqual([]);
    expect(t.scale).toBe('No visits scheduled yet');
    expect(t.events).toHaveLength(2);
  });
});

describe('the partnership timeline on a busy day', () => {
  it('orders one day as one thing led to the next, and gathers it under one marker', () => {
    const sameDay = facts({
      reviews: [
        { label: 'End of the trial period', dueDate: '2026-11-12', answeredOn: '2026-11-28', decidedOn: '2026-11-28', decision: 'lighten' },
      ],
      agreements: [original, { ...amendment, clientSignedOn: '2026-11-28', countersignedOn: '2026-11-28' }],
    });
    const labels = timelineEvents(sameDay)
      .filter((e) => e.on === '2026-11-28')
      .map((e) => e.label);
    expect(labels).toEqual(['Review: Lighten the cadence', 'Amendment signed by the client', 'Amendment in effect: Back care']);
    const t = partnershipTimeline(sameDay);
    const busy = t.markers.find((m) => m.text.includes('–'))!;
    expect(busy.text).toBe(`${t.events.length - 2}–${t.events.length}`);
    expect(busy.kind).toBe('mixed');
    expect(busy.label).toContain('Review: Lighten the cadence; ');
  });
});

describe('the partnership timeline against a real agreement', () => {
  it('leaves no day without visits between one phase and the next', () => {
    const content = buildAgreementContent(exampleInput());
    const real: TimelineAgreement = {
      ...original,
      startDate: content.schedule.startDate,
      phases: content.schedule.phases,
      careArc: content.careArc!,
      countersignedOn: content.schedule.startDate,
    };
    const windows = effectWindows([{ ...real, status: 'countersigned' }], []);
    for (const p of content.schedule.phases.slice(0, -1)) {
      expect(intensityOn(day(p.to!), windows).perWeek).toBeGreaterThan(0); // its last day
      expect(intensityOn(day(p.to!) + 1, windows).perWeek).toBeGreaterThan(0); // the next one's first
    }
    expect(partnershipTimeline(facts({ agreements: [{ ...real, status: 'countersigned' }], reviews: [] })).description).not.toContain(
      'no visits;',
    );
  });
});
