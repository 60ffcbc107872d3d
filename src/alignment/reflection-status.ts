/**
 * Being heard, as a status flow written as data: the practitioner reflects what they heard, the
 * client confirms or corrects, and rounds continue until the client says "you heard me".
 * Tested as a table; checked by ReflectionsService before every change.
 */
export const REFLECTION_STATUSES = ['awaiting_reflection', 'awaiting_client', 'needs_revision', 'heard'] as const;
export type ReflectionStatus = (typeof REFLECTION_STATUSES)[number];

export type ReflectionEvent = 'reflect' | 'confirm' | 'correct';

export const REFLECTION_TRANSITIONS: Readonly<Record<ReflectionStatus, Partial<Record<ReflectionEvent, ReflectionStatus>>>> = {
  awaiting_reflection: { reflect: 'awaiting_client' },
  awaiting_client: { confirm: 'heard', correct: 'needs_revision' },
  needs_revision: { reflect: 'awaiting_client' },
  heard: {},
};

/** Who the next step belongs to; nobody once the client has been heard. */
export const WAITING_ON: Readonly<Record<ReflectionStatus, 'practitioner' | 'client' | null>> = {
  awaiting_reflection: 'practitioner',
  awaiting_client: 'client',
  needs_revision: 'practitioner',
  heard: null,
};

export const REFLECTION_STATUS_LABELS: Record<ReflectionStatus, string> = {
  awaiting_reflection: 'Waiting for the practitioner’s reflection',
  awaiting_client: 'Waiting for the client to confirm',
  needs_revision: 'The client corrected it: waiting for a revision',
  heard: 'Heard: the client confirmed',
};

export function nextReflectionStatus(from: ReflectionStatus, event: ReflectionEvent): ReflectionStatus | null {
  return REFLECTION_TRANSITIONS[from][event] ?? null;
}
