import { nextReflectionStatus, REFLECTION_STATUSES, ReflectionEvent, ReflectionStatus, WAITING_ON } from './reflection-status';

describe('reflection status flow', () => {
  const table: Array<[ReflectionStatus, ReflectionEvent, ReflectionStatus | null]> = [
    ['awaiting_reflection', 'reflect', 'awaiting_client'],
    ['awaiting_reflection', 'confirm', null],
    ['awaiting_reflection', 'correct', null],
    ['awaiting_client', 'reflect', null],
    ['awaiting_client', 'confirm', 'heard'],
    ['awaiting_client', 'correct', 'needs_revision'],
    ['needs_revision', 'reflect', 'awaiting_client'],
    ['needs_revision', 'confirm', null],
    ['needs_revision', 'correct', null],
    ['heard', 'reflect', null],
    ['heard', 'confirm', null],
    ['heard', 'correct', null],
  ];

  it('lists every status and event once', () => {
    expect(table).toHaveLength(REFLECTION_STATUSES.length * 3);
    expect(new Set(table.map(([from, event]) => `${from}:${event}`)).size).toBe(table.length);
  });

  it.each(table)('%s --%s--> %s', (from, event, to) => {
    expect(nextReflectionStatus(from, event)).toBe(to);
  });

  it.each([
    ['awaiting_reflection', 'practitioner'],
    ['awaiting_client', 'client'],
    ['needs_revision', 'practitioner'],
    ['heard', null],
  ] as const)('%s waits on %s', (status, who) => {
    expect(WAITING_ON[status]).toBe(who);
  });

  it('only a reflection can be waited for by the client, and only the client can end the flow', () => {
    for (const status of REFLECTION_STATUSES) {
      if (nextReflectionStatus(status, 'reflect')) expect(WAITING_ON[nextReflectionStatus(status, 'reflect')!]).toBe('client');
      if (nextReflectionStatus(status, 'confirm')) expect(WAITING_ON[status]).toBe('client');
    }
  });
});
