import 'reflect-metadata'; // class-transformer needs it, and config may load before Nest does
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { parseKeyring } from '../crypto/keyring';

/**
 * The environment variables Ayni reads, each checked once at boot. Decorators run bottom-up, so
 * @IsInt() stands last: a non-number is reported as such, once, before any range check.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^\S{32,}$/, { message: 'SESSION_SECRET must be at least 32 characters, without spaces' })
  SESSION_SECRET?: string;

  /** `id:base64key,…`, the first current; checked by parseKeyring in validateEnvironment, one problem per mistake. */
  @IsOptional()
  @IsString()
  ENCRYPTION_KEYS?: string;

  @IsOptional()
  @Min(1)
  @Max(24 * 60)
  @IsInt()
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Min(1)
  @Max(24 * 30)
  @IsInt()
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional()
  @Min(1)
  @Max(90)
  @IsInt()
  INVITATION_TTL_DAYS?: number;

  @IsOptional()
  @Min(1)
  @Max(100)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @IsOptional()
  @Min(1)
  @Max(1000)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @IsOptional()
  @Min(1)
  @Max(24 * 60)
  @IsInt()
  LOGIN_LOCK_MINUTES?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  SIGNUPS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  INTAKE_STARTS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  VERIFICATIONS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  WRONG_LINKS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  WRONG_TOKENS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Min(1)
  @Max(10000)
  @IsInt()
  INVITATIONS_PER_PRACTICE_PER_HOUR?: number;

  @IsOptional()
  @IsIn(['true', 'false', '1', '0'], { message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_URL must be an http(s) URL such as https://ayni.example.org' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  CHROMIUM_PATH?: string;

  @IsOptional()
  @Min(1)
  @Max(32)
  @IsInt()
  PDF_PAGES?: number;

  @IsOptional()
  @Min(0)
  @Max(10000)
  @IsInt()
  PDF_QUEUE_LIMIT?: number;

  @IsOptional()
  @Min(100)
  @Max(600000)
  @IsInt()
  PDF_RENDER_TIMEOUT_MS?: number;

  @IsOptional()
  @Min(1)
  @Max(1000000)
  @IsInt()
  PDF_RECYCLE_AFTER?: number;

  @IsOptional()
  @Min(64)
  @Max(65536)
  @IsInt()
  PDF_MAX_BROWSER_MB?: number;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587' })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'MAIL_FROM must be an address, or a name and an address like Ayni <no-reply@ayni.example.org>',
  })
  MAIL_FROM?: string;

  /** Whether this web process also runs background jobs (off on web replicas when a worker runs them). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'RUN_JOBS must be true or false' })
  RUN_JOBS?: string;

  @IsOptional()
  @Min(0.5)
  @Max(60)
  JOB_POLL_SECONDS?: number;

  /** How long a job may run before it counts as lost (its worker died) and is tried again. */
  @IsOptional()
  @Min(1)
  @Max(3600)
  @IsInt()
  JOB_TIMEOUT_SECONDS?: number;

  /** How often lost jobs are looked for. */
  @IsOptional()
  @Min(1)
  @Max(3600)
  @IsInt()
  JOB_MAINTENANCE_SECONDS?: number;

  @IsOptional()
  @IsIn(['local', 'worker'], { message: 'PDF_RENDERING must be local or worker' })
  PDF_RENDERING?: string;

  @IsOptional()
  @Min(1)
  @Max(600)
  @IsInt()
  SHUTDOWN_TIMEOUT_SECONDS?: number;

  @IsOptional()
  @Min(1)
  @Max(90)
  @IsInt()
  INTAKE_REMINDER_DAYS?: number;

  /** Webhooks to http:// and to loopback or private addresses (local receivers); never in production. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_LOCAL_RECEIVERS must be true or false' })
  WEBHOOK_LOCAL_RECEIVERS?: string;

  @IsOptional()
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT?: string;

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ayni cannot start: the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Blank values count as unset, so `FOO=` in a .env file does not fail validation. One message per variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (v === undefined || v.trim() === '' ? [] : [[k, v.trim()]])));
  const parsed = plainToInstance(EnvironmentVariables, present, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false, stopAtFirstError: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (typeof parsed.ENCRYPTION_KEYS === 'string') problems.push(...parseKeyring(parsed.ENCRYPTION_KEYS).problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}
