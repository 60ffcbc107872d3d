import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { FieldCipher } from '../../src/crypto/field-cipher';
import { parseKeyring } from '../../src/crypto/keyring';
import { runRotateCommand } from '../../src/crypto/rotate-command';
import { leafContext } from '../../src/crypto/sealed-json';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { createDatabase, dropDatabase, TEMPLATE_ENV, uniqueName, withDatabase } from '../support/databases';
import type { TestApp } from '../support/test-app';

const entry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const K1 = entry('k1');
const K2 = entry('k2');
const STORY = 'Thistledown fever every spring, since the move.';
const LEGACY = 'A plaintext story written before encryption existed.';

/**
 * One database, several starts of Ayni one after another with different ENCRYPTION_KEYS, as an
 * operator rotating keys would do; on PGlite the database lives in DATA_DIR between starts.
 */
describe('encryption keys: rotation, and start-up refusing keys that do not fit', () => {
  const serverUrl = process.env.DATABASE_URL;
  let dataDir: string;
  let database: string | undefined;
  const ids: { intake: string; token: string; legacy: string; review: string; agreementIntake: string } = {} as never;

  const env = (keys: string): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: serverUrl && database ? withDatabase(serverUrl, database) : '',
    ENCRYPTION_KEYS: keys,
    SIGNUPS_PER_IP_PER_HOUR: '10000',
    INTAKE_STARTS_PER_IP_PER_HOUR: '10000',
    WRONG_LINKS_PER_IP_PER_HOUR: '10000',
    INVITATIONS_PER_PRACTICE_PER_HOUR: '10000',
  });

  /** Starts Ayni as main.ts does (createApp, then init runs the start-up checks); a refusal closes what it opened. */
  async function boot(keys: string): Promise<TestApp> {
    const config = loadConfig(env(keys));
    const app = await createApp(config);
    try {
      await app.init();
    } catch (error) {
      await app.close();
      throw error;
    }
    const dataSource = app.get(DataSource);
    return {
      app,
      config,
      dataSource,
      browser: () => request.agent(app.getHttpServer()),
      sql: (query, params) => dataSource.query(query, params),
      close: () => app.close(),
    };
  }

  async function rotate(keys: string): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const code = await runRotateCommand(env(keys), (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  }

  const storedValues = async (t: TestApp) =>
    JSON.stringify(
      await t.sql(
        `SELECT (SELECT json_agg(answers) FROM intakes) AS a, (SELECT json_agg(answers) FROM intake_submissions) AS b,
                (SELECT json_agg(content) FROM reflection_entries) AS c,
                (SELECT json_agg(json_build_array(answers, decision_reason, practitioner_notes)) FROM reviews) AS d`,
      ),
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ayni-keys-'));
    if (serverUrl) {
      database = uniqueName('ayni_test');
      await createDatabase(serverUrl, database, process.env[TEMPLATE_ENV]);
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl && database) await dropDatabase(serverUrl, database);
  });

  it('under k1: writes encrypted values, and a row from before encryption', async () => {
    const t = await boot(K1);
    try {
      const owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
      const ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
      const desk: SignedInClient = await addMember(owner, t.browser(), 'front_desk');
      const { id, token } = await inviteClient(desk, { name: 'Maya Ortiz' });
      await clientApi(t.browser(), token)
        .save(0, { ...COMPLETE_ANSWERS, 'story.text': STORY })
        .expect(200);
      await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
      await ana.agent
        .post(`/api/v1/intakes/${id}/reflection`)
        .set('X-CSRF-Token', ana.csrfToken)
        .send({ story: 'Heard: thistledown fever', mattersMost: 'Spring without fever', goals: { 'goals.1': 'To carry her' } })
        .expect(201);
      const legacy = await inviteClient(desk, { name: 'Old Row' });
      await t.sql(`UPDATE intakes SET answers = $2::jsonb WHERE id = $1`, [legacy.id, JSON.stringify({ 'story.text': LEGACY })]);

      const offeringId = await publishedOffering(ana);
      const agreement = await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(-56));
      await ana.agent.get('/reviews').expect(200);
      const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 ORDER BY due_date LIMIT 1', [
        agreement.id,
      ]);
      const page = (await ana.agent.get(`/reviews/${review.id}`).expect(200)).text;
      await ana.agent
        .post(`/reviews/${review.id}/decision`)
        .type('form')
        .send({ _csrf: csrfFrom(page), decision: 'continue', reason: 'Steady progress, said kindly.', notes: 'Ask about spring.' })
        .expect(303);
      Object.assign(ids, { intake: id, token, legacy: legacy.id, review: review.id, agreementIntake: agreement.intakeId });
      expect(await storedValues(t)).toContain('enc:v1:k1:');
      expect(await storedValues(t)).not.toContain('Thistledown');
      expect(await t.sql('SELECT key_id, retired_at FROM encryption_keys')).toEqual([{ key_id: 'k1', retired_at: null }]);
    } finally {
      await t.close();
    }
  });

  it('refuses to start with a wrong key for k1, or without k1 while values are stored under it, naming the key id', async () => {
    await expect(boot(entry('k1'))).rejects.toThrow(/Ayni cannot start[\s\S]*The key given for k1 in ENCRYPTION_KEYS does not open/);
    await expect(boot(K2)).rejects.toThrow(/Values are stored under the key id k1, which ENCRYPTION_KEYS does not list/);
    await expect(rotate(K2)).resolves.toMatchObject({ code: 2, output: expect.stringContaining('key id k1') });
  });

  it('rotates: k2 current and k1 kept, crypto:rotate moves everything (legacy plaintext too) to k2 and retires k1', async () => {
    const { code, output } = await rotate(`${K2},${K1}`);
    expect(output).toContain('Re-encrypting under the current key k2');
    expect(output).toMatch(/intakes\.answers: \d+ rows, \d+ rewritten, \d+ values re-encrypted, 1 plaintext values encrypted/);
    expect(output).toMatch(/intake_submissions\.answers: \d+ rows, \d+ rewritten, [1-9]\d* values re-encrypted/);
    expect(output).toMatch(/reflection_entries\.content: 1 rows, 1 rewritten, 3 values re-encrypted/);
    expect(output).toMatch(/reviews\.decision_reason: \d+ rows, 1 rewritten, 1 values re-encrypted/);
    expect(output).toContain('Key k1: no value is stored under it any more; it may be removed from ENCRYPTION_KEYS.');
    expect(code).toBe(0);
    // Run again: nothing left to do, so a rotation that stopped half-way simply resumes.
    const again = await rotate(`${K2},${K1}`);
    expect(again.output).toMatch(/intakes\.answers: \d+ rows, 0 rewritten, 0 values re-encrypted, 0 plaintext values encrypted/);
    expect(again.code).toBe(0);
  });

  it('with k1 removed everything still reads, and nothing is left under k1', async () => {
    const t = await boot(K2);
    try {
      const stored = await storedValues(t);
      expect(stored).toContain('enc:v1:k2:');
      expect(stored).not.toContain('enc:v1:k1:');
      expect(stored).not.toContain(LEGACY);
      const keys = await t.sql<{ key_id: string; retired: boolean }>(
        'SELECT key_id, retired_at IS NOT NULL AS retired FROM encryption_keys ORDER BY key_id',
      );
      expect(keys).toEqual([
        { key_id: 'k1', retired: true },
        { key_id: 'k2', retired: false },
      ]);
      const client = t.browser();
      expect((await client.get(`/api/v1/intake-links/${ids.token}`).expect(200)).body.answers['story.text']).toBe(STORY);
      expect((await client.get(`/api/v1/intake-links/${ids.token}/reflection`).expect(200)).body.entries[0].content.story).toBe(
        'Heard: thistledown fever',
      );
      const [legacy] = await t.sql<{ answers: Record<string, string> }>('SELECT answers FROM intakes WHERE id = $1', [ids.legacy]);
      expect(legacy.answers['story.text']).toMatch(/^enc:v1:k2:/);
      const [review] = await t.sql<{ decision_reason: string }>('SELECT decision_reason FROM reviews WHERE id = $1', [ids.review]);
      expect(
        new FieldCipher(parseKeyring(K2).keyring!).decrypt(review.decision_reason, {
          table: 'reviews',
          id: ids.review,
          field: 'decision_reason',
        }),
      ).toBe('Steady progress, said kindly.');
    } finally {
      await t.close();
    }
  });

  it('refuses a wrong key for k2, and data under a key id it has never seen (found in the sample of stored values)', async () => {
    await expect(boot(entry('k2'))).rejects.toThrow(/The key given for k2 in ENCRYPTION_KEYS does not open its check value/);
    // A value from elsewhere (a restored backup, another installation) under key k9, which no check row knows.
    const k9 = new FieldCipher(parseKeyring(entry('k9')).keyring!);
    const foreign = k9.encrypt('from elsewhere', leafContext({ table: 'intakes', id: ids.intake, column: 'answers' }, ['goals.1']));
    const t = await boot(K2);
    await t.sql(`UPDATE intakes SET answers = jsonb_set(answers, '{goals.1}', to_jsonb($2::text)) WHERE id = $1`, [ids.intake, foreign]);
    await t.close();
    await expect(boot(K2)).rejects.toThrow(
      /Values are stored under the key id k9 \(e\.g\. intakes\.answers of [0-9a-f-]{36}\), which ENCRYPTION_KEYS does not list/,
    );
  });
});
