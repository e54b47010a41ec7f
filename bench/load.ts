// `npm run bench:load [-- --db FILE --seconds 8]`: the load and fault workloads of issue #17
// against a real server (bench/serve.ts in its own process) on the national dataset, loopback
// only, each phase a fixed duration. Prints req/s, p50/p99/max, errors, RSS and thread count
// before/after, event-loop max and /healthz latency, with the targets beside the figures.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_EXPORTER } from './bench-user.ts';
import { benchDatabaseAt } from './database.ts';
import { prepareDataset } from './datasets.ts';
import { startServer, type BenchServer } from './http.ts';
import { latencyOf, percentile } from './stats.ts';

/** p50, p99 and max of a sample (ms). */
function figures(sample: number[]) {
  return { ...latencyOf(sample), p99: percentile(sample, 0.99) };
}

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'bench/data/national.db' },
    seconds: { type: 'string', default: '8' },
    /** `summary`: only the two summary phases (the throughput target of issue #17, item 8). */
    only: { type: 'string' },
    /** Writes a CPU profile of the server process into this directory (node --cpu-prof). */
    'cpu-prof': { type: 'string' },
  },
});
const SECONDS = Math.min(60, Math.max(1, Number(values.seconds)));
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Outcome {
  ms: number;
  status: number;
}

/** One GET on a keep-alive agent; reads the whole body (or `limit` bytes, then drops the socket). */
function get(agent: Agent, base: URL, path: string, cookie: string, limit = Infinity) {
  return new Promise<Outcome>((resolve) => {
    const t = performance.now();
    const req = request(
      { host: base.hostname, port: base.port, path, agent, headers: { cookie } },
      (res) => {
        let read = 0;
        res.on('data', (c: Buffer) => {
          read += c.length;
          if (read >= limit) {
            res.socket.destroy();
            resolve({ ms: performance.now() - t, status: -(res.statusCode ?? 0) });
          }
        });
        res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - t, status: 0 }));
    req.end();
  });
}

const input = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const SUMMARY = `/trpc/stats.summary?input=${input({ filters: {} })}`;
const OVERVIEW = `/trpc/meta.dimensions,stats.summary,stats.breakdown,stats.timeseries?batch=1&input=${input(
  {
    '1': { filters: {} },
    '2': { filters: {}, by: 'province', metric: 'units' },
    '3': { filters: {}, grain: 'year' },
  },
)}`;
const BY_PARK = `/trpc/stats.breakdown?input=${input({ filters: {}, by: 'park', metric: 'units' })}`;

/** `connections` loops asking `path` for SECONDS; latencies of every answer. */
async function closedLoop(
  server: BenchServer,
  paths: string[],
  connections: number,
  limit = Infinity,
  seconds = SECONDS,
) {
  const base = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const results: Outcome[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      let k = i;
      while (performance.now() < end) {
        results.push(
          await get(agent, base, paths[k++ % paths.length] ?? '/', server.cookie, limit),
        );
      }
    }),
  );
  agent.destroy();
  return results;
}

/** /healthz every 100 ms while `during` runs, on a connection of its own. */
async function probeHealth(server: BenchServer, during: Promise<unknown>) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(server.url);
  const sample: number[] = [];
  let failed = 0;
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    const r = await get(agent, base, '/healthz', '');
    if (r.status === 200) sample.push(r.ms);
    else failed++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  agent.destroy();
  return { ...figures(sample), failed };
}

function threadsOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '-');

async function phase(
  server: BenchServer,
  name: string,
  target: string,
  run: () => Promise<Outcome[]>,
) {
  server.resetEventLoop();
  const start = await server.stats();
  const before = { rss: start.rssMb, threads: threadsOf(server.pid), cpuMs: start.cpuMs };
  const work = run();
  const health = await probeHealth(server, work);
  const results = await work;
  // Let cancelled work wind down before counting what is left.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const stats = await server.stats();
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  const cancelled = results.filter((r) => r.status < 0).length;
  const lat = figures(ok.map((r) => r.ms));
  // The server's own CPU per answer: unlike req/s, it does not depend on what else the machine
  // runs (1000 / it is what one free core could serve).
  const cpuPerRequest = (stats.cpuMs - before.cpuMs) / Math.max(1, results.length);
  const row = {
    phase: name,
    'req/s': fmt(ok.length / SECONDS),
    p50: fmt(lat.p50),
    p99: fmt(lat.p99),
    max: fmt(lat.max),
    'server cpu ms/req': cpuPerRequest.toFixed(2),
    errors: results.length - ok.length - cancelled,
    cancelled,
    'rss MB': `${before.rss} -> ${stats.rssMb}`,
    threads: `${before.threads} -> ${threadsOf(server.pid)}`,
    'loop max': fmt(stats.eventLoopMaxMs),
    // Other work on the machine (1-minute load average at the phase's end): the targets assume
    // 2 cores for this server and its load generator alone.
    load: loadavg()[0]?.toFixed(2) ?? '-',
    'healthz p99/max': `${fmt(health.p99)}/${fmt(health.max)}${health.failed ? ` (${health.failed} failed)` : ''}`,
    target,
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main() {
  await prepareDataset('national', benchDatabaseAt(values.db), { reuseRollups: true }, log);
  const profileDir = values['cpu-prof'];
  const server = await startServer(values.db, BENCH_EXPORTER, {
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  try {
    const warm = await server.warm();
    log(
      `workers warm in ${fmt(warm.ms)} ms; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // A server answers many requests before a burst: its code is compiled and optimised.
    await closedLoop(server, [SUMMARY], 8, Infinity, 2);
    const phases: [name: string, target: string, run: () => Promise<Outcome[]>][] = [
      [
        'summary x64',
        '>= 2000 req/s, p99 <= 100 ms, healthz < 100 ms',
        () => closedLoop(server, [SUMMARY], 64),
      ],
      [
        'summary x8',
        '(no target; issue measured 342 req/s)',
        () => closedLoop(server, [SUMMARY], 8),
      ],
      [
        'mixed x32 (summary, overview batch, by park)',
        'healthz < 100 ms',
        () => closedLoop(server, [SUMMARY, OVERVIEW, BY_PARK], 32),
      ],
      [
        'xlsx cancelled after 64 KB x4 + summary x16',
        'threads and RSS back to where they were',
        async () => {
          const [cancels, summaries] = await Promise.all([
            closedLoop(server, ['/api/export/grants.xlsx?status=all'], 4, 64 * 1024),
            closedLoop(server, [SUMMARY], 16),
          ]);
          return [...cancels, ...summaries];
        },
      ],
      [
        'grants csv x16 (cap: 4 in all, 2 each)',
        '429/503 past the caps, healthz < 100 ms',
        () => closedLoop(server, ['/api/export/grants.csv?status=all'], 16),
      ],
    ];
    const rows = [];
    for (const [name, target, run] of phases) {
      if (values.only === 'summary' && !name.startsWith('summary')) continue;
      rows.push(await phase(server, name, target, run));
    }
    console.table(rows);
    log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await server.stop();
  }
}

await main();
