import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_SOURCES } from '../../server/threads/start-worker.ts';
import { createThreadPool, type ThreadPool } from '../../server/threads/thread-pool.ts';

// The build script is plain JavaScript (it runs before anything is built); a variable path keeps
// TypeScript from asking for its types.
const BUILD_SCRIPT = '../../scripts/build.mjs';

let pool: ThreadPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('createThreadPool', () => {
  it('starts workers on first use and lends the same ones again', async () => {
    pool = createThreadPool('validate', 2);
    expect(pool.stats()).toMatchObject({ started: 0, starts: 0 });
    const first = await pool.acquire(2);
    const ids = first.map((l) => l.worker.threadId).sort();
    for (const lease of first) lease.release();
    const again = await pool.acquire(2);
    expect(again.map((l) => l.worker.threadId).sort()).toEqual(ids);
    expect(pool.stats()).toMatchObject({ started: 2, starts: 2, busy: 2 });
  });

  it('ends a worker released as not reusable and starts a new one when next needed', async () => {
    pool = createThreadPool('validate', 1);
    const [lease] = await pool.acquire();
    const id = lease?.worker.threadId;
    lease?.release(false);
    const [next] = await pool.acquire();
    expect(next?.worker.threadId).not.toBe(id);
    expect(pool.stats().starts).toBe(2);
  });

  it('lends several workers all at once, so two jobs never hold half each', async () => {
    pool = createThreadPool('validate', 2);
    const [one] = await pool.acquire(1);
    let second = false;
    const both = pool.acquire(2).then((leases) => {
      second = true;
      return leases;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBe(false);
    expect(pool.stats().waiting).toBe(1);
    one?.release();
    expect(await both).toHaveLength(2);
  });

  it('removes the listeners a job added when its lease ends', async () => {
    pool = createThreadPool('validate', 1);
    const [lease] = await pool.acquire();
    if (!lease) throw new Error('no lease');
    const before = lease.worker.listenerCount('message');
    lease.on('message', () => undefined);
    expect(lease.worker.listenerCount('message')).toBe(before + 1);
    lease.release();
    expect(lease.worker.listenerCount('message')).toBe(before);
  });

  it('refuses work once closed', async () => {
    pool = createThreadPool('validate', 1);
    await pool.close();
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });
});

describe('the build', () => {
  it('bundles every worker kind as an entry point of its own, from its source', async () => {
    const { SERVER_ENTRIES } = (await import(BUILD_SCRIPT)) as {
      SERVER_ENTRIES: Record<string, string>;
    };
    for (const [kind, source] of Object.entries(WORKER_SOURCES)) {
      expect(SERVER_ENTRIES[`${kind}-worker`]).toBe(`server/${source.replace('../', '')}`);
    }
  });
});
