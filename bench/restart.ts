import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addUser } from '../server/auth/user-admin.ts';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import { getUserByName } from '../server/stores/users.ts';
import { BENCH_PASSWORD, BENCH_USER } from './bench-user.ts';
import { overviewBatch } from './cases.ts';
import { batchGet } from './http.ts';
import { since } from './stats.ts';

// Restarts of the BUILT server (`node dist/server/main.js`, what `npm start` runs once built),
// with HEMAYAT_DEBUG=startup: each start's phases (server/startup-timings.ts), then the first
// Overview batch sent the moment it listens, as a browser left open on the page would.
// `npm run build && npx tsx bench/restart.ts --db FILE [--restarts 3] [--after-facts]`
// (--after-facts waits until the query workers hold the facts, as bench/snapshot.ts does).
// The database must already be prepared (rollups and snapshot current): this measures restarts.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'server', 'main.js');

interface Restart {
  listeningMs: number;
  firstOverviewMs: number;
  restartMs: number;
  secondOverviewMs: number;
  phases: string[];
}

async function restartOnce(
  url: string,
  cookie: string | null,
  batch: ReturnType<typeof overviewBatch>,
  afterFacts: boolean,
): Promise<Restart & { cookie: string }> {
  const spawned = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      REQUEST_LOG: 'off',
      HEMAYAT_DEBUG: ['startup', ...(process.env.HEMAYAT_DEBUG ?? '').split(',')].join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const phases: string[] = [];
  let factsReady: () => void = () => undefined;
  const facts = new Promise<void>((resolve) => (factsReady = resolve));
  let served: (url: string) => void = () => undefined;
  const serving = new Promise<string>((resolve) => (served = resolve));
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
    // HEMAYAT_DEBUG=plan (pass it in the environment) prints the plans on stdout.
    if (line.startsWith('[plan]')) phases.push(line);
  });
  lines(child.stderr, (line) => {
    if (line.startsWith('[startup]')) phases.push(line.slice('[startup] '.length));
    else process.stderr.write(`  server: ${line}\n`);
    if (line.includes('facts in every query worker')) factsReady();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const base = await Promise.race([
      serving,
      exited.then(() => Promise.reject(new Error('the server exited before serving'))),
    ]);
    const listeningMs = since(spawned);
    const session = cookie ?? (await signIn(base));
    if (afterFacts) await facts;
    const t0 = performance.now();
    await batchGet({ url: base, cookie: session }, batch);
    const firstOverviewMs = since(t0);
    const restartMs = since(spawned);
    const t1 = performance.now();
    await batchGet({ url: base, cookie: session }, batch);
    const secondOverviewMs = since(t1);
    await new Promise((r) => setTimeout(r, 200));
    return { listeningMs, firstOverviewMs, restartMs, secondOverviewMs, phases, cookie: session };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return cookie;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      restarts: { type: 'string', default: '3' },
      'after-facts': { type: 'boolean', default: false },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/restart.ts --db FILE|URL [--restarts N]');
  if (!existsSync(MAIN)) throw new Error('build first: npm run build');
  const db = openDatabase(values.db);
  const years = (await getDimensions(db, ALL_SCOPE)).years;
  if (!(await getUserByName(db, BENCH_USER))) {
    await addUser(
      db,
      { username: BENCH_USER, role: 'viewer', provinces: 'all', password: BENCH_PASSWORD },
      { username: null, now: new Date() },
    );
  }
  await db.destroy();
  const batch = overviewBatch(EMPTY_FILTERS, years);
  let cookie: string | null = null;
  const round = (v: number) => Math.round(v);
  for (let i = 0; i < Number(values.restarts); i++) {
    const load = loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
    const r = await restartOnce(values.db, cookie, batch, values['after-facts']);
    // The first start signs in; later ones reuse its session, as a browser left open would.
    const signedIn = cookie === null;
    cookie = r.cookie;
    console.log(
      `restart #${i + 1} (load ${load}): listening ${round(r.listeningMs)} ms${signedIn ? ' (then signed in)' : ''}; first Overview ${round(r.firstOverviewMs)} ms; spawn to first Overview ${round(r.restartMs)} ms; second Overview ${round(r.secondOverviewMs)} ms`,
    );
    for (const phase of r.phases) console.log(`    ${phase}`);
  }
}

main().catch((error: unknown) => {
  console.error('bench/restart failed:', error);
  process.exit(1);
});
