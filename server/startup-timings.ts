import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Where a start's time goes, on stderr under `HEMAYAT_DEBUG=startup` (one line per phase; the
 * README's engine section lists the phases and their measured cost). `performance.now()` counts
 * from the process's start in every thread (workers share the process's time origin), so the
 * lines of the main thread and of the query workers read on one clock.
 */
export const STARTUP_DEBUG = (process.env.HEMAYAT_DEBUG ?? '').split(',').includes('startup');

// The longest event-loop block so far in this thread (once its loop runs), on every line.
const loop = STARTUP_DEBUG ? monitorEventLoopDelay({ resolution: 10 }) : null;
loop?.enable();
const loopMax = (): string => (loop ? `, loop max ${Math.round(loop.max / 1e6)} ms` : '');

/**
 * Logs `phase` as ending now, after `since` (a `performance.now()` taken when it began).
 * @example const t = performance.now(); await migrateToLatest(db); startupPhase('main', 'migrations', t);
 *   // [startup] main migrations 4 ms (at 212 ms)
 */
export function startupPhase(thread: string, phase: string, since: number): void {
  if (!STARTUP_DEBUG) return;
  const now = performance.now();
  process.stderr.write(
    `[startup] ${thread} ${phase} ${Math.round(now - since)} ms (at ${Math.round(now)} ms${loopMax()})\n`,
  );
}

/** `fn()`, logged as `phase` of `thread` when it has finished. */
export async function timedPhase<T>(
  thread: string,
  phase: string,
  fn: () => T | Promise<T>,
): Promise<T> {
  const since = performance.now();
  const value = await fn();
  startupPhase(thread, phase, since);
  return value;
}

/** Logs that `what` happened now (a point, not a phase: a worker's modules have loaded). */
export function startupMark(thread: string, what: string): void {
  if (STARTUP_DEBUG)
    process.stderr.write(
      `[startup] ${thread} ${what} (at ${Math.round(performance.now())} ms${loopMax()})\n`,
    );
}

const answered = new Set<string>();

/** The first answer of each tRPC procedure after the start, with how long it took. */
export function firstAnswer(path: string, since: number): void {
  if (!STARTUP_DEBUG || answered.has(path)) return;
  answered.add(path);
  startupPhase('main', `first ${path}`, since);
}
