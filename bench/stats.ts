/** Latency figures of one case, in milliseconds. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an unsorted sample (q in 0..1). */
export function percentile(sample: readonly number[], q: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function latencyOf(sample: readonly number[]): Latency {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    n: sample.length,
    p50: round(percentile(sample, 0.5)),
    p95: round(percentile(sample, 0.95)),
    max: round(sample.length === 0 ? Number.NaN : Math.max(...sample)),
  };
}

/** Milliseconds since `started` (a performance.now() reading). */
export function since(started: number): number {
  return performance.now() - started;
}
