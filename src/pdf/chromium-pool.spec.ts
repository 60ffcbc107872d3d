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
});
