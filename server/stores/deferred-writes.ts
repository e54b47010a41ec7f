import { isDatabaseBusy } from '../db/busy.ts';

/**
 * Writes that must not be lost but need not delay an answer (audit rows, import-history rows of
 * refused imports). On SQLite an import holds the write lock for its whole transaction (minutes
 * at 10M grants); the server's connection does not wait for it (busy_timeout 0: a wait would
 * block every request), so such a write that meets the lock is queued here and retried in the
 * background, in order, until the lock frees. Queued writes live in memory: a process killed
 * meanwhile loses them (stopping the server flushes them first).
 */

const queue: (() => Promise<unknown>)[] = [];
let flushing: Promise<void> | null = null;

const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 1000;

/** Runs `write` now; if the database is busy, queues it and resolves at once. */
export async function writeOrDefer(write: () => Promise<unknown>): Promise<'written' | 'deferred'> {
  if (queue.length === 0) {
    try {
      await write();
      return 'written';
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
    }
  }
  // Behind earlier deferred writes, so the log keeps its order.
  queue.push(write);
  flushing ??= flush().finally(() => (flushing = null));
  return 'deferred';
}

async function flush(): Promise<void> {
  let wait = FIRST_RETRY_MS;
  while (queue.length > 0) {
    const write = queue[0] as () => Promise<unknown>;
    try {
      await write();
      queue.shift();
      wait = FIRST_RETRY_MS;
    } catch (error) {
      if (!isDatabaseBusy(error)) {
        queue.shift();
        console.error('[deferred-writes] a deferred write failed:', error);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(MAX_RETRY_MS, wait * 2);
    }
  }
}

/** Writes still waiting for the lock. */
export function deferredWriteCount(): number {
  return queue.length;
}

/** Resolves once every queued write is done (shutdown, tests). */
export async function flushDeferredWrites(): Promise<void> {
  while (flushing) await flushing;
}
