import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Keyring, newKeyEntry, parseKeyring } from '../crypto/keyring';
import { ConfigError, validateEnvironment } from './environment';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Typed configuration, built once at boot from the environment. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset means: run the embedded PostgreSQL (PGlite) in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Where the embedded PostgreSQL keeps its files; `memory://` keeps nothing (tests). */
  embeddedDbPath: string;
  sessionSecret: string;
  /** Keys for private text at rest (ENCRYPTION_KEYS; outside production generated into DATA_DIR). */
  encryption: Keyring;
  session: { idleMinutes: number; absoluteHours: number };
  invitationTtlDays: number;
  loginLimits: { perAccount: number; perIp: number; lockMinutes: number };
  /**
   * Per IP address (or per practice for invitations) in an hour. `wrongLinksPerIp`: client,
   * invitation and signing-screen links that do not exist, so no one can guess links in bulk.
   */
  hourlyLimits: {
    signUpsPerIp: number;
    invitationsPerPractice: number;
    intakeStartsPerIp: number;
    verificationsPerIp: number;
    wrongLinksPerIp: number;
    /** Personal access tokens refused on the API (unknown, malformed, expired or revoked). */
    wrongTokensPerIp: number;
  };
  trustProxy: boolean;
  /** Base of links Ayni shows (invitations); derived from the request when unset. */
  publicUrl?: string;
  chromiumPath?: string;
  /** `rendering: 'worker'`: this web process never starts Chromium; PDFs are rendered by a worker (jobs). */
  pdf: {
    pages: number;
    queueLimit: number;
    renderTimeoutMs: number;
    recycleAfter: number;
    maxBrowserMb: number;
    rendering: 'local' | 'worker';
  };
  /** E-mail. Without `smtpUrl` messages are held on the Outbox page, never dropped. */
  mail: { smtpUrl?: string; from: string; reminderDays: number };
  /**
   * Background jobs (pg-boss, in the same PostgreSQL). `run`: this process works on them (always
   * true for `npm run worker`; web replicas set RUN_JOBS=false). `timeoutSeconds`: a job running
   * longer counts as lost (its worker died) and is tried again; `maintenanceSeconds`: how often.
   */
  jobs: { run: boolean; pollSeconds: number; timeoutSeconds?: number; maintenanceSeconds: number };
  /** web: serves HTTP (and runs jobs when `jobs.run`); worker: runs jobs only. */
  role: 'web' | 'worker';
  /** On SIGTERM: how long requests and jobs in flight may take to finish before the process exits anyway. */
  shutdownTimeoutSeconds: number;
  /**
   * Webhooks. `localReceivers`: http:// URLs and loopback, private and link-local addresses are
   * allowed (local receivers, tests); off, and impossible to turn on, in production.
   */
  webhooks: { localReceivers: boolean };
  bodyLimit: string;
  logLevel: LogLevel;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const v = validateEnvironment(env);
  const nodeEnv = (v.NODE_ENV ?? 'development') as AppConfig['env'];
  const dataDir = resolve(v.DATA_DIR ?? 'data');
  if (nodeEnv === 'production' && !v.SESSION_SECRET) {
    throw new Error('Ayni cannot start: SESSION_SECRET (32+ characters) is required when NODE_ENV=production');
  }
  if (nodeEnv === 'production' && !v.ENCRYPTION_KEYS) {
    throw new Error(
      'Ayni cannot start: ENCRYPTION_KEYS (e.g. k1:$(openssl rand -base64 32)) is required when NODE_ENV=production; ' +
        'it encrypts clients’ stories and other private text at rest',
    );
  }
  if (nodeEnv === 'production' && v.WEBHOOK_LOCAL_RECEIVERS === 'true') {
    // Outbound requests to this machine or its network are what an attacker would aim a webhook at.
    throw new Error('Ayni cannot start: WEBHOOK_LOCAL_RECEIVERS=true is not allowed when NODE_ENV=production');
  }
  if (nodeEnv === 'production' && !v.PUBLIC_URL) {
    // Links handed out (invitations) must not be built from a request's Host header in production.
    throw new Error('Ayni cannot start: PUBLIC_URL (e.g. https://ayni.example.org) is required when NODE_ENV=production');
  }
  return {
    env: nodeEnv,
    port: v.PORT ?? 3000,
    host: v.HOST ?? '127.0.0.1',
    databaseUrl: v.DATABASE_URL,
    dataDir,
    embeddedDbPath: join(dataDir, 'pglite'),
    sessionSecret: v.SESSION_SECRET ?? localSecret(dataDir),
    encryption: v.ENCRYPTION_KEYS ? parseKeyring(v.ENCRYPTION_KEYS).keyring! : localKeyring(dataDir),
    session: { idleMinutes: v.SESSION_IDLE_MINUTES ?? 30, absoluteHours: v.SESSION_ABSOLUTE_HOURS ?? 12 },
    invitationTtlDays: v.INVITATION_TTL_DAYS ?? 7,
    loginLimits: {
      perAccount: v.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? 5,
      perIp: v.LOGIN_MAX_FAILURES_PER_IP ?? 20,
      lockMinutes: v.LOGIN_LOCK_MINUTES ?? 15,
    },
    hourlyLimits: {
      signUpsPerIp: v.SIGNUPS_PER_IP_PER_HOUR ?? 10,
      invitationsPerPractice: v.INVITATIONS_PER_PRACTICE_PER_HOUR ?? 30,
      intakeStartsPerIp: v.INTAKE_STARTS_PER_IP_PER_HOUR ?? 20,
      verificationsPerIp: v.VERIFICATIONS_PER_IP_PER_HOUR ?? 60,
      wrongLinksPerIp: v.WRONG_LINKS_PER_IP_PER_HOUR ?? 30,
      wrongTokensPerIp: v.WRONG_TOKENS_PER_IP_PER_HOUR ?? 30,
    },
    trustProxy: v.TRUST_PROXY === 'true' || v.TRUST_PROXY === '1',
    publicUrl: v.PUBLIC_URL?.replace(/\/+$/, ''),
    chromiumPath: v.CHROMIUM_PATH,
    pdf: {
      pages: v.PDF_PAGES ?? Math.max(1, availableParallelism()),
      queueLimit: v.PDF_QUEUE_LIMIT ?? 64,
      renderTimeoutMs: v.PDF_RENDER_TIMEOUT_MS ?? 20_000,
      recycleAfter: v.PDF_RECYCLE_AFTER ?? 1000,
      maxBrowserMb: v.PDF_MAX_BROWSER_MB ?? 2048, // RSS summed over ~10 processes counts shared pages often: ~1.2 GB when idle
      rendering: (v.PDF_RENDERING ?? 'local') as 'local' | 'worker',
    },
    mail: {
      smtpUrl: v.SMTP_URL,
      from: v.MAIL_FROM ?? `Ayni <no-reply@${v.PUBLIC_URL ? new URL(v.PUBLIC_URL).hostname : 'localhost'}>`,
      reminderDays: v.INTAKE_REMINDER_DAYS ?? 3,
    },
    jobs: {
      // Tests run jobs where they test them; elsewhere one process does everything unless told otherwise.
      run: (v.RUN_JOBS ?? (nodeEnv === 'test' ? 'false' : 'true')) === 'true',
      pollSeconds: v.JOB_POLL_SECONDS ?? 2,
      timeoutSeconds: v.JOB_TIMEOUT_SECONDS,
      maintenanceSeconds: v.JOB_MAINTENANCE_SECONDS ?? 60,
    },
    role: 'web',
    shutdownTimeoutSeconds: v.SHUTDOWN_TIMEOUT_SECONDS ?? 25,
    webhooks: { localReceivers: (v.WEBHOOK_LOCAL_RECEIVERS ?? (nodeEnv === 'production' ? 'false' : 'true')) === 'true' },
    bodyLimit: v.BODY_LIMIT ?? '256kb',
    logLevel: (v.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info')) as LogLevel,
  };
}

/** Outside production a secret is generated once and kept beside the data, so restarts keep forms valid. */
function localSecret(dataDir: string): string {
  const file = join(dataDir, '.session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Outside production an encryption key is generated once into DATA_DIR/.encryption-key, as an
 * ENCRYPTION_KEYS entry (id `local`) that can be copied into ENCRYPTION_KEYS later. Made with an
 * exclusive link, so two processes starting at once agree on one key.
 */
function localKeyring(dataDir: string): Keyring {
  const file = join(dataDir, '.encryption-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, newKeyEntry('local'), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const { keyring, problems } = parseKeyring(readFileSync(file, 'utf8').trim());
  if (!keyring) throw new ConfigError(problems.map((p) => `${p.replace('ENCRYPTION_KEYS', file)} (set ENCRYPTION_KEYS instead)`));
  return keyring;
}
