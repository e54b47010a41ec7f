import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Filters } from '../server/domain/filters.ts';
import type { BenchCase } from './cases.ts';
import { BENCH_PASSWORD, BENCH_USER } from './bench-user.ts';
import type { ServeMessage } from './serve.ts';
import { latencyOf, since, type Latency } from './stats.ts';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface BenchServer {
  url: string;
  /** The server process's id (its thread count is read from /proc). */
  pid: number;
  /** The bench viewer's session cookie (`name=value`), sent with every request. */
  cookie: string;
  /** The session's CSRF token (`x-csrf-token`), for POSTs. */
  csrfToken: string;
  /** Spawn to listening (ms): module loading, opening the database, building the server. */
  startupMs: number;
  stats(): Promise<{
    rssMb: number;
    peakRssMb: number;
    peakSinceResetMb: number;
    eventLoopMaxMs: number;
    cpuMs: number;
  }>;
  /** Restarts the event-loop delay histogram and the sampled RSS peak. */
  resetEventLoop(): void;
  /** Waits until every query worker holds the facts in memory (a server does this after boot). */
  warm(): Promise<{
    ms: number;
    loaded: boolean;
    from: 'snapshot' | 'database' | null;
    loadMs: number | null;
  }>;
  stop(): Promise<void>;
}

/**
 * Starts bench/serve.ts in a fresh Node process (cold caches, as after a restart) on `database`
 * (a SQLite file or a PostgreSQL URL, as DATABASE_URL); `nodeArgs` are added to its Node options
 * (e.g. `--cpu-prof`); `snapshotDir` is where a PostgreSQL database's facts snapshot lives.
 */
export async function startServer(
  database: string,
  user = BENCH_USER,
  options: {
    nodeArgs?: readonly string[];
    snapshotDir?: string;
    /** Another checkout's bench/serve.ts (bench/http-ab.ts's base), else this one's. */
    serve?: string;
  } = {},
): Promise<BenchServer> {
  const args = options.snapshotDir ? [database, options.snapshotDir] : [database];
  const child: ChildProcess = fork(options.serve ?? SERVE, args, {
    execArgv: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
    // stdout carries the request log (one JSON line per request, as in production): discarded.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T extends ServeMessage['type']>(type: T) =>
    new Promise<Extract<ServeMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (m: ServeMessage) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<ServeMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  const session = await signIn(ready.url, user);
  return {
    url: ready.url,
    pid: child.pid ?? 0,
    cookie: session.cookie,
    csrfToken: session.csrfToken,
    startupMs: ready.startupMs,
    async stats() {
      const reply = next('stats');
      child.send('stats');
      const { rssMb, peakRssMb, peakSinceResetMb, eventLoopMaxMs, cpuMs } = await reply;
      return { rssMb, peakRssMb, peakSinceResetMb, eventLoopMaxMs, cpuMs };
    },
    resetEventLoop: () => child.send('reset'),
    async warm() {
      const reply = next('warmed');
      child.send('warm');
      const { ms, loaded, from, loadMs } = await reply;
      return { ms, loaded, from, loadMs };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.send('exit');
      }),
  };
}

/** POST /api/auth/login as a bench user; returns the session cookie and CSRF token. */
async function signIn(
  url: string,
  username: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`bench sign-in failed: HTTP ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

export interface BatchCall {
  path: string;
  input: unknown;
}

/**
 * One GET request as httpBatchLink sends it: `/trpc/a,b?batch=1&input={"0":…,"1":…}`.
 * Resolves when the whole body has arrived; rejects on a non-2xx status.
 */
export async function batchGet(
  server: Pick<BenchServer, 'url' | 'cookie'>,
  calls: readonly BatchCall[],
): Promise<void> {
  const input: Record<string, unknown> = {};
  calls.forEach((c, i) => {
    if (c.input !== undefined) input[String(i)] = c.input;
  });
  const target = `${server.url}/trpc/${calls.map((c) => c.path).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(target, { headers: { Cookie: server.cookie } });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
}

export interface HttpCaseResult extends Latency {
  label: string;
  errors: number;
  firstError?: string;
  /** The server's longest event-loop block during the case (its warm-up included), ms. */
  eventLoopMaxMs: number;
}

/** Every case over HTTP, one GET request per call (a batch of one), after one warm-up request. */
export async function benchHttpCases(
  server: BenchServer,
  cases: readonly BenchCase[],
  filterSets: readonly Filters[],
  budgetSeconds: number,
  log: (message: string) => void,
): Promise<HttpCaseResult[]> {
  const results: HttpCaseResult[] = [];
  for (const c of cases) {
    server.resetEventLoop();
    await batchGet(server, [
      { path: c.path, input: c.input(filterSets[0] ?? ({} as Filters)) },
    ]).catch(() => undefined);
    const times: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const started = performance.now();
    for (const filters of filterSets) {
      const t0 = performance.now();
      try {
        await batchGet(server, [{ path: c.path, input: c.input(filters) }]);
        times.push(since(t0));
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      if (since(started) > budgetSeconds * 1000) break;
    }
    const { eventLoopMaxMs } = await server.stats();
    const result: HttpCaseResult = { label: c.label, ...latencyOf(times), errors, eventLoopMaxMs };
    if (firstError) result.firstError = firstError;
    results.push(result);
    log(
      `  http ${c.label}: p50 ${result.p50} ms, p95 ${result.p95} ms (n=${result.n}, server event loop max ${eventLoopMaxMs} ms${firstError ? `, ${errors} errors: ${firstError.slice(0, 200)}` : ''})`,
    );
  }
  return results;
}

/** Times the same batch for each filter set (warm server), within `budgetSeconds`. */
export async function benchBatch(
  server: BenchServer,
  batches: readonly (readonly BatchCall[])[],
  budgetSeconds: number,
): Promise<Latency & { errors: number }> {
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (const calls of batches) {
    if (since(started) > budgetSeconds * 1000) break;
    const t0 = performance.now();
    try {
      await batchGet(server, calls);
      times.push(since(t0));
    } catch {
      errors++;
    }
  }
  return { ...latencyOf(times), errors };
}
