import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One explicit transaction per use case. Services receive the EntityManager and pass it down to
 * repositories as a required argument, so no query can escape the transaction (and, on the
 * embedded database, none can deadlock waiting for a second connection). Never start a
 * transaction inside another: on the embedded database (one connection) that waits forever.
 */
@Injectable()
export class Transactions {
  private readonly beforeCommit: Array<(tx: EntityManager) => Promise<void>> = [];
  private readonly open = new WeakSet<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', async (tx) => {
      this.open.add(tx);
      const result = await work(tx);
      for (const hook of this.beforeCommit) await hook(tx);
      return result;
    });
  }

  /**
   * Work that every transaction does last, still inside it: the audit trail appends the events a
   * use case recorded here, so its per-practice lock is held only from then until the commit and
   * is never held while waiting for another lock (which could deadlock).
   */
  onBeforeCommit(hook: (tx: EntityManager) => Promise<void>): void {
    this.beforeCommit.push(hook);
  }

  /** Whether `tx` is a transaction opened by run() (so its before-commit work will happen). */
  isOpen(tx: EntityManager): boolean {
    return this.open.has(tx);
  }

  /**
   * Runs the use case again, from the start, when it lost a race that the database caught (two
   * sign-ups taking the same address at once): a failed statement aborts a PostgreSQL transaction,
   * so retrying inside it is impossible.
   */
  async runRetrying<T>(work: (tx: EntityManager) => Promise<T>, retryIf: (error: unknown) => boolean, attempts = 5): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(work);
      } catch (error) {
        if (attempt >= attempts || !retryIf(error)) throw error;
      }
    }
  }
}

/** Serialises, until this transaction ends, every transaction that takes the same named lock. */
export async function lockName(tx: EntityManager, name: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}
