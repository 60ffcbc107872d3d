import { createHash } from 'node:crypto';

/**
 * The hash chain of a practice's audit trail. Each event carries its place in the practice's
 * sequence (1, 2, 3, … without gaps), the hash of the event before it, and its own hash: SHA-256
 * over a canonical serialization of everything it says. Changing, removing or inserting an event
 * breaks the chain at that point. This file is the one definition of the serialization: the app
 * writes with it, the migration chained existing rows with it, and `npm run audit:verify` and the
 * owner's audit page check with it. Changing it means a new version prefix, never an edit.
 */
export const CHAIN_VERSION = 'ayni.audit.v1';

/** The previous hash of a practice's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What is hashed: the stored columns of one event, as read back from the database. */
export interface ChainedFields {
  practiceId: string;
  seq: number;
  occurredAt: Date;
  action: string;
  recordKind: string;
  recordId: string;
  actorKind: string;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so jsonb's own key order never matters. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** uuids compare case-insensitively in PostgreSQL and are stored lower-case. */
const id = (value: string | null) => (value === null ? null : value.toLowerCase());

export function canonicalEvent(e: ChainedFields): string {
  return canonicalJson([
    CHAIN_VERSION,
    id(e.practiceId),
    e.seq,
    e.occurredAt.toISOString(),
    e.action,
    e.recordKind,
    id(e.recordId),
    e.actorKind,
    id(e.actorId),
    e.ip,
    e.userAgent,
    e.data ?? {},
    e.prevHash,
  ]);
}

export const eventHash = (e: ChainedFields): string => createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as PostgreSQL will store it in a varchar(max): well-formed (a lone surrogate would be
 * stored as U+FFFD and no longer hash the same), without NUL (which text cannot hold), cut at
 * `max` characters (code points, as PostgreSQL counts them).
 */
export function storedText(value: string | undefined | null, max: number): string | null {
  if (value === undefined || value === null) return null;
  const clean = value.replace(LONE_SURROGATE, '\ufffd').replace(/\u0000/g, '');
  return Array.from(clean).slice(0, max).join('');
}

/** The first place a practice's chain does not hold, or nothing. */
export interface ChainBreak {
  seq: number;
  /** The event found at that place; null when the event is missing (a gap). */
  id: string | null;
  problem: 'hash' | 'prev_hash' | 'gap';
  detail: string;
}

export interface ChainReport {
  practiceId: string;
  ok: boolean;
  /** Events checked before the first break (all of them when ok). */
  checked: number;
  /** The last good event: a value worth noting elsewhere, since a chain rewritten from the start cannot be told apart. */
  head: { seq: number; hash: string } | null;
  broken: ChainBreak | null;
}

export type ChainRow = ChainedFields & { id: string; hash: string };

/**
 * Walks a practice's chain in seq order, a batch at a time (`fetch` returns up to `limit` events
 * with seq greater than `afterSeq`, in order), and stops at the first broken link.
 */
export async function verifyChain(
  practiceId: string,
  fetch: (afterSeq: number, limit: number) => Promise<ChainRow[]>,
  batchSize = 1000,
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let head: ChainReport['head'] = null;
  const report = (broken: ChainBreak | null): ChainReport => ({ practiceId, ok: !broken, checked: expectedSeq - 1, head, broken });
  for (;;) {
    const rows = await fetch(expectedSeq - 1, batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return report({
          seq: expectedSeq,
          id: null,
          problem: 'gap',
          detail: `event ${expectedSeq} is missing (the next one is ${row.seq})`,
        });
      }
      if (row.prevHash !== prevHash) {
        return report({
          seq: row.seq,
          id: row.id,
          problem: 'prev_hash',
          detail: `its previous hash is not the hash of event ${row.seq - 1}`,
        });
      }
      if (eventHash(row) !== row.hash) {
        return report({ seq: row.seq, id: row.id, problem: 'hash', detail: 'its content does not match its hash' });
      }
      prevHash = row.hash;
      head = { seq: row.seq, hash: row.hash };
      expectedSeq++;
    }
    if (rows.length < batchSize) return report(null);
  }
}

/** One batch of a practice's chain, for verifyChain: $1 practice, $2 after this seq, $3 how many. */
export const CHAIN_BATCH_SQL = `SELECT id, practice_id, seq, occurred_at, action, record_kind, record_id, actor_kind, actor_id, ip, user_agent, data, prev_hash, hash
  FROM audit_events WHERE practice_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`;

/** A row of CHAIN_BATCH_SQL as verifyChain reads it. */
export function chainRowFrom(raw: Record<string, unknown>): ChainRow {
  return {
    id: String(raw.id),
    practiceId: String(raw.practice_id),
    seq: Number(raw.seq),
    occurredAt: raw.occurred_at as Date,
    action: String(raw.action),
    recordKind: String(raw.record_kind),
    recordId: String(raw.record_id),
    actorKind: String(raw.actor_kind),
    actorId: (raw.actor_id as string | null) ?? null,
    ip: (raw.ip as string | null) ?? null,
    userAgent: (raw.user_agent as string | null) ?? null,
    data: (raw.data as Record<string, unknown>) ?? {},
    prevHash: String(raw.prev_hash),
    hash: String(raw.hash),
  };
}
