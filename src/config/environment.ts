import { plainToInstance } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** The environment variables Ayni reads, each checked once at boot. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 60)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional() @IsInt() @Min(1) @Max(90)
  INVITATION_TTL_DAYS?: number;

  @IsOptional() @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @IsOptional() @IsInt() @Min(1) @Max(1000)
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 60)
  LOGIN_LOCK_MINUTES?: number;

  @IsOptional() @IsBooleanString()
  TRUST_PROXY?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_URL must be an http(s) URL such as https://ayni.example.org' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString()
  CHROMIUM_PATH?: string;

  @IsOptional() @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT?: string;

  @IsOptional() @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ayni cannot start: the configuration has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Empty strings count as unset, so `FOO=` in a .env file does not fail validation. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvironmentVariables, present, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap((e) => Object.values(e.constraints ?? {})));
  }
  return parsed;
}
