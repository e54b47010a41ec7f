import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUser } from '../server/auth/user-admin.ts';
import { openDatabase } from '../server/db/connect.ts';
import { getUserByName } from '../server/stores/users.ts';
import { BENCH_PASSWORD, BENCH_USER } from './bench-user.ts';
import { batchGet, type BatchCall } from './http.ts';
import { since } from './stats.ts';

// A restart of the BUILT server (`node dist/server/main.js`, what `npm start` runs), as an
// operator restarts it: module loading of the bundle, not of tsx transpiling every file in the
// process and again in each worker (which made the bench's restart 2.5-2.8 s at `large` where the
// built server took 1.0-1.2 s). Used by bench/snapshot.ts (the bench's restarts) and
// bench/restart.ts (the same, alone, with every start-up phase).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_MAIN = join(ROOT, 'dist', 'server', 'main.js');

/** Builds the server bundle from the current sources (esbuild, well under a second). */
export function buildServerBundle(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--server'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The bench viewer the restarts sign in as (bench/serve.ts creates it too). */
export async function ensureBenchUser(url: string): Promise<void> {
  const db = openDatabase(url);
  try {
    if (await getUserByName(db, BENCH_USER)) return;
    await addUser(
      db,
      { username: BENCH_USER, role: 'viewer', provinces: 'all', password: BENCH_PASSWORD },
      { username: null, now: new Date() },
    );
  } finally {
    await db.destroy();
  }
}

export interface BuiltRestart {
  /** Spawn to listening (the "serving" line), from outside. */
  listeningMs: number;
  /** Process start to its listen phase, on the server's own clock (module loading included). */
  startupMs: number | null;
  /** Spawn to both query workers holding the facts ('facts in every query worker'). */
  factsMs: number | null;
  factsFrom: 'snapshot' | 'database' | null;
  /** The loading worker's snapshot read (or load from the tables), ms. */
  factsLoadMs: number | null;
  /** The first Overview batch, sent once the facts are in (or at listening: `afterFacts` false). */
  firstMs: number;
  /** Spawn to the first Overview answered: the restart as a browser left open sees it. */
  restartMs: number;
  /**
   * The server's longest event-loop block from its metrics module's load (start-up) to just after
   * the first Overview (its /metrics, resolution 20 ms).
   */
  eventLoopMaxMs: number | null;
  /** The [startup] lines (HEMAYAT_DEBUG=startup), and [plan] lines when asked for. */
  phases: string[];
  /** The session the batch was sent with (reused by the next restart, as a browser would). */
  cookie: string;
}

/**
 * The working directory the server resolves its default `data/` from: PostgreSQL's facts snapshot
 * lives in `snapshotDir` (facts-snapshot.ts factsSnapshotPath), so `data` must be that folder.
 */
function workingDirFor(snapshotDir: string): { cwd: string; cleanup(): void } {
  const dir = resolve(snapshotDir);
  if (basename(dir) === 'data') return { cwd: dirname(dir), cleanup: () => undefined };
  const cwd = mkdtempSync(join(tmpdir(), 'hemayat-bench-'));
  symlinkSync(dir, join(cwd, 'data'));
  return { cwd, cleanup: () => rmSync(cwd, { recursive: true, force: true }) };
}

const AT = /^\[startup\] (\S+) (.*?)(?: \d+ ms)? \(at (\d+) ms/;

/** A running built server (startBuilt). */
export interface BuiltServer {
  url: string;
  /** performance.now() when it was spawned. */
  spawned: number;
  /** Spawn to listening (the "serving" line), from outside. */
  listeningMs: number;
  /** Resolves when both query workers hold the facts. */
  facts: Promise<void>;
  /** What the [startup] lines said so far. */
  startup: {
    phases: string[];
    startupMs: number | null;
    factsMs: number | null;
    factsFrom: 'snapshot' | 'database' | null;
    factsLoadMs: number | null;
  };
  /** The longest event-loop block since the server started or since the last call, ms. */
  eventLoopMax(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts the built server on `url` (a SQLite file or PostgreSQL URL; `snapshotDir` for the
 * latter's facts snapshot), with HEMAYAT_DEBUG=startup and a metrics token; resolves once it
 * listens.
 */
export async function startBuilt(
  target: { url: string; snapshotDir: string },
  options: { env?: Record<string, string>; nodeArgs?: readonly string[] } = {},
): Promise<BuiltServer> {
  const metricsToken = randomBytes(16).toString('hex');
  const work = workingDirFor(target.snapshotDir);
  const spawned = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BUILT_MAIN], {
    cwd: work.cwd,
    env: {
      ...process.env,
      DATABASE_URL: target.url,
      PORT: '0',
      REQUEST_LOG: 'off',
      METRICS_TOKEN: metricsToken,
      ...options.env,
      HEMAYAT_DEBUG: ['startup', ...(options.env?.HEMAYAT_DEBUG ?? '').split(',')].join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const startup: BuiltServer['startup'] = {
    phases: [],
    startupMs: null,
    factsMs: null,
    factsFrom: null,
    factsLoadMs: null,
  };
  let factsReady: () => void = () => undefined;
  const facts = new Promise<void>((r) => (factsReady = r));
  let served: (url: string) => void = () => undefined;
  const serving = new Promise<string>((r) => (served = r));
  const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      parts.forEach(onLine);
    });
  };
  lines(child.stdout, (line) => {
    const m = /serving (\S+)/.exec(line);
    if (m?.[1]) served(m[1]);
    if (line.startsWith('[plan]')) startup.phases.push(line);
  });
  lines(child.stderr, (line) => {
    const m = AT.exec(line);
    if (!m) {
      process.stderr.write(`  server: ${line}\n`);
      return;
    }
    startup.phases.push(line.slice('[startup] '.length));
    const [, thread, what, at] = m;
    if (thread === 'main' && what === 'listen') startup.startupMs = Number(at);
    if (what?.endsWith('snapshot read') || what?.endsWith('facts from the tables')) {
      startup.factsFrom = what?.endsWith('snapshot read') ? 'snapshot' : 'database';
      startup.factsLoadMs = Number(/ (\d+) ms \(at/.exec(line)?.[1] ?? Number.NaN);
    }
    if (line.includes('facts in every query worker')) {
      startup.factsMs = since(spawned);
      factsReady();
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    work.cleanup();
  };
  try {
    const url = await Promise.race([
      serving,
      exited.then(() => Promise.reject(new Error('the built server exited before serving'))),
    ]);
    return {
      url,
      spawned,
      listeningMs: since(spawned),
      facts,
      startup,
      eventLoopMax: () => eventLoopMaxOf(url, metricsToken),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A restart: starts the built server, signs in unless given a `cookie`, sends `batch` (once the
 * facts are in when `afterFacts`), reads its event-loop maximum since its start, then stops it.
 */
export async function restartBuilt(
  target: { url: string; snapshotDir: string },
  batch: readonly BatchCall[],
  options: {
    cookie: string | null;
    afterFacts: boolean;
    env?: Record<string, string>;
    /** Node options before the script (e.g. `--cpu-prof`). */
    nodeArgs?: readonly string[];
  },
): Promise<BuiltRestart> {
  const server = await startBuilt(target, options);
  try {
    const cookie = options.cookie ?? (await signIn(server.url));
    if (options.afterFacts) await server.facts;
    const t0 = performance.now();
    await batchGet({ url: server.url, cookie }, batch);
    const firstMs = since(t0);
    const restartMs = since(server.spawned);
    const eventLoopMaxMs = await server.eventLoopMax();
    return {
      ...server.startup,
      listeningMs: server.listeningMs,
      firstMs,
      restartMs,
      eventLoopMaxMs,
      cookie,
    };
  } finally {
    await server.stop();
  }
}

/** The `quantile="1"` event-loop delay of the server's /metrics (since its start), ms. */
async function eventLoopMaxOf(url: string, token: string): Promise<number | null> {
  const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  const text = await response.text();
  const m = /^hemayat_event_loop_delay_seconds\{quantile="1"\} (\S+)$/m.exec(text);
  return m?.[1] ? Math.round(Number(m[1]) * 1e5) / 100 : null;
}

export async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return cookie;
}
