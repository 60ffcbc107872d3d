import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, FIRST_HALF, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { JsonLogger } from '../../src/common/logger';
import { Transactions } from '../../src/database/transaction';
import type { JobQueue } from '../../src/jobs/job-queue';
import { ClientMail } from '../../src/mail/client-mail.service';
import { MailSender } from '../../src/mail/mail-sender';
import { MailService } from '../../src/mail/mail.service';
import { OutboxRepository } from '../../src/mail/outbox.repository';
import { startTestApp, TestApp } from '../support/test-app';

/** One message as the SMTP server received it. */
interface Received {
  from: string;
  to: string[];
  subject: string;
  /** The raw message with quoted-printable undone, to search for links and words. */
  body: string;
}

/** Bytes carried one per character (as quoted-printable leaves them) read as UTF-8. */
const utf8 = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');

/** RFC 2047 encoded words ("=?UTF-8?Q?Su_formulario?="), as nodemailer writes non-ASCII subjects. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : utf8(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16)))),
    );
}

/** A real SMTP server, in this process, on a free port. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeWords(/^Subject: (.*)$/im.exec(headers)?.[1] ?? ''),
          body: utf8(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface Row {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  message_id: string | null;
  dedupe_key: string;
}

const messages = (t: TestApp, where = 'TRUE', params: unknown[] = []) =>
  t.sql<Row>(`SELECT * FROM outbox_messages WHERE ${where} ORDER BY created_at`, params);

const minutesFromNow = (d: Date | null) => Math.round((new Date(d!).getTime() - Date.now()) / 60_000);

describe('e-mail through a real SMTP server', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let sender: MailSender;
  let offeringId: string;
  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Ayni <no-reply@ayni.test>',
      PUBLIC_URL: 'http://ayni.test',
    });
    sender = t.app.get(MailSender);
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    const created = await api(ana).post('/offerings', { title: 'Back care' }).expect(201);
    await api(ana)
      .put(`/offerings/${created.body.id}/draft`, { revision: 0, draft: { ...exampleDraft([ana.user.id]), title: 'Back care' } })
      .expect(200);
    await api(ana).post(`/offerings/${created.body.id}/publish`).expect(201);
    offeringId = created.body.id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('delivers the invitation to the client, with their link, and keeps no link once sent', async () => {
    const { id, token, link } = await inviteClient(owner, { name: 'Maya Ortiz', email: 'maya.invited@example.org' });
    const [queued] = await messages(t, 'dedupe_key = $1', [`intake_invitation:${id}`]);
    expect(queued).toMatchObject({ kind: 'intake_invitation', status: 'queued', attempts: 0, to_address: 'maya.invited@example.org' });

    expect(await sender.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, held: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toEqual(['maya.invited@example.org']);
    expect(mail.from).toBe('no-reply@ayni.test');
    expect(mail.subject).toBe('Your intake form for Riverside Healing Arts');
    expect(link).toBe(`http://ayni.test/i/${token}`);
    expect(mail.body).toContain(`http://ayni.test/i/${token}`); // the text part
    expect(mail.body).toContain(`href="http://ayni.test/i/${token}"`); // the HTML part
    expect(mail.body).toContain('Hello Maya Ortiz,');
    // The link in the e-mail works.
    const opened = await t.browser().get(new URL(link).pathname).expect(200);
    expect(opened.text).toContain('Riverside Healing Arts');

    const [sent] = await messages(t, 'id = $1', [queued.id]);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, next_attempt_at: null, last_error: null });
    expect(sent.sent_at).not.toBeNull();
    expect(sent.message_id).toMatch(/^<.+@.+>$/);
    expect(sent.text_body).not.toContain(token);
    expect(sent.text_body).toContain('/i/(link removed once sent)');

    // Nothing is due any more: a second run sends nothing.
    expect(await sender.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses a malformed address on invite (400, field email) and queues nothing', async () => {
    const before = (await messages(t)).length;
    const res = await api(owner).post('/intakes', { name: 'Typo', email: 'maya@@example' }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: { email: expect.any(String) } });
    expect(await messages(t)).toHaveLength(before);
  });

  it('no e-mail address, no message', async () => {
    const before = (await messages(t)).length;
    await api(owner).post('/intakes', { name: 'Phone Only', phone: '+1 555 0199' }).expect(201);
    expect(await messages(t)).toHaveLength(before);
  });

  it('tells the client when a reflection is ready and when an agreement is ready to sign, once per event', async () => {
    const { id, token } = await inviteClient(owner, { name: 'Maya Ortiz', email: 'maya.first@example.org' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    await sender.deliverDue();
    smtp.received.length = 0;

    const reflection = {
      story: 'Your back has hurt since a fall.',
      mattersMost: 'Carrying your daughter.',
      goals: { 'goals.1': 'Carry her' },
    };
    await api(ana).post(`/intakes/${id}/reflection`, reflection).expect(201);
    // The same event again is refused by the flow, and in any case queues nothing more.
    await api(ana).post(`/intakes/${id}/reflection`, reflection).expect(409);
    expect(await messages(t, 'dedupe_key LIKE $1', [`reflection_ready:${id}:%`])).toHaveLength(1);

    expect((await sender.deliverDue()).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    // The client's own address from their answers (they wrote maya@example.org).
    expect(smtp.received[0].to).toEqual([COMPLETE_ANSWERS['about.email']]);
    expect(smtp.received[0].subject).toBe('Riverside Healing Arts has written back to you');
    expect(smtp.received[0].body).toContain('Dr. Ana Ortiz at Riverside Healing Arts has read your intake form');
    expect(smtp.received[0].body).not.toContain('/i/'); // only the link's hash is kept: no link to give
    expect(smtp.received[0].body).not.toContain('fall'); // nothing the client or practitioner wrote

    const started = await api(ana).post('/agreements', { intakeId: id, offeringId, startDate: '2026-12-07', reflectionNote: 'In person.' });
    expect(started.status).toBe(201);
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await api(ana)
      .put(`/agreements/${started.body.id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await api(ana).post(`/agreements/${started.body.id}/propose`).expect(201);
    await api(ana).post(`/agreements/${started.body.id}/propose`).expect(409);
    const ready = await messages(t, 'dedupe_key LIKE $1', [`agreement_ready:${started.body.id}:%`]);
    expect(ready.map((m) => m.dedupe_key)).toEqual([`agreement_ready:${started.body.id}:1`]);

    // Queuing the same event again directly (a replayed use case) is a no-op.
    const again = await t.app.get(Transactions).run((tx) =>
      t.app.get(MailService).queue(tx, owner.practice.id, {
        kind: 'agreement_ready',
        to: 'someone@example.org',
        dedupeKey: `agreement_ready:${started.body.id}:1`,
        model: { practice: { name: 'Riverside Healing Arts' } },
      }),
    );
    expect(again).toBeNull();

    expect((await sender.deliverDue()).sent).toBe(1);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1].to).toEqual([COMPLETE_ANSWERS['about.email']]);
    expect(smtp.received[1].subject).toBe('Your care agreement with Riverside Healing Arts is ready to read and sign');
    expect(smtp.received[1].body).toContain('choose “Your care agreements”');
  });

  it('reminds a client whose draft has waited N days, once', async () => {
    const { id, token } = await inviteClient(owner, { name: 'Sam Lee', email: 'sam@example.org' });
    await sender.deliverDue();
    smtp.received.length = 0;
    await clientApi(t.browser(), token).save(0, FIRST_HALF).expect(200);
    const clientMail = t.app.get(ClientMail);
    expect(await clientMail.queueReminders(3)).toBe(0); // saved just now
    await t.sql(`UPDATE intakes SET saved_at = now() - interval '4 days' WHERE id = $1`, [id]);
    expect(await clientMail.queueReminders(3)).toBe(1);
    expect(await clientMail.queueReminders(3)).toBe(0);
    await sender.deliverDue();
    expect(smtp.received).toHaveLength(1);
    // The address staff typed; the draft's own (about.email) is used only when staff had none.
    expect(smtp.received[0].to).toEqual(['sam@example.org']);
    expect(smtp.received[0].subject).toBe('Your intake form for Riverside Healing Arts is waiting');
  });

  it('queues a review-due message for the reviews feature, with the date written out', async () => {
    const { id } = await inviteClient(owner, { name: 'Rae Kim', email: 'rae@example.org' });
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM intakes WHERE id = $1', [id]);
    const reviewId = randomUUID();
    const queued = await t.app
      .get(Transactions)
      .run((tx) => t.app.get(ClientMail).reviewDue(tx, owner.practice.id, { id: reviewId, clientId, dueOn: '2027-01-07' }));
    expect(queued).toMatchObject({ kind: 'review_due', toAddress: 'rae@example.org', dedupeKey: `review_due:${reviewId}:2027-01-07` });
    expect(queued!.textBody).toContain('planned a review on January 7, 2027');
    // A calendar date stays that day wherever the practice is (Auckland is a day ahead of UTC at noon).
    await t.sql(`UPDATE practices SET time_zone = 'Pacific/Auckland' WHERE id = $1`, [owner.practice.id]);
    try {
      const far = await t.app
        .get(Transactions)
        .run((tx) => t.app.get(ClientMail).reviewDue(tx, owner.practice.id, { id: randomUUID(), clientId, dueOn: '2027-01-07' }));
      expect(far!.textBody).toContain('planned a review on January 7, 2027');
    } finally {
      await t.sql(`UPDATE practices SET time_zone = 'UTC' WHERE id = $1`, [owner.practice.id]);
    }
  });

  it('writes to a client in the language staff chose, dates included, and delivers it', async () => {
    const { id, token } = await inviteClient(owner, { name: 'Lucía Pérez', email: 'lucia@example.org', language: 'es' });
    expect(await sender.deliverDue()).toMatchObject({ failed: 0 });
    const invitation = smtp.received.find((m) => m.to.includes('lucia@example.org'))!;
    expect(invitation.subject).toBe('Su formulario de admisión para Riverside Healing Arts');
    expect(invitation.body).toContain('Hola, Lucía Pérez:');
    expect(invitation.body).toContain('<html lang="es">');
    expect(invitation.body).toContain(`http://ayni.test/i/${token}`);
    expect(invitation.body).toMatch(/Funciona hasta el \d{1,2} de [a-z]+ de \d{4}/);
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM intakes WHERE id = $1', [id]);
    const due = await t.app
      .get(Transactions)
      .run((tx) => t.app.get(ClientMail).reviewDue(tx, owner.practice.id, { id: randomUUID(), clientId, dueOn: '2027-01-07' }));
    expect(due!.subject).toBe('Es momento de revisar su cuidado con Riverside Healing Arts');
    expect(due!.textBody).toContain('el 7 de enero de 2027');
    expect(due!.textBody).toContain('elija “Sus revisiones”');
  });

  it('writes to a client without a language of their own in the practice’s, and to an English client in English', async () => {
    const { id } = await inviteClient(owner, { name: 'Sofía Ruiz', email: 'sofia@example.org' });
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM intakes WHERE id = $1', [id]);
    const due = () =>
      t.app
        .get(Transactions)
        .run((tx) => t.app.get(ClientMail).reviewDue(tx, owner.practice.id, { id: randomUUID(), clientId, dueOn: '2027-01-07' }))
        .then((m) => m!);
    await t.sql(`UPDATE practices SET locale = 'es-MX' WHERE id = $1`, [owner.practice.id]);
    try {
      const spanish = await due();
      expect(spanish.subject).toBe('Es momento de revisar su cuidado con Riverside Healing Arts');
      expect(spanish.textBody).toContain('Hola, Sofía Ruiz:');
      expect(spanish.textBody).toContain('una revisión el 7 de enero de 2027');
      expect(spanish.htmlBody).toContain('<html lang="es">');
      // The client's own choice comes first.
      await t.sql(`UPDATE clients SET language = 'en' WHERE id = $1`, [clientId]);
      const english = await due();
      expect(english.subject).toBe('Time to look back on your care with Riverside Healing Arts');
      expect(english.textBody).toContain('Hello Sofía Ruiz,');
      expect(english.htmlBody).toContain('<html lang="en">');
    } finally {
      await t.sql(`UPDATE practices SET locale = 'en-US' WHERE id = $1`, [owner.practice.id]);
    }
  });

  it('refuses a language it cannot write in, naming the field, on the page and in the JSON', async () => {
    const res = await api(owner).post('/intakes', { name: 'Lang Typo', email: 'typo@example.org', language: 'xx' }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: { language: 'must be one of en, es' } });
    const form = (await owner.agent.get('/intake/new').expect(200)).text;
    expect(form).toContain('<option value="es"');
    const page = await owner.agent
      .post('/intake/new')
      .type('form')
      .send({ _csrf: csrfFrom(form), name: 'Lang Typo', email: 'typo@example.org', language: 'xx' })
      .expect(400);
    expect(page.text).toContain('must be one of en, es');
    expect(page.text).toContain('typo@example.org');
  });

  it('two senders never deliver the same message twice', async () => {
    await sender.deliverDue();
    smtp.received.length = 0;
    await inviteClient(owner, { name: 'Kai', email: 'kai@example.org' });
    const other = new MailSender(
      t.config,
      t.app.get(Transactions),
      t.app.get(OutboxRepository),
      t.app.get(ClientMail),
      new JsonLogger('silent'),
      { handle: () => undefined } as unknown as JobQueue,
    );
    const reports = await Promise.all([sender.deliverDue(), other.deliverDue()]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([['kai@example.org']]);
    await other.onModuleDestroy();
  });
});

describe('e-mail when the SMTP server cannot be reached', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let sender: MailSender;

  beforeAll(async () => {
    t = await startTestApp({ SMTP_URL: `smtp://ayni:s3cret-pass@127.0.0.1:${await closedPort()}` });
    sender = t.app.get(MailSender);
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
  });
  afterAll(() => t.close());

  it('retries with growing waits, then fails visibly; the app keeps serving and nothing is lost', async () => {
    const { id } = await inviteClient(owner, { name: 'Maya Ortiz', email: 'maya@example.org' });
    const [{ id: messageId }] = await messages(t, 'dedupe_key = $1', [`intake_invitation:${id}`]);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await sender.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, held: 0 });
      const [row] = await messages(t, 'id = $1', [messageId]);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      expect(row.last_error).not.toContain('s3cret');
      waits.push(minutesFromNow(row.next_attempt_at));
      // Not due yet: a run now does nothing.
      expect(await sender.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 0 });
      await t.sql(`UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [messageId]);
    }
    expect(waits).toEqual([1, 5, 25, 125]);
    expect(await sender.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 1, held: 0 });
    const [failed] = await messages(t, 'id = $1', [messageId]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, next_attempt_at: null, sent_at: null });

    await t.browser().get('/login').expect(200); // the app keeps serving
    const page = await owner.agent.get('/outbox').expect(200);
    expect(page.text).toContain('maya@example.org');
    expect(page.text).toContain('Your intake form for Riverside Healing Arts');
    expect(page.text).toContain('Failed');
    expect(page.text).toMatch(/ECONNREFUSED/);
    expect(page.text).not.toContain('s3cret');
    expect(page.text).toContain(`/outbox/${messageId}/retry`);

    // Retry now: one more attempt, due at once.
    await owner.agent
      .post(`/outbox/${messageId}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect((await messages(t, 'id = $1', [messageId]))[0]).toMatchObject({ status: 'queued', attempts: 5 });
    expect(await sender.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 1, held: 0 });
    expect((await messages(t, 'id = $1', [messageId]))[0]).toMatchObject({ status: 'failed', attempts: 6 });
  });

  it('a message left "sending" by a stopped sender is taken again once its lease runs out', async () => {
    const { id } = await inviteClient(owner, { name: 'Lee', email: 'lee@example.org' });
    const [{ id: messageId }] = await messages(t, 'dedupe_key = $1', [`intake_invitation:${id}`]);
    await t.sql(
      `UPDATE outbox_messages SET status = 'sending', attempts = 1, next_attempt_at = now() + interval '5 minutes' WHERE id = $1`,
      [messageId],
    );
    expect((await sender.deliverDue()).retrying).toBe(0);
    await t.sql(`UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [messageId]);
    expect((await sender.deliverDue()).retrying).toBe(1);
    expect((await messages(t, 'id = $1', [messageId]))[0]).toMatchObject({ status: 'queued', attempts: 2 });
  });
});

describe('e-mail with no SMTP server configured', () => {
  let t: TestApp;
  let a: SignedInClient;
  let b: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp({ SMTP_URL: '' });
    a = await signUpPractice(t.browser(), { practiceName: 'Practice Alpha' });
    b = await signUpPractice(t.browser(), { practiceName: 'Practice Bravo' });
  });
  afterAll(() => t.close());

  it('holds messages where staff see them, never sending or dropping them', async () => {
    const { id } = await inviteClient(a, { name: 'Maya Ortiz', email: 'maya.held@example.org' });
    const [held] = await messages(t, 'dedupe_key = $1', [`intake_invitation:${id}`]);
    expect(held).toMatchObject({ status: 'held', attempts: 0, next_attempt_at: null });
    expect(await t.app.get(MailSender).deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 0 });

    const frontDesk = await addMember(a, t.browser(), 'front_desk');
    for (const staff of [a, frontDesk]) {
      const page = await staff.agent.get('/outbox').expect(200);
      expect(page.text).toContain('maya.held@example.org');
      expect(page.text).toContain('Held: no mail server configured');
      expect(page.text).toContain('No mail server is configured (SMTP_URL)');
      expect(page.text).not.toContain('/i/'); // the body (with the client's link) is never shown
    }
    const page = await a.agent.get('/outbox?status=held').expect(200);
    const retry = await a.agent
      .post(`/outbox/${held.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(retry.status).toBe(303);
    expect(retry.headers.location).toBe('/outbox?retried=not_configured');
    expect((await a.agent.get(retry.headers.location).expect(200)).text).toContain('the message stays held');
    expect((await messages(t, 'id = $1', [held.id]))[0].status).toBe('held');
  });

  it('shows and retries only the practice’s own messages', async () => {
    const { id } = await inviteClient(a, { name: 'Alpha Client', email: 'alpha.client@example.org' });
    const [aMessage] = await messages(t, 'dedupe_key = $1', [`intake_invitation:${id}`]);
    const bPage = await b.agent.get('/outbox').expect(200);
    expect(bPage.text).not.toContain('alpha.client@example.org');
    expect(bPage.text).not.toContain('Practice Alpha');
    const foreign = await b.agent
      .post(`/outbox/${aMessage.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(bPage.text) });
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('alpha.client');
    const api = await b.agent.post(`/outbox/${aMessage.id}/retry`).set('X-CSRF-Token', b.csrfToken).set('Accept', 'application/json');
    expect(api.status).toBe(404);
    expect((await messages(t, 'id = $1', [aMessage.id]))[0]).toMatchObject({ status: 'held', attempts: 0 });
  });
});

describe('the sender as a background job', () => {
  it('starts with the app, delivers within seconds of the invitation, and stops with it', async () => {
    const smtp = await startSmtp();
    const t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, RUN_JOBS: 'true', JOB_POLL_SECONDS: '0.5' });
    try {
      const owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
      await inviteClient(owner, { name: 'Maya Ortiz', email: 'maya.timer@example.org' });
      for (let waited = 0; smtp.received.length === 0 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(smtp.received.map((m) => m.to)).toEqual([['maya.timer@example.org']]);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
