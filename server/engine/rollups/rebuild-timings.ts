/**
 * Where a rebuild of the derived state spends its time: every step adds its seconds here when
 * enabled (`HEMAYAT_DEBUG=rebuild` prints them on stderr; bench/rebuild-profile.ts reads them).
 */
export const rebuildTimings = {
  enabled: (process.env.HEMAYAT_DEBUG ?? '').split(',').includes('rebuild'),
  steps: new Map<string, number>(),
};

/** Adds the seconds since `started` (a performance.now()) to `step`. */
export function lap(step: string, started: number): void {
  if (!rebuildTimings.enabled) return;
  const seconds = (performance.now() - started) / 1000;
  rebuildTimings.steps.set(step, (rebuildTimings.steps.get(step) ?? 0) + seconds);
}

/** Runs `work`, adding its time to `step`. */
export async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    lap(step, started);
  }
}

/** Prints the steps on stderr (HEMAYAT_DEBUG=rebuild) and starts afresh. */
export function reportRebuildTimings(what: string): void {
  if (!rebuildTimings.enabled) return;
  if ((process.env.HEMAYAT_DEBUG ?? '').split(',').includes('rebuild')) {
    for (const [step, s] of rebuildTimings.steps)
      process.stderr.write(`[rebuild] ${what} ${step} ${s.toFixed(2)} s\n`);
    rebuildTimings.steps.clear();
  }
}
