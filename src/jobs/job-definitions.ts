/**
 * Every kind of background job, as data: how often it is retried and how long a run may take
 * before it counts as lost (its worker died) and is tried again. Handlers must be idempotent: a
 * job can run twice (a worker killed after the work but before the job was marked done).
 */
export interface JobDefinition {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** How many run at once in one process. */
  concurrency: number;
  /** Sent by the clock (UTC cron) as well as by the features. */
  cron?: string;
  /** Polling more often than JOB_POLL_SECONDS, for work someone is waiting on. */
  pollSeconds?: number;
}

export const JOB_DEFINITIONS = {
  /** Delivers the outbox's due messages (the outbox keeps each message's own attempts and backoff). */
  'mail.deliver': { retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 600, concurrency: 1, cron: '* * * * *' },
  /** Intake reminders and reviews coming due, queued as e-mail once a day. */
  'mail.daily': { retryLimit: 5, retryDelay: 300, retryBackoff: true, expireInSeconds: 900, concurrency: 1, cron: '0 7 * * *' },
  /** Removes agreements kept after an erasure whose retention has run out. */
  'retention.purge': { retryLimit: 5, retryDelay: 300, retryBackoff: true, expireInSeconds: 1800, concurrency: 1, cron: '30 3 * * *' },
  /** Prints a PDF for a web process that does not run Chromium itself (PDF_RENDERING=worker). */
  'pdf.render': { retryLimit: 2, retryDelay: 1, retryBackoff: false, expireInSeconds: 120, concurrency: 2, pollSeconds: 0.5 },
  /** Prints and keeps a countersigned agreement's copy, so the first download or print is instant. */
  'agreement.issue': { retryLimit: 4, retryDelay: 10, retryBackoff: true, expireInSeconds: 180, concurrency: 1 },
  /** Removes PDF requests and results nobody collected. */
  'pdf.cleanup': { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 300, concurrency: 1, cron: '17 * * * *' },
  /** Removes webhook deliveries settled more than 90 days ago (their attempts go with them). */
  'webhook.cleanup': { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 900, concurrency: 1, cron: '45 3 * * *' },
  /** One webhook delivery; 8 retries with backoff span about two hours. */
  'webhook.deliver': { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, concurrency: 4 },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOB_DEFINITIONS;
export const JOB_NAMES = Object.keys(JOB_DEFINITIONS) as JobName[];
