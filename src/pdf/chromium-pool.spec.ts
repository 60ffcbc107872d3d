import { readFileSync } from 'node:fs';
import { DomainError } from '../common/errors/domain-error';
import { findChromium } from '../browser/chromium';
import { ChromiumPool, PoolOptions } from './chromium-pool';

const executablePath = findChromium(process.env.CHROMIUM_PATH);
const options = (over: Partial<PoolOptions> = {}): PoolOptions => ({
  executablePath: executablePath!,
  pages: 2,
  queueLimit: 32,
  renderTimeoutMs: 20_000,
  recycleAfter: 1000,
  maxBrowserMb: 4096,
  ...over,
});
const page = (paragraphs: number) => `<html><body>${'<p>Breathe in, breathe out. </p>'.repeat(paragraphs)}</body></html>`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A process that exists and is not a zombie (helpers orphaned by Chromium's exit wait as zombies for init). */
const running = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
};
/** A process and its descendants (Linux /proc). */
const processTree = (root: number): number[] => {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${root}/task/${root}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* gone */
  }
  return [root, ...children.flatMap(processTree)];
};
/** Every Chromium the pool runs, main process and helpers, noted while it runs. */
const watchBrowsers = (pool: ChromiumPool) => {
  const seen = new Map<number, Set<number>>();
  const note = () => {
    const pid = pool.browserPid;
    if (!pid) return;
    const tree = seen.get(pid) ?? new Set<number>();
    for (const p of processTree(pid)) tree.add(p);
    seen.set(pid, tree);
  };
  note();
  const timer = setInterval(note, 10);
  return {
    seen,
    stop: () => clearInterval(timer),
    /** Waits (up to 5 s) until no process of a Chromium other than the current one is left, and returns those left. */
    async leftovers(): Promise<number[]> {
      const left = () =>
        [...seen]
          .filter(([main]) => main !== pool.browserPid)
          .flatMap(([main, tree]) => [...(alive(main) ? [main] : []), ...[...tree].filter(running)]);
      for (const deadline = Date.now() + 5000; left().length && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
      return [...new Set(left())];
    },
  };
};
/** `total` renders through the pool by `concurrency` callers that each start the next as soon as one returns. */
const keepBusy = async (pool: ChromiumPool, concurrency: number, total: number) => {
  let started = 0;
  const results: Array<PromiseSettledResult<Buffer>> = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        const [result] = await Promise.allSettled([pool.render(page(20), { format: 'A4' })]);
        results.push(result);
      }
    }),
  );
  return results;
};

describe('the Chromium pool (real Chromium)', () => {
  jest.setTimeout(60_000);

  it('needs a Chromium to test with (installed by npm ci or .ci/run)', () => {
    expect(executablePath).toBeDefined();
  });

  it('prints, and leaves no Chromium process behind when closed', async () => {
    const pool = new ChromiumPool(options());
    const bytes = await pool.render(page(3), { format: 'A4' });
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pid = pool.browserPid!;
    expect(alive(pid)).toBe(true);
    await pool.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  });

  it('says "busy, retry after N s" when its queue is full', async () => {
    const pool = new ChromiumPool(options({ pages: 1, queueLimit: 1 }));
    try {
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => pool.render(page(3000), { format: 'A4' })));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as DomainError);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(refused).toHaveLength(2);
      expect(refused[0].code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(refused[0].headers!['Retry-After'])).toBeGreaterThanOrEqual(1);
    } finally {
      await pool.close();
    }
  });

  it('stops a render that takes too long with a clear error, and prints the next one', async () => {
    const pool = new ChromiumPool(options({ pages: 1 }));
    try {
      await pool.warm();
      await expect(pool.render(page(60_000), { format: 'A4' }, 100)).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The document took longer than 0.1 s to print and was stopped. Please try again.',
      });
      const next = await pool.render(page(1), { format: 'A4' });
      expect(next.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await pool.close();
    }
  });

  it('survives Chromium being killed mid-queue: every render completes or fails clearly, and the next succeeds', async () => {
    const pool = new ChromiumPool(options({ pages: 2 }));
    try {
      await pool.warm();
      const firstPid = pool.browserPid!;
      const renders = Array.from({ length: 8 }, () => pool.render(page(1500), { format: 'A4' }));
      await new Promise((r) => setTimeout(r, 150));
      process.kill(firstPid, 'SIGKILL');
      const results = await Promise.allSettled(renders);
      for (const r of results) {
        if (r.status === 'fulfilled') expect(r.value.subarray(0, 5).toString()).toBe('%PDF-');
        else expect(r.reason).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      }
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
      const after = await pool.render(page(2), { format: 'A4' });
      expect(after.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pool.launches).toBe(2);
      expect(pool.browserPid).not.toBe(firstPid);
    } finally {
      await pool.close();
    }
  });

  it('blanks an idle page, so no client’s document stays in it', async () => {
    const pool = new ChromiumPool(options({ pages: 1 }));
    try {
      await pool.render('<p>A private story</p>', { format: 'A4' });
      const slot = (pool as unknown as { slots: Array<{ page: { content(): Promise<string> }; clearing?: Promise<void> }> }).slots[0];
      await slot.clearing;
      expect(await slot.page.content()).not.toContain('A private story');
    } finally {
      await pool.close();
    }
  });

  it('relaunches Chromium after the configured number of renders', async () => {
    const pool = new ChromiumPool(options({ pages: 1, recycleAfter: 2 }));
    try {
      for (let i = 0; i < 5; i++) await pool.render(page(1), { format: 'A4' });
      expect(pool.launches).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('relaunches Chromium under continuous load, finishing every render, and leaves no process of the old one', async () => {
    const pool = new ChromiumPool(options({ pages: 2, recycleAfter: 3 }));
    try {
      await pool.warm();
      const firstPid = pool.browserPid!;
      const browsers = watchBrowsers(pool);
      // Four callers on two pages: the queue never empties, so there is no idle moment to recycle in.
      const results = await keepBusy(pool, 4, 10);
      browsers.stop();
      expect(results.map((r) => r.status === 'fulfilled' && r.value.subarray(0, 5).toString())).toEqual(Array(10).fill('%PDF-'));
      // Each Chromium prints 3 documents, plus at most the one still in flight when the third ends.
      expect(pool.launches).toBeGreaterThanOrEqual(3);
      expect(pool.browserPid).not.toBe(firstPid);
      expect(alive(firstPid)).toBe(false);
      expect(browsers.seen.size).toBeGreaterThanOrEqual(2);
      expect(await browsers.leftovers()).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('relaunches Chromium under continuous load when it uses more memory than allowed', async () => {
    const pool = new ChromiumPool(options({ pages: 2, maxBrowserMb: 1 }));
    try {
      await pool.warm();
      const firstPid = pool.browserPid!;
      expect(pool.browserMb()).toBeGreaterThan(1);
      // Memory is measured every 10 renders.
      const results = await keepBusy(pool, 4, 12);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(12);
      expect(pool.launches).toBe(2);
      expect(alive(firstPid)).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('keeps the queue bounded while Chromium is relaunched: renders wait, or are told to retry', async () => {
    const pool = new ChromiumPool(options({ pages: 1, queueLimit: 1, recycleAfter: 1 }));
    try {
      await pool.render(page(1), { format: 'A4' });
      // The relaunch has begun: one render waits for it, the next finds the queue full.
      const waiting = pool.render(page(1), { format: 'A4' });
      const refused = (await pool.render(page(1), { format: 'A4' }).catch((e: unknown) => e)) as DomainError;
      expect(refused.message).toMatch(/^The printer is busy/);
      expect(Number(refused.headers!['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect((await waiting).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pool.launches).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('does not wedge when the relaunch fails: waiting renders get a clear error, and the next render launches again', async () => {
    const opts = options({ pages: 1, recycleAfter: 2 });
    const pool = new ChromiumPool(opts);
    try {
      await pool.warm();
      const firstPid = pool.browserPid!;
      opts.executablePath = '/nonexistent/chromium';
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => pool.render(page(20), { format: 'A4' })));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      for (const r of results.slice(2)) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          message: 'The printer (Chromium) could not be started just now. Please try again in a few seconds.',
        });
      }
      expect(alive(firstPid)).toBe(false);
      expect(pool.ready).toBe(false);
      await expect(pool.render(page(1), { format: 'A4' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      opts.executablePath = executablePath!;
      const next = await pool.render(page(1), { format: 'A4' });
      expect(next.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pool.launches).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
