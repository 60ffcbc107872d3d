import { INTAKE_STATUSES, IntakeEvent, IntakeStatus, nextStatus } from './intake-status';

describe('intake status flow', () => {
  const table: Array<[IntakeStatus, IntakeEvent, IntakeStatus | null]> = [
    ['invited', 'save_draft', 'in_progress'],
    ['invited', 'submit', 'submitted'],
    ['invited', 'mark_reviewed', null],
    ['in_progress', 'save_draft', 'in_progress'],
    ['in_progress', 'submit', 'submitted'],
    ['in_progress', 'mark_reviewed', null],
    ['submitted', 'save_draft', null],
    ['submitted', 'submit', null],
    ['submitted', 'mark_reviewed', 'reviewed'],
    ['reviewed', 'save_draft', null],
    ['reviewed', 'submit', null],
    ['reviewed', 'mark_reviewed', null],
  ];

  it('covers every status and event', () => {
    expect(new Set(table.map(([from]) => from))).toEqual(new Set(INTAKE_STATUSES));
    expect(table).toHaveLength(INTAKE_STATUSES.length * 3);
  });

  it.each(table)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });
});
