import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, sleep } from './waiting';

const ROOT = join(__dirname, '..', '..');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, on a free port), so a test
 * can restart or stop it without touching the machine's server that other tests use. As root,
 * PostgreSQL's programs run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort();
    const bin = join('/usr/lib/postgresql', versions[versions.length - 1], 'bin');
    const dir = mkdtempSync(join(tmpdir(), 'ayni-pg-'));
    chmodSync(dir, 0o777);
    const pg = new PrivatePostgres(join(dir, 'data'), await freePort(), bin);
    pg.run('initdb', ['-D', pg.dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await pg.startServer();
    return pg;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Stops the server as a crash would (no checkpoint), then starts it again: recovery replays the WAL. */
  async crashAndRestart(downMs = 1500): Promise<void> {
    this.run('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
    await sleep(downMs);
    await this.startServer();
  }

  stop(): void {
    if (existsSync(join(this.dir, 'postmaster.pid'))) this.run('pg_ctl', ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }

  private async startServer() {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100`;
    this.run('pg_ctl', ['-D', this.dir, '-o', options, '-l', join(this.dir, '..', 'server.log'), '-w', 'start']);
  }

  private run(program: string, args: string[]) {
    const file = join(this.bin, program);
    const asRoot = process.getuid?.() === 0;
    execFileSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: 'pipe', cwd: '/' });
  }
}

/** An Ayni process (web or worker) started from the sources, with its output kept for failures. */
export class AppProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly entry: 'main' | 'worker',
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until its /health answers 200. */
  async start(): Promise<this> {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, `src/${this.entry}.ts`)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.env, HOST: '127.0.0.1', PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await eventually(
      `${this.name} to answer /health`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output.slice(-30).join('\n')}`);
        const res = await fetch(`${this.url}/health`);
        return res.status === 200;
      },
      60_000,
    );
    return this;
  }

  /** SIGKILL: the process dies at once, with whatever it was doing unfinished. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then waits for the exit code. */
  async terminate(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exited!;
  }

  logs(): string {
    return this.output.slice(-60).join('\n');
  }
}
