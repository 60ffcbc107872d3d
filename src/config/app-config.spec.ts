import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { ConfigError, validateEnvironment } from './environment';

const SECRET = 's'.repeat(32);
const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

/** The ConfigError thrown by `fn`, or a failed test if it throws something else or nothing. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ayni-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has safe defaults: local-only, embedded database, 30 min idle / 12 h absolute sessions', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir,
      embeddedDbPath: join(dataDir, 'pglite'),
      session: { idleMinutes: 30, absoluteHours: 12 },
      trustProxy: false,
    });
  });

  it('parses values from the environment into their types', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '4000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://ayni@db:5432/ayni',
      SESSION_IDLE_MINUTES: '45',
      SESSION_ABSOLUTE_HOURS: '8',
      SESSION_SECRET: SECRET,
      TRUST_PROXY: 'true',
      PUBLIC_URL: 'https://ayni.example.org/',
    });
    expect(config.port).toBe(4000);
    expect(config).toMatchObject({
      host: '0.0.0.0',
      databaseUrl: 'postgres://ayni@db:5432/ayni',
      session: { idleMinutes: 45, absoluteHours: 8 },
      sessionSecret: SECRET,
      trustProxy: true,
      publicUrl: 'https://ayni.example.org',
    });
  });

  it.each(['1', 'true'])('reads TRUST_PROXY=%s as on', (value) => {
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: value }).trustProxy).toBe(true);
  });

  it('treats empty and blank strings as unset', () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: ' ', DATABASE_URL: '', SESSION_SECRET: '', SESSION_IDLE_MINUTES: '' });
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, session: { idleMinutes: 30 } });
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('outside production generates a session secret once, keeps it in DATA_DIR and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, '.session-secret');
    expect(readFileSync(file, 'utf8')).toBe(first.sessionSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dataDir }).sessionSecret).toBe(first.sessionSecret);
  });

  it.each([{}, { SESSION_SECRET: '' }])('refuses NODE_ENV=production without SESSION_SECRET (%j)', (extra) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', ...extra })).toThrow(
      /SESSION_SECRET .*required when NODE_ENV=production/,
    );
  });

  it('starts in production with a SESSION_SECRET, ENCRYPTION_KEYS and a PUBLIC_URL', () => {
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        SESSION_SECRET: SECRET,
        ENCRYPTION_KEYS: KEYS,
        PUBLIC_URL: 'https://ayni.example.org/',
      }),
    ).toMatchObject({
      env: 'production',
      sessionSecret: SECRET,
      publicUrl: 'https://ayni.example.org',
    });
  });

  it('refuses production without PUBLIC_URL, so links are never built from a Host header', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', SESSION_SECRET: SECRET, ENCRYPTION_KEYS: KEYS })).toThrow(
      /PUBLIC_URL/,
    );
  });

  it('refuses production without ENCRYPTION_KEYS, and never generates one there', () => {
    const env = { DATA_DIR: dataDir, NODE_ENV: 'production', SESSION_SECRET: SECRET, PUBLIC_URL: 'https://ayni.example.org' };
    expect(() => loadConfig(env)).toThrow(/ENCRYPTION_KEYS .*required when NODE_ENV=production/);
    expect(existsSync(join(dataDir, '.encryption-key'))).toBe(false);
  });

  it('reads ENCRYPTION_KEYS into a keyring whose first key is current', () => {
    const other = `k0:${Buffer.alloc(32, 1).toString('base64')}`;
    const { encryption } = loadConfig({ DATA_DIR: dataDir, ENCRYPTION_KEYS: `${KEYS},${other}` });
    expect(encryption.currentKeyId).toBe('k1');
    expect([...encryption.keys.keys()]).toEqual(['k1', 'k0']);
    expect(encryption.keys.get('k1')).toEqual(Buffer.alloc(32, 7));
  });

  it('outside production generates an encryption key once, as an ENCRYPTION_KEYS entry in DATA_DIR, and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).encryption;
    const file = join(dataDir, '.encryption-key');
    expect(readFileSync(file, 'utf8')).toMatch(/^local:[A-Za-z0-9+/]{43}=$/);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(first.currentKeyId).toBe('local');
    expect(loadConfig({ DATA_DIR: dataDir }).encryption.keys.get('local')).toEqual(first.keys.get('local'));
  });

  it('reports bad values as a ConfigError', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: 'abc' })).toThrow(ConfigError);
  });
});

describe('validateEnvironment', () => {
  it('lists every problem at once', () => {
    const error = configError(() =>
      validateEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short', ENCRYPTION_KEYS: 'k1:abc,k1' }),
    );
    const named = (name: string) => error.problems.filter((p) => p.startsWith(name));
    expect(named('PORT')).toEqual(['PORT must be an integer number']);
    expect(named('DATABASE_URL')).toEqual(['DATABASE_URL must be a postgres:// or postgresql:// URL']);
    expect(named('SESSION_SECRET')).toEqual(['SESSION_SECRET must be at least 32 characters, without spaces']);
    expect(named('ENCRYPTION_KEYS')).toEqual([
      'ENCRYPTION_KEYS key k1 must be 32 random bytes in base64 (openssl rand -base64 32); it is 2 bytes',
      'ENCRYPTION_KEYS entry 2 must look like id:key, e.g. k1:$(openssl rand -base64 32)',
    ]);
    expect(new Set(error.problems.map((p) => p.split(' ')[0]))).toEqual(
      new Set(['PORT', 'DATABASE_URL', 'SESSION_SECRET', 'ENCRYPTION_KEYS']),
    );
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['NODE_ENV', 'staging'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['TRUST_PROXY', 'yes'],
    ['PUBLIC_URL', 'ayni.example.org'],
    ['BODY_LIMIT', '1gb'],
    ['LOG_LEVEL', 'verbose'],
  ])('refuses %s=%j', (name, value) => {
    const error = configError(() => validateEnvironment({ [name]: value }));
    expect(error.problems.every((p) => p.startsWith(name))).toBe(true);
  });

  it('accepts postgres:// and postgresql:// URLs', () => {
    expect(validateEnvironment({ DATABASE_URL: 'postgresql://localhost/ayni' }).DATABASE_URL).toBe('postgresql://localhost/ayni');
    expect(validateEnvironment({ DATABASE_URL: 'postgres://localhost/ayni' }).DATABASE_URL).toBe('postgres://localhost/ayni');
  });
});
