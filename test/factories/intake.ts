import type request from 'supertest';
import type { SignedInClient } from './accounts';

/** Every required answer of the default intake form, as a client would give them. */
export const COMPLETE_ANSWERS = {
  'about.name': 'Maya Ortiz',
  'about.email': 'maya@example.org',
  'about.date_of_birth': '1984-03-09',
  'story.text':
    'My lower back has hurt since a fall last winter. I tried rest and painkillers. What matters most is carrying my daughter again.',
  'goals.1': 'Carry my daughter without pain',
  'baseline.eating': 6,
  'baseline.sleep_hours': 6.5,
  'baseline.sleep': 4,
  'baseline.movement': 3,
  'baseline.emotions': 5,
  'expectations.notice_within': 'weeks',
  'consent.privacy': true,
};

export const FIRST_HALF = Object.fromEntries(Object.entries(COMPLETE_ANSWERS).slice(0, 5));
export const SECOND_HALF = Object.fromEntries(Object.entries(COMPLETE_ANSWERS).slice(5));

/** Staff invite a client through the API; returns the intake id and the client's token. */
export async function inviteClient(staff: SignedInClient, body: Record<string, unknown> = {}) {
  const res = await staff.agent
    .post('/api/v1/intakes')
    .set('X-CSRF-Token', staff.csrfToken)
    .send({ name: 'Maya Ortiz', email: 'maya@example.org', ...body })
    .expect(201);
  const token = /\/i\/([A-Za-z0-9_-]{43})$/.exec(res.body.link)![1];
  return { id: res.body.id as string, token, link: res.body.link as string };
}

/** The client's side of the API, through their link (no account, no cookie needed). */
export const clientApi = (agent: request.Agent, token: string) => ({
  read: () => agent.get(`/api/v1/intake-links/${token}`),
  save: (revision: number, answers: Record<string, unknown>) =>
    agent.put(`/api/v1/intake-links/${token}/draft`).send({ revision, answers }),
  submit: (key: string | undefined, body: Record<string, unknown> = {}) => {
    const req = agent.post(`/api/v1/intake-links/${token}/submit`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  },
});
