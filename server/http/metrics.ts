import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { QueryObservation } from '../db/query-observer.ts';
import type { ThreadPoolStats } from '../threads/thread-pool.ts';

/**
 * This process's metrics in the Prometheus text format (`GET /metrics`), hand-written: a few
 * counters and histograms do not need a client library. One registry per process (what a scraper
 * sees is a process); tests read differences.
 */

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

class Histogram {
  readonly counts = DURATION_BUCKETS.map(() => 0);
  count = 0;
  sum = 0;
  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    for (const [i, le] of DURATION_BUCKETS.entries()) {
      if (seconds <= le) this.counts[i] = (this.counts[i] ?? 0) + 1;
    }
  }
}

const requests = new Map<string, number>(); // `route\0status` → count
const requestDurations = new Map<string, Histogram>(); // route → histogram
const queries = new Map<string, Histogram>(); // source → histogram
const queryErrors = new Map<string, number>();
const eventLoop = monitorEventLoopDelay({ resolution: 20 });
eventLoop.enable();

/** Counts a finished request under its route pattern (never the raw path: bounded labels). */
export function observeRequest(route: string, status: number, seconds: number): void {
  const key = `${route}\0${status}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  let h = requestDurations.get(route);
  if (!h) requestDurations.set(route, (h = new Histogram()));
  h.observe(seconds);
}

let dataVersionChanges = 0;

/** Counts a data version change the watcher noticed (data-version-watch.ts). */
export function observeDataVersionChange(): void {
  dataVersionChanges++;
}

/** Counts a query under the table it reads (query-observer.ts). */
export function observeQuery(q: QueryObservation): void {
  let h = queries.get(q.source);
  if (!h) queries.set(q.source, (h = new Histogram()));
  h.observe(q.ms / 1000);
  if (q.failed) queryErrors.set(q.source, (queryErrors.get(q.source) ?? 0) + 1);
}

/** What the scrape adds from outside the registry: pools and the data's state. */
export interface MetricsSnapshot {
  pools: ThreadPoolStats[];
  /** When the facts (rollups) were last built, and the data version (both null if unknown). */
  factsBuiltAt: Date | null;
  dataVersion: number | null;
  now: Date;
}

const label = (value: string): string =>
  value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

function histogramLines(
  name: string,
  labelName: string,
  byLabel: Map<string, Histogram>,
): string[] {
  const lines: string[] = [];
  for (const [key, h] of byLabel) {
    const l = `${labelName}="${label(key)}"`;
    for (const [i, le] of DURATION_BUCKETS.entries()) {
      lines.push(`${name}_bucket{${l},le="${le}"} ${h.counts[i] ?? 0}`);
    }
    lines.push(`${name}_bucket{${l},le="+Inf"} ${h.count}`);
    lines.push(`${name}_sum{${l}} ${h.sum}`);
    lines.push(`${name}_count{${l}} ${h.count}`);
  }
  return lines;
}

/** The whole exposition, one metric family after another with its HELP and TYPE. */
export function renderMetrics(snapshot: MetricsSnapshot): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, lines: string[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
  };
  family(
    'hemayat_http_requests_total',
    'counter',
    'HTTP requests by route pattern and status.',
    [...requests].map(([key, n]) => {
      const [route = '', status = ''] = key.split('\0');
      return `hemayat_http_requests_total{route="${label(route)}",status="${status}"} ${n}`;
    }),
  );
  family(
    'hemayat_http_request_duration_seconds',
    'histogram',
    'HTTP request duration by route pattern.',
    histogramLines('hemayat_http_request_duration_seconds', 'route', requestDurations),
  );
  family(
    'hemayat_db_query_duration_seconds',
    'histogram',
    'Queries this process ran (worker threads excluded), by the first table they name.',
    histogramLines('hemayat_db_query_duration_seconds', 'source', queries),
  );
  family(
    'hemayat_db_query_errors_total',
    'counter',
    'Queries that failed, by source.',
    [...queryErrors].map(([s, n]) => `hemayat_db_query_errors_total{source="${label(s)}"} ${n}`),
  );
  const poolLines = (field: keyof ThreadPoolStats) =>
    snapshot.pools.map((p) => `hemayat_worker_pool_${field}{kind="${p.kind}"} ${p[field]}`);
  family('hemayat_worker_pool_size', 'gauge', 'Workers a pool may hold.', poolLines('size'));
  family('hemayat_worker_pool_busy', 'gauge', 'Workers lent to a job.', poolLines('busy'));
  family('hemayat_worker_pool_waiting', 'gauge', 'Jobs queued for workers.', poolLines('waiting'));
  family(
    'hemayat_worker_pool_starts_total',
    'counter',
    'Workers started (replacements included).',
    poolLines('starts').map((l) => l.replace('_starts{', '_starts_total{')),
  );
  family('hemayat_event_loop_delay_seconds', 'gauge', 'Event-loop delay since the last scrape.', [
    `hemayat_event_loop_delay_seconds{quantile="0.5"} ${eventLoop.percentile(50) / 1e9}`,
    `hemayat_event_loop_delay_seconds{quantile="0.99"} ${eventLoop.percentile(99) / 1e9}`,
    `hemayat_event_loop_delay_seconds{quantile="1"} ${eventLoop.max / 1e9}`,
  ]);
  eventLoop.reset();
  family(
    'hemayat_data_version_changes_total',
    'counter',
    'New data versions this process noticed and reloaded its facts for (an import through any app server, or the CLI).',
    [`hemayat_data_version_changes_total ${dataVersionChanges}`],
  );
  if (snapshot.dataVersion !== null) {
    family('hemayat_data_version', 'gauge', 'The data version (bumped by each import).', [
      `hemayat_data_version ${snapshot.dataVersion}`,
    ]);
  }
  if (snapshot.factsBuiltAt) {
    family('hemayat_facts_age_seconds', 'gauge', 'Seconds since the facts were last built.', [
      `hemayat_facts_age_seconds ${Math.max(0, (snapshot.now.getTime() - snapshot.factsBuiltAt.getTime()) / 1000)}`,
    ]);
  }
  const memory = process.memoryUsage();
  family('hemayat_process_resident_memory_bytes', 'gauge', 'Resident set size.', [
    `hemayat_process_resident_memory_bytes ${memory.rss}`,
  ]);
  return `${out.join('\n')}\n`;
}
