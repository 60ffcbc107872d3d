import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { JsonLogger } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { within } from '../shutdown';
import { JOB_DEFINITIONS, JOB_NAMES, JobName } from './job-definitions';

/** Where pg-boss keeps its tables (created by migration 1795898000000, never by pg-boss itself). */
export const JOB_SCHEMA = 'pgboss';

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Whether a failure now is final (no attempt follows). */
  lastAttempt: boolean;
}

export type JobHandler = (data: Record<string, unknown>, job: JobContext) => Promise<void>;

type SqlRunner = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

/**
 * Background jobs in the app's own PostgreSQL (pg-boss). Features register a handler per job name
 * and send jobs inside the transaction of their use case, so a job exists exactly when the change
 * that asked for it was committed. pg-boss talks through the app's own connection pool: on the
 * embedded database that pool is its one connection, which pg-boss must share (a pool of its own
 * would collide there), and on a real server it saves connections.
 *
 * Every process starts the queue to send; processes that run jobs (the worker, or a web process
 * with RUN_JOBS=true) also work on them, keep the cron schedule and find jobs whose worker died.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private boss?: PgBoss;
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly running = new Set<Promise<void>>();
  private lastErrorLog = 0;
  private drained = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly logger: JsonLogger,
  ) {}

  /** Whether this process works on jobs. */
  get runsJobs(): boolean {
    return this.config.role === 'worker' || this.config.jobs.run;
  }

  /** Registers the work behind a job name (features call this from their constructor). */
  handle(name: JobName, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`Two handlers for the job ${name}`);
    this.handlers.set(name, handler);
  }

  /** Queues a job as part of the transaction `tx`: it exists only if the transaction commits. */
  async send(
    tx: EntityManager,
    name: JobName,
    data: Record<string, unknown> = {},
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    const runner = tx.queryRunner;
    if (!runner) throw new Error('JobQueue.send needs a transaction’s EntityManager');
    const db: SqlRunner = { executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }) };
    return this.started().send(name, data, { ...this.sendOptions(name), ...options, db });
  }

  async onApplicationBootstrap() {
    const jobs = this.config.jobs;
    const works = this.runsJobs;
    const boss = new PgBoss({
      db: this.poolRunner(),
      schema: JOB_SCHEMA,
      migrate: false,
      supervise: works,
      schedule: works,
      maintenanceIntervalSeconds: jobs.maintenanceSeconds,
    });
    boss.on('error', (error) => this.logError('job queue', error));
    await boss.start();
    this.boss = boss;
    await this.ensureQueues(boss);
    if (!works) return;
    for (const name of JOB_NAMES) {
      const handler = this.handlers.get(name);
      if (!handler) continue;
      const definition = JOB_DEFINITIONS[name];
      const pollingIntervalSeconds = Math.min(jobs.pollSeconds, 'pollSeconds' in definition ? definition.pollSeconds : jobs.pollSeconds);
      for (let i = 0; i < definition.concurrency; i++) {
        await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, ([job]) =>
          this.run(name, handler, job),
        );
      }
      if ('cron' in definition) await boss.schedule(name, definition.cron, {}, { tz: 'UTC' });
    }
  }

  onModuleDestroy() {
    return this.stop();
  }

  /**
   * First half of a graceful stop: takes no new jobs and waits, up to the shutdown bound, for the
   * ones running. The queue still sends, so requests in flight can finish their use cases.
   */
  async stopWorking(): Promise<void> {
    const boss = this.boss;
    if (!boss || !this.runsJobs) return;
    await Promise.all(JOB_NAMES.map((name) => boss.offWork(name)));
    await within(Promise.allSettled([...this.running]), this.config.shutdownTimeoutSeconds * 1000);
    this.drained = true;
  }

  /** Stops the queue; jobs still running after the bound are handed back as failed, so another worker retries them. */
  async stop() {
    const boss = this.boss;
    this.boss = undefined;
    // After stopWorking the bound has been spent: what still runs is handed back at once.
    const timeout = this.drained ? 1000 : this.config.shutdownTimeoutSeconds * 1000;
    await boss?.stop({ graceful: true, wait: true, close: false, timeout });
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('The job queue is not started (or already stopped)');
    return this.boss;
  }

  private async run(name: JobName, handler: JobHandler, job: PgBoss.JobWithMetadata<Record<string, unknown>>) {
    const running = this.runOnce(name, handler, job);
    this.running.add(running);
    try {
      return await running;
    } finally {
      this.running.delete(running);
    }
  }

  private async runOnce(name: JobName, handler: JobHandler, job: PgBoss.JobWithMetadata<Record<string, unknown>>) {
    const started = Date.now();
    const context: JobContext = { id: job.id, retryCount: job.retryCount, lastAttempt: job.retryCount >= job.retryLimit };
    try {
      await handler(job.data ?? {}, context);
      this.logger.event('debug', 'job done', { job: name, jobId: job.id, ms: Date.now() - started });
    } catch (error) {
      this.logger.event(context.lastAttempt ? 'error' : 'warn', context.lastAttempt ? 'job failed' : 'job attempt failed', {
        job: name,
        jobId: job.id,
        attempt: job.retryCount + 1,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  /**
   * Creates the queues that are missing and brings the others' retry and expiry settings up to
   * date. Processes starting together can deadlock on pg-boss's DDL: the loser tries again.
   */
  private async ensureQueues(boss: PgBoss) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ensureQueuesOnce(boss);
      } catch (error) {
        if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
      }
    }
  }

  private async ensureQueuesOnce(boss: PgBoss) {
    const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
    for (const name of JOB_NAMES) {
      const wanted = { name, policy: 'standard' as const, ...this.sendOptions(name) };
      const queue = existing.get(name);
      if (!queue) await boss.createQueue(name, wanted);
      else if (
        queue.retryLimit !== wanted.retryLimit ||
        queue.retryDelay !== wanted.retryDelay ||
        queue.retryBackoff !== wanted.retryBackoff ||
        queue.expireInSeconds !== wanted.expireInSeconds
      ) {
        await boss.updateQueue(name, wanted);
      }
    }
  }

  private sendOptions(name: JobName) {
    const { retryLimit, retryDelay, retryBackoff, expireInSeconds } = JOB_DEFINITIONS[name];
    return { retryLimit, retryDelay, retryBackoff, expireInSeconds: this.config.jobs.timeoutSeconds ?? expireInSeconds };
  }

  /** pg-boss's SQL through the app's pool (see the class comment). */
  private poolRunner(): SqlRunner {
    const pool = (this.dataSource.driver as unknown as { master: { query(text: string, values?: unknown[]): Promise<{ rows: any[] }> } })
      .master;
    return { executeSql: (text, values) => pool.query(text, values) };
  }

  /** Connection errors repeat every poll while the database is away: log one a minute. */
  private logError(what: string, error: unknown) {
    if (Date.now() - this.lastErrorLog < 60_000) return;
    this.lastErrorLog = Date.now();
    this.logger.event('warn', `${what} error`, { error: error instanceof Error ? error.message : String(error) });
  }
}
