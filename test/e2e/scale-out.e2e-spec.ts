import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import { reauthenticate, signUpPractice, staffApi, type SignedInClient } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { asBytes } from '../support/pdf-text';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature';
import { AppProcess, freePort, PrivatePostgres } from '../support/processes';
import { eventually, sleep } from '../support/waiting';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

/**
 * Ayni as it runs when it outgrows one process: two web instances and a worker, each a process of
 * its own on its own port, sharing one PostgreSQL (a server of this test's own, so the test can
 * crash and restart it). The web instances run no jobs and print no PDFs themselves.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('scale-out: web instances and workers as separate processes', () => {
  jest.setTimeout(240_000);
  let pg: PrivatePostgres;
  let env: Record<string, string>;
  let a: AppProcess;
  let b: AppProcess;
  let worker: AppProcess;
  let owner: SignedInClient;
  const extra: AppProcess[] = [];

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const startWorker = async (name: string) => {
    const w = new AppProcess(name, 'worker', await freePort(), env);
    extra.push(w);
    return w.start();
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: await pg.createDatabase('ayni'),
      // What web replicas share in production: one secret, one set of keys, no jobs in the web processes.
      SESSION_SECRET: randomUUID() + randomUUID(),
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      DATA_DIR: `/tmp/ayni-scale-out-${process.pid}`,
      RUN_JOBS: 'false',
      PDF_RENDERING: 'worker',
      CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      PDF_PAGES: '1',
      LOG_LEVEL: 'warn',
      // Lost jobs (their worker killed) are found within seconds here rather than minutes.
      JOB_POLL_SECONDS: '0.5',
      JOB_TIMEOUT_SECONDS: '6',
      JOB_MAINTENANCE_SECONDS: '1',
      SIGNUPS_PER_IP_PER_HOUR: '10000',
      INTAKE_STARTS_PER_IP_PER_HOUR: '10000',
      INVITATIONS_PER_PRACTICE_PER_HOUR: '10000',
    };
    // Started together, as replicas are: one migrates, the others wait for it.
    [a, b, worker] = await Promise.all([
      new AppProcess('web A', 'main', await freePort(), env).start(),
      new AppProcess('web B', 'main', await freePort(), env).start(),
      new AppProcess('worker', 'worker', await freePort(), env).start(),
    ]);
    owner = await signUpPractice(request.agent(a.url), { practiceName: 'Riverside Healing Arts' });
  });

  afterAll(async () => {
    for (const p of [a, b, worker, ...extra]) await p?.kill();
    pg?.stop();
  });

  it('a draft saved through A resumes through B, and a staff session from A works on B', async () => {
    const { token } = await inviteClient(owner, { name: 'Maya Ortiz', email: 'maya@example.org' });
    const onA = clientApi(request.agent(a.url), token);
    const saved = await onA.save(0, { 'story.text': 'Saved through A' }).expect(200);
    expect(saved.body.revision).toBe(1);

    const onB = clientApi(request.agent(b.url), token);
    const resumed = await onB.read().expect(200);
    expect(resumed.body).toMatchObject({ revision: 1, answers: { 'story.text': 'Saved through A' } });
    await onB.save(1, { 'story.text': 'Then through B' }).expect(200);
    expect((await onA.read().expect(200)).body.answers['story.text']).toBe('Then through B');

    // The owner's cookie, set by A, is a session B knows (sessions live in PostgreSQL).
    const cookie = (await owner.agent.get('/api/v1/auth/session').expect(200)).request.cookies as string;
    expect(cookie).toContain('ayni_session=');
    const session = await request(b.url).get('/api/v1/auth/session').set('Cookie', cookie).expect(200);
    expect(session.body.user.id).toBe(owner.user.id);
  });

  it('a PDF asked of B is printed by the worker (B never starts Chromium)', async () => {
    const { token } = await inviteClient(owner, { name: 'Ana Lima', email: 'ana@example.org' });
    const client = clientApi(request.agent(b.url), token);
    await client.save(0, COMPLETE_ANSWERS).expect(200);
    await client.submit(randomUUID(), { revision: 1 }).expect(201);

    const health = await request(b.url).get('/health').expect(200);
    expect(health.body.info.browser.detail).toMatch(/printed by workers/);
    const pdf = await request(b.url).get(`/i/${token}/pdf`).buffer(true).parse(asBytes);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const jobs = await sql<{ state: string }>("SELECT state FROM pgboss.job WHERE name = 'pdf.render'");
    expect(jobs.map((j) => j.state)).toEqual(['completed']);
    // The page and the PDF passed through the database encrypted, and nothing of them stays.
    expect(await sql('SELECT id FROM pdf_renders')).toEqual([]);
  });

  describe('webhooks, delivered by the worker', () => {
    let receiver: Receiver;
    let secret: string;
    beforeAll(async () => {
      receiver = await startReceiver();
      await reauthenticate(owner);
      const created = await staffApi(owner)
        .post('/webhooks', { url: receiver.url('/ayni'), events: ['intake.submitted'] })
        .expect(201);
      secret = created.body.secret;
    });
    afterAll(() => receiver?.close());

    const submitIntake = async (via: AppProcess, name: string) => {
      const { id, token } = await inviteClient(owner, { name, email: `${name.split(' ')[0].toLowerCase()}@example.org` });
      const client = clientApi(request.agent(via.url), token);
      await client.save(0, COMPLETE_ANSWERS).expect(200);
      await client.submit(randomUUID(), { revision: 1 }).expect(201);
      return id;
    };

    it('reach a local receiver with a valid signature', async () => {
      const intakeId = await submitIntake(b, 'Lena Park');
      const hit = await eventually('the receiver to get the delivery', async () =>
        receiver.received.find((r) => r.body.includes(intakeId)),
      );
      expect(hit.headers['ayni-webhook-event']).toBe('intake.submitted');
      expect(
        verifyWebhookSignature(
          secret,
          hit.headers['ayni-webhook-timestamp'] as string,
          hit.body,
          hit.headers['ayni-webhook-signature'] as string,
        ),
      ).toBe(true);
      expect(
        verifyWebhookSignature(
          secret,
          hit.headers['ayni-webhook-timestamp'] as string,
          hit.body + ' ',
          hit.headers['ayni-webhook-signature'] as string,
        ),
      ).toBe(false);
      const id = hit.headers['ayni-webhook-id'] as string;
      await eventually(
        'the delivery to be recorded',
        async () => (await sql<{ status: string }>('SELECT status FROM webhook_deliveries WHERE id = $1', [id]))[0]?.status === 'delivered',
      );
    });

    it('a worker killed in the middle of a delivery: the job is tried again and completes once', async () => {
      receiver.holdNext();
      const intakeId = await submitIntake(a, 'Omar Said');
      const held = await eventually('the worker to be in the middle of the delivery', async () =>
        receiver.held.find((r) => r.body.includes(intakeId)),
      );
      await worker.kill();
      worker = await startWorker('worker 2');

      const id = held.headers['ayni-webhook-id'] as string;
      // The job times out (6 s here) and waits its retry delay (30-60 s for webhooks): bring the retry forward.
      await eventually(
        'the lost job to be scheduled again',
        async () =>
          (
            await sql(
              "UPDATE pgboss.job SET start_after = now() WHERE name = 'webhook.deliver' AND state = 'retry' AND data->>'deliveryId' = $1 RETURNING id",
              [id],
            )
          ).length > 0,
        60_000,
      );
      await eventually(
        'the delivery to be tried again and delivered',
        async () => (await sql<{ status: string }>('SELECT status FROM webhook_deliveries WHERE id = $1', [id]))[0]?.status === 'delivered',
      );
      const answered = receiver.received.filter((r) => r.headers['ayni-webhook-id'] === id);
      expect(answered).toHaveLength(1);
      const jobs = await sql<{ state: string; retry_count: number }>(
        "SELECT state, retry_count FROM pgboss.job WHERE name = 'webhook.deliver' AND data->>'deliveryId' = $1",
        [id],
      );
      expect(jobs).toEqual([{ state: 'completed', retry_count: 1 }]);
    });
  });

  it('PostgreSQL crashes and restarts during autosaves: both instances recover and every acknowledged save is there', async () => {
    const clients = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const { token } = await inviteClient(owner, { name: `Client ${i}`, email: `client${i}@example.org` });
        return { token, via: i % 2 === 0 ? a : b, revision: 0, next: 1, acked: 0, ackedAfterRestart: 0, refused: 0 };
      }),
    );
    let restarted = false;
    let stop = false;
    const type = async (c: (typeof clients)[number]) => {
      const api = clientApi(request.agent(c.via.url), c.token);
      while (!stop) {
        const res = await api.save(c.revision, { 'story.text': `save ${c.next}` }).catch(() => undefined);
        if (res?.status === 200) {
          c.revision = res.body.revision;
          c.acked = c.next++;
          if (restarted) c.ackedAfterRestart++;
        } else if (res?.status === 409) {
          // A save whose answer was lost did land: take the stored revision and go on.
          const current = await api.read().catch(() => undefined);
          if (current?.status === 200) c.revision = current.body.revision;
        } else {
          // While the database is away: 503 with Retry-After (never a 500), or no answer at all.
          if (res) expect([503]).toContain(res.status);
          c.refused++;
          await sleep(200);
        }
        await sleep(20);
      }
    };
    const typing = Promise.all(clients.map(type));
    await sleep(2500);
    await pg.crashAndRestart(2000);
    restarted = true;
    await eventually('saves to succeed again through both instances', async () =>
      [a, b].every((instance) => clients.some((c) => c.via === instance && c.ackedAfterRestart >= 3)),
    );
    stop = true;
    await typing;

    for (const c of clients) {
      const stored = await clientApi(request.agent(a.url), c.token).read().expect(200);
      const savedNumber = Number(/^save (\d+)$/.exec(stored.body.answers['story.text'])![1]);
      expect(savedNumber).toBeGreaterThanOrEqual(c.acked);
      expect(stored.body.revision).toBeGreaterThanOrEqual(c.revision);
    }
    expect(clients.reduce((n, c) => n + c.refused, 0)).toBeGreaterThan(0);
    for (const instance of [a, b]) expect((await request(instance.url).get('/health')).status).toBe(200);
  });

  it('SIGTERM: a request in flight is finished, new connections are refused, and the process exits 0', async () => {
    const c = await new AppProcess('web C', 'main', await freePort(), env).start();
    extra.push(c);
    const { token } = await inviteClient(owner, { name: 'Noor Haddad', email: 'noor@example.org' });
    const client = clientApi(request.agent(c.url), token);
    await client.save(0, COMPLETE_ANSWERS).expect(200);
    await client.submit(randomUUID(), { revision: 1 }).expect(201);

    // A PDF takes a worker's round trip: long enough to be in flight when the signal comes.
    const inFlight = request(c.url)
      .get(`/i/${token}/pdf`)
      .buffer(true)
      .parse(asBytes)
      .then((res) => ({ res, at: Date.now() }));
    await eventually('the PDF request to wait for its worker', async () => (await sql('SELECT id FROM pdf_renders')).length > 0, 10_000);
    const signalled = Date.now();
    const exit = c.terminate();
    const { res, at } = await inFlight;
    expect(at).toBeGreaterThan(signalled);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await exit).toBe(0);
    await expect(fetch(`${c.url}/health`)).rejects.toThrow();
  });
});
