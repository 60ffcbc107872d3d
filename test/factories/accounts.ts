import { randomBytes } from 'node:crypto';
import type request from 'supertest';

export const GOOD_PASSWORD = 'quiet river stones at dawn';

let counter = 0;
export const uniqueEmail = (label = 'person') =>
  `${label}.${Date.now().toString(36)}.${++counter}.${randomBytes(2).toString('hex')}@example.org`;

export interface SignedInClient {
  agent: request.Agent;
  csrfToken: string;
  user: { id: string; name: string; email: string; role: string };
  practice: { id: string; name: string; slug: string };
  password: string;
}

/** Signs a new practice up through the JSON API; the agent keeps the owner's session cookie. */
export async function signUpPractice(agent: request.Agent, overrides: Partial<Record<string, string>> = {}): Promise<SignedInClient> {
  const body = {
    practiceName: 'Riverside Healing Arts',
    ownerName: 'Dana Reyes',
    email: uniqueEmail('owner'),
    password: GOOD_PASSWORD,
    ...overrides,
  };
  const res = await agent.post('/api/v1/practices').send(body).expect(201);
  return { agent, csrfToken: res.body.csrfToken, user: res.body.user, practice: res.body.practice, password: body.password };
}

/** The owner invites someone; the new member joins through the link with their own agent. */
export async function addMember(
  owner: SignedInClient,
  memberAgent: request.Agent,
  role: 'practitioner' | 'front_desk',
  name = role === 'practitioner' ? 'Pat Practitioner' : 'Frankie Frontdesk',
): Promise<SignedInClient> {
  const email = uniqueEmail(role);
  const invite = await owner.agent
    .post('/api/v1/team/invitations')
    .set('X-CSRF-Token', owner.csrfToken)
    .send({ email, name, role })
    .expect(201);
  const joined = await memberAgent
    .post(`/api/v1/invitations/${invite.body.token}/accept`)
    .send({ name, password: GOOD_PASSWORD })
    .expect(201);
  return {
    agent: memberAgent,
    csrfToken: joined.body.csrfToken,
    user: joined.body.user,
    practice: joined.body.practice,
    password: GOOD_PASSWORD,
  };
}

/** The CSRF token a page embeds in its forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** Logs in through the log-in page as a person would, returning the response to the form post. */
export async function logInThroughPage(agent: request.Agent, email: string, password: string, next?: string) {
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  const page = await agent.get(`/login${query}`).expect(200);
  return agent
    .post(`/login${query}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
}
