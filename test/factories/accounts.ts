import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import type request from 'supertest';

export const GOOD_PASSWORD = 'quiet river stones at dawn';

let counter = 0;
export const uniqueEmail = (label = 'person') =>
  `${label}.${Date.now().toString(36)}.${++counter}.${randomBytes(2).toString('hex')}@example.org`;

/** A person's authenticator app, as the test holds it: the secret it was given and the codes it has shown. */
export interface Authenticator {
  secret: string;
  recoveryCodes: string[];
  /** The last time step whose code was handed out (Ayni refuses a step twice). */
  lastStep: number;
}

export interface SignedInClient {
  agent: request.Agent;
  csrfToken: string;
  user: { id: string; name: string; email: string; role: string };
  practice: { id: string; name: string; slug: string };
  password: string;
  /** Set when the person set up two-step log-in. */
  mfa?: Authenticator;
}

/** A staff member's JSON API calls, with their session and CSRF token. */
export const staffApi = (who: Pick<SignedInClient, 'agent' | 'csrfToken'>) => ({
  get: (path: string) => who.agent.get(`/api/v1${path}`),
  post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
});

/** A fresh "confirm it is you" (password, and a code when two-step log-in is on): sensitive acts need one within minutes. */
export async function reauthenticate(who: SignedInClient): Promise<void> {
  await staffApi(who)
    .post('/auth/reauth', { password: who.password, ...(who.mfa ? { code: await totpCode(who) } : {}) })
    .expect(204);
}

/**
 * Practices require two-step log-in of owners and practitioners by default, so the factories do
 * what such a person does on their first log-in: add the secret to an "app" (here, otplib in the
 * test) and confirm it with a code. Pass `{ enrolMfa: false }` to stop at the enrolment step.
 */
export interface FactoryOptions {
  enrolMfa?: boolean;
}

/** Signs a new practice up through the JSON API; the agent keeps the owner's session cookie. */
export async function signUpPractice(
  agent: request.Agent,
  overrides: Partial<Record<string, string>> = {},
  options: FactoryOptions = {},
): Promise<SignedInClient> {
  const body = {
    practiceName: 'Riverside Healing Arts',
    ownerName: 'Dana Reyes',
    email: uniqueEmail('owner'),
    password: GOOD_PASSWORD,
    ...overrides,
  };
  const res = await agent.post('/api/v1/practices').send(body).expect(201);
  const owner = { agent, csrfToken: res.body.csrfToken, user: res.body.user, practice: res.body.practice, password: body.password };
  if (res.body.mfa.stage === 'enrolment' && options.enrolMfa !== false) await enrolMfa(owner);
  return owner;
}

/** The code the person's app shows now: never one of a step already used, waiting for the next step if need be. */
export async function totpCode(client: { mfa?: Authenticator }): Promise<string> {
  const mfa = client.mfa;
  if (!mfa) throw new Error('this person has not set up two-step log-in');
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    // Ayni accepts the next step too (clocks drift), so two log-ins within 30 seconds need not wait.
    const step = Math.max(current, mfa.lastStep + 1);
    if (step <= current + 1) {
      mfa.lastStep = step;
      return generate({ secret: mfa.secret, epoch: step * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now() + 50));
  }
}

/** Sets up two-step log-in through the API, as the person's first log-in asks them to. */
export async function enrolMfa(client: SignedInClient): Promise<SignedInClient> {
  const offer = await client.agent.post('/api/v1/account/mfa/enrolment').set('X-CSRF-Token', client.csrfToken).expect(201);
  client.mfa = { secret: offer.body.secret, recoveryCodes: [], lastStep: 0 };
  const confirmed = await client.agent
    .post('/api/v1/account/mfa/enrolment/confirm')
    .set('X-CSRF-Token', client.csrfToken)
    .send({ code: await totpCode(client) })
    .expect(201);
  client.mfa.recoveryCodes = confirmed.body.recoveryCodes;
  client.csrfToken = confirmed.body.csrfToken;
  return client;
}

/** Logs in through the JSON API, both steps when the person uses two-step log-in. Returns the CSRF token. */
export async function logInApi(agent: request.Agent, client: Pick<SignedInClient, 'user' | 'password' | 'mfa'>): Promise<string> {
  const first = await agent.post('/api/v1/auth/login').send({ email: client.user.email, password: client.password });
  if (!client.mfa) {
    if (first.status !== 200) throw new Error(`log-in refused: ${first.status} ${first.text}`);
    return first.body.csrfToken;
  }
  if (first.status !== 401 || first.body.code !== 'MFA_REQUIRED') throw new Error(`expected MFA_REQUIRED: ${first.status} ${first.text}`);
  const second = await agent.post('/api/v1/auth/mfa').send({ code: await totpCode(client) });
  if (second.status !== 200) throw new Error(`code refused: ${second.status} ${second.text}`);
  return second.body.csrfToken;
}

/** The owner invites someone; the new member joins through the link with their own agent. */
export async function addMember(
  owner: SignedInClient,
  memberAgent: request.Agent,
  role: 'practitioner' | 'front_desk',
  name = role === 'practitioner' ? 'Pat Practitioner' : 'Frankie Frontdesk',
  options: FactoryOptions = {},
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
  const member: SignedInClient = {
    agent: memberAgent,
    csrfToken: joined.body.csrfToken,
    user: joined.body.user,
    practice: joined.body.practice,
    password: GOOD_PASSWORD,
  };
  // Practitioners set up two-step log-in when their practice requires it; front desk need not.
  if (joined.body.mfa.stage === 'enrolment' && options.enrolMfa !== false) await enrolMfa(member);
  return member;
}

/** The CSRF token a page embeds in its forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** Posts a page's form as the browser would: its fields, with the CSRF token the page (`page`, its HTML) carries. */
export const postForm = (agent: request.Agent, path: string, page: string, body: Record<string, unknown> = {}) =>
  agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfFrom(page), ...body });

/** Logs in through the log-in page as a person would, returning the response to the form post. */
export async function logInThroughPage(agent: request.Agent, email: string, password: string, next?: string) {
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  const page = await agent.get(`/login${query}`).expect(200);
  return agent
    .post(`/login${query}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
}

/** Logs in through the pages as a person would: password, then the code when they use two-step log-in. */
export async function logInWithCode(agent: request.Agent, client: Pick<SignedInClient, 'user' | 'password' | 'mfa'>, next?: string) {
  const first = await logInThroughPage(agent, client.user.email, client.password, next);
  if (!client.mfa || first.status !== 303 || !String(first.headers.location).startsWith('/login/code')) return first;
  const page = await agent.get(first.headers.location).expect(200);
  return agent
    .post(first.headers.location)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), code: await totpCode(client) });
}

/**
 * Sets up two-step log-in through the set-up page, as a person would: reads the key shown for
 * typing in by hand, enters a code, and gets the recovery codes page. Returns the person's "app".
 */
export async function enrolThroughPage(agent: request.Agent, setupPath = '/account/mfa/setup') {
  const page = await agent.get(setupPath).expect(200);
  const secret = /<p class="secret-key"[^>]*><code>([A-Z2-7 ]+)<\/code>/.exec(page.text)![1].replace(/ /g, '');
  const mfa: Authenticator = { secret, recoveryCodes: [], lastStep: 0 };
  const done = await agent
    .post(setupPath)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), code: await totpCode({ mfa }) })
    .expect(200);
  mfa.recoveryCodes = [...done.text.matchAll(/<li><code>([a-z0-9-]{19})<\/code><\/li>/g)].map((m) => m[1]);
  return { mfa, page: done };
}
