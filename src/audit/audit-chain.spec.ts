import { canonicalJson, ChainRow, eventHash, GENESIS_HASH, storedText, verifyChain } from './audit-chain';

const practiceId = '11111111-1111-4111-8111-111111111111';

/** A valid chain of `n` events, as the database would return it. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      practiceId,
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 28, 12, 0, seq)),
      action: 'intake.viewed',
      recordKind: 'intake',
      recordId: '22222222-2222-4222-8222-222222222222',
      actorKind: 'staff',
      actorId: '33333333-3333-4333-8333-333333333333',
      ip: '127.0.0.1',
      userAgent: 'Test',
      data: { answers: seq % 2 === 0 },
      prevHash,
    };
    const hash = eventHash(fields);
    rows.push({ ...fields, id: `id-${seq}`, hash });
    prevHash = hash;
  }
  return rows;
}

const reader = (rows: ChainRow[]) => async (afterSeq: number, limit: number) => rows.filter((r) => r.seq > afterSeq).slice(0, limit);

describe('the audit hash chain', () => {
  it('serializes with sorted keys at every level, so jsonb key order never matters', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":null,"y":2}]},"b":1}');
  });

  it('hashes uuids the same in either case, as PostgreSQL stores them', () => {
    const [row] = chain(1);
    expect(eventHash({ ...row, recordId: row.recordId.toUpperCase() })).toBe(row.hash);
  });

  it('stores text as PostgreSQL would: no lone surrogate, no NUL, cut at code points', () => {
    expect(storedText('a\ud800b\u0000c', 10)).toBe('a\ufffdbc');
    expect(storedText('😀😀😀', 2)).toBe('😀😀');
    expect(storedText(undefined, 5)).toBeNull();
  });

  it('verifies a chain across batches and reports its head', async () => {
    const rows = chain(25);
    expect(await verifyChain(practiceId, reader(rows), 10)).toEqual({
      practiceId,
      ok: true,
      checked: 25,
      head: { seq: 25, hash: rows[24].hash },
      broken: null,
    });
    expect(await verifyChain(practiceId, reader([]), 10)).toMatchObject({ ok: true, checked: 0, head: null });
  });

  it('names the first broken link: a changed event, a re-hashed one, a missing one (also at a batch boundary)', async () => {
    const changed = chain(25);
    changed[14] = { ...changed[14], ip: '10.6.6.6' };
    expect(await verifyChain(practiceId, reader(changed), 10)).toMatchObject({
      ok: false,
      checked: 14,
      broken: { seq: 15, id: 'id-15', problem: 'hash' },
    });

    const rehashed = chain(25);
    rehashed[14] = { ...rehashed[14], ip: '10.6.6.6' };
    rehashed[14].hash = eventHash(rehashed[14]);
    expect((await verifyChain(practiceId, reader(rehashed), 10)).broken).toMatchObject({ seq: 16, problem: 'prev_hash' });

    for (const missing of [11, 25]) {
      const gap = chain(26).filter((r) => r.seq !== missing);
      expect((await verifyChain(practiceId, reader(gap), 10)).broken).toEqual({
        seq: missing,
        id: null,
        problem: 'gap',
        detail: `event ${missing} is missing (the next one is ${missing + 1})`,
      });
    }
  });
});
