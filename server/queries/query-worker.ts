import { parentPort, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { getBreakdown } from './breakdown.ts';
import { getDrill } from './drill.ts';
import { getImpact } from './impact.ts';
import { getDataVersion } from '../stores/data-state.ts';
import {
  readFactsSnapshot,
  snapshotKeyOf,
  writeFactsSnapshot,
} from '../engine/facts/facts-snapshot.ts';
import {
  adoptMemoryFacts,
  attachMemoryFacts,
  loadMemoryFacts,
  memoryFactsOf,
  warmMemory,
  withCells,
  type MemoryFacts,
} from '../engine/facts/memory-facts.ts';
import { getSummary } from './summary.ts';
import { warmCellReaders } from './warm-cells.ts';
import { getRollupState } from '../engine/rollups/rollups.ts';
import { usesMemory, type QueryOptions } from '../engine/planner/query-plan.ts';
import { getTimeseries } from './timeseries.ts';
import { startupMark, startupPhase } from '../startup-timings.ts';
import type {
  PooledQueries,
  SharedFacts,
  WorkerNotice,
  WorkerRequest,
  WorkerResponse,
  WorkerSetup,
} from '../engine/workers/worker-pool.ts';

// Worker thread entry (see worker-pool.ts): its own connection (SQLite read-only), one query at a
// time. The loading worker reads the facts into shared memory and posts them; the others adopt
// them, so the process holds one copy. Until then queries get answers through SQL.

const setup = workerData as WorkerSetup;
const thread = setup.loads ? 'query-worker (loader)' : 'query-worker';
startupMark(thread, 'modules loaded');
const post = (message: WorkerResponse) => parentPort?.postMessage(message);
const open = (): Kysely<Database> =>
  isPostgresUrl(setup.location)
    ? openDatabase(setup.location, setup.schema ? { schema: setup.schema } : {})
    : openDatabase(setup.location, { readonly: true });

let db = open();
/** The data version of `db`: the rollups' `built_at` ('' before any build; null until read). */
let version: string | null = null;
/** The latest facts the loader shared (a follower adopts them when their version is its own). */
let latest: SharedFacts | null = null;
/** Followers waiting in warmMemory for the loader's facts. */
const waiting: ((loaded: boolean) => void)[] = [];

const versionOf = getDataVersion;

/**
 * The first facts are being read from a snapshot (the pool planned queries for them: see
 * memorySoon in worker-pool.ts): a query waits until this worker holds them, or until they turn
 * out to come from the tables after all (then it is planned again, for SQL). The cap only guards
 * against a loader that never answers.
 */
let snapshotPending = Boolean(setup.snapshot);
let settle: () => void = () => undefined;
const snapshotSettled = new Promise<void>((resolve) => {
  settle = () => {
    snapshotPending = false;
    resolve();
  };
});
const SNAPSHOT_WAIT_CAP_MS = 30_000;
function factsFromSnapshot(): Promise<unknown> {
  return Promise.race([
    snapshotSettled,
    new Promise((resolve) => setTimeout(resolve, SNAPSHOT_WAIT_CAP_MS).unref()),
  ]);
}
/** Where the loader's current facts came from, and how long they took. */
let origin: { from: 'snapshot' | 'database'; ms: number } = { from: 'database', ms: 0 };

/**
 * The loader's facts for `handle`: its snapshot when that was written for the same data version
 * and schema and is whole; otherwise read from the tables, then written as the new snapshot
 * (after they are shared: nobody waits for the disk). A snapshot that is not used is said so on
 * stderr and replaced, never read.
 */
async function loadFacts(handle: Kysely<Database>): Promise<MemoryFacts | null> {
  const started = performance.now();
  const path = setup.snapshot;
  const key = path ? await snapshotKeyOf(handle) : null;
  startupPhase(thread, 'snapshot key', started);
  if (path && key) {
    const read = await readFactsSnapshot(path, key, DEFERRED).catch((error: unknown) => ({
      facts: null,
      reason: 'unreadable',
      detail: String(error),
    }));
    if (read.facts) {
      startupPhase(thread, 'snapshot read', started);
      origin = { from: 'snapshot', ms: performance.now() - started };
      const mb = (read.bytes / 2 ** 20).toFixed(1);
      console.error(`[facts-snapshot] facts read in ${Math.round(origin.ms)} ms (${mb} MB)`);
      return read.facts;
    }
    if (read.reason !== 'missing') {
      console.error(`[facts-snapshot] not used (${read.reason}: ${read.detail}); rebuilding it`);
    }
  }
  if (snapshotPending) {
    post({ id: 0, fromTables: true });
    settle();
  }
  const facts = await loadMemoryFacts(handle, DEFERRED);
  startupPhase(thread, 'facts from the tables', started);
  origin = { from: 'database', ms: performance.now() - started };
  // Written only when no import committed during the load: the snapshot then holds exactly the
  // data of its version (an import changes the version in the transaction that writes its rows).
  if (path && key && facts) {
    void getDataVersion(handle)
      .then((now) => (now === key.dataVersion ? writeFactsSnapshot(path, facts, key) : null))
      .catch((error: unknown) => console.error('[facts-snapshot] not written:', error));
  }
  return facts;
}

/**
 * The loader reads the facts with their unit-year index alone and builds their cells after
 * sharing them (memory-facts.ts withCells: ~1.5 s of CPU at `large`, three times the snapshot
 * read): a restart's first questions are answered meanwhile, by the passes, instead of waiting.
 */
const DEFERRED = { cells: false };

/** Whether this worker holds its facts with their cells, and who waits for that (warmComplete). */
let complete = false;
const completeWaiting: (() => void)[] = [];
function setComplete(now: boolean): void {
  complete = now;
  if (now) for (const resolve of completeWaiting.splice(0)) resolve();
}

/** The loader: reads the facts of `handle` and shares them (a load per data version). */
async function loadAndShare(handle: Kysely<Database>, at: string): Promise<void> {
  post({ id: 0, loading: true });
  setComplete(false);
  await attachMemoryFacts(handle, loadFacts);
  const facts = memoryFactsOf(handle);
  settle();
  post({ id: 0, shared: { version: at, facts, ...origin, complete: facts === null } });
  if (!facts) return setComplete(true);
  post({ id: 0, memoryReady: true });
  await quietMoment();
  if (memoryFactsOf(handle) !== facts) return; // a newer load replaced them meanwhile
  const started = performance.now();
  const full = withCells(facts);
  adoptMemoryFacts(handle, full);
  startupPhase(thread, 'cells built', started);
  await warmCells(handle);
  if (memoryFactsOf(handle) !== full) return;
  post({ id: 0, shared: { version: at, facts: full, ...origin, complete: true } });
  setComplete(true);
}

/**
 * The loader builds the cells (~5 s of CPU at `large`) once it has had no question for
 * CELLS_QUIET_MS since sharing the facts, at the latest CELLS_WAIT_CAP_MS after: a restart's first
 * questions (a browser left open sends its Overview at once) are answered first, by the passes,
 * without the build taking one of the machine's cores from them and from the main thread. At
 * `large` on PostgreSQL, 2 cores, quiet, three restarts each, alternated: the first Overview
 * after a restart 192–223 ms with the build at once, 148–162 with it later; the main thread's
 * longest block 41–60 ms against 32–47.
 */
const CELLS_QUIET_MS = 500;
const CELLS_WAIT_CAP_MS = 3_000;
/** Questions this worker is answering (warmMemory, which waits for the cells, is not one). */
let answering = 0;
let lastQuestionAt = 0;

async function quietMoment(): Promise<void> {
  const since = performance.now();
  for (;;) {
    const now = performance.now();
    const quiet = answering > 0 ? 0 : now - Math.max(since, lastQuestionAt);
    const left = Math.min(CELLS_QUIET_MS - quiet, since + CELLS_WAIT_CAP_MS - now);
    if (left <= 0) return;
    await new Promise<void>((resolve) =>
      setTimeout(resolve, answering > 0 ? Math.min(left, 50) : left),
    );
  }
}

/** A follower: takes the shared facts when they are of its data version. */
function adoptLatest(): void {
  if (!latest || latest.version !== version) return;
  if (latest.facts) {
    adoptMemoryFacts(db, latest.facts);
    startupMark(thread, latest.complete ? 'facts with cells adopted' : 'facts adopted');
    post({ id: 0, memoryReady: true });
  }
  const shared = latest;
  if (shared.complete && shared.facts) {
    void warmCells(db).then(() => {
      if (latest === shared) setComplete(true);
    });
  } else setComplete(shared.complete);
  for (const resolve of waiting.splice(0)) resolve(shared.facts !== null);
}

/** Warms the cell readers of `handle` (warm-cells.ts); a failure leaves them cold, nothing else. */
async function warmCells(handle: Kysely<Database>): Promise<void> {
  const started = performance.now();
  await warmCellReaders(handle).catch((error: unknown) =>
    console.error('[query-worker] warming the cell readers failed:', error),
  );
  startupPhase(thread, 'cell readers warmed', started);
}

/** Resolves once this worker holds the facts (true), or they could not be loaded (false). */
function warm(handle: Kysely<Database>): Promise<boolean> {
  if (setup.loads) return attachMemoryFacts(handle, loadFacts).then(() => warmMemory(handle));
  if (memoryFactsOf(handle)) return Promise.resolve(true);
  if (latest?.version === version && latest.facts === null) return Promise.resolve(false);
  return new Promise((resolve) => waiting.push(resolve));
}

/**
 * A query planned for the facts this worker does not hold yet (a reload after an import, a load
 * from the tables) waits for them when no fine rollup was built to answer instead (rollups.ts):
 * the raw tables would take minutes at `large`. The cap only guards against a load that never
 * ends; past it, or when the facts cannot be loaded, the query is planned again here.
 */
const FACTS_WAIT_CAP_MS = 180_000;
async function factsForPlan(handle: Kysely<Database>, args: unknown[]): Promise<void> {
  if (memoryFactsOf(handle)) return;
  const options = args.at(-1) as QueryOptions | undefined;
  if (!options?.plan || !usesMemory(options.plan)) return;
  if ((await getRollupState(handle))?.fine !== false) return;
  await Promise.race([
    warm(handle),
    new Promise((resolve) => setTimeout(resolve, FACTS_WAIT_CAP_MS).unref()),
  ]);
}

/**
 * Resolves once this worker holds the facts with their cells (true), or they could not be
 * loaded (false): what benches and tests wait for before they measure or compare.
 */
async function warmComplete(handle: Kysely<Database>): Promise<boolean> {
  if (!(await warm(handle))) return false;
  if (!complete) await new Promise<void>((resolve) => completeWaiting.push(resolve));
  return true;
}

const QUERIES: PooledQueries = {
  getSummary,
  getBreakdown,
  getTimeseries,
  getDrill,
  getImpact,
  warmMemory: warmComplete,
};

const versionAsked = performance.now();
const started = versionOf(db).then((v) => {
  startupPhase(thread, 'data version', versionAsked);
  version = v;
  if (setup.loads) void loadAndShare(db, v);
  else adoptLatest();
});

/**
 * Rollups rebuilt by the main thread (after an import) must not be read through this
 * connection's cached rollup state, nor answered from older facts: a new build means a new
 * connection, and new facts (the loader loads them; a follower asks the pool for them).
 */
function freshDb(): Promise<Kysely<Database>> {
  // One check at a time: two would each close the connection and load the facts.
  checking ??= checkVersion().finally(() => {
    checking = null;
  });
  return checking;
}
let checking: Promise<Kysely<Database>> | null = null;

async function checkVersion(): Promise<Kysely<Database>> {
  await started;
  const now = await versionOf(db);
  if (now !== version) {
    await db.destroy();
    db = open();
    version = now;
    if (setup.loads) void loadAndShare(db, version);
    else {
      post({ id: 0, stale: now });
      adoptLatest();
    }
  }
  return db;
}

/**
 * Runs one query on the data of the current version. Where this worker holds its facts, the
 * query runs on them while the version is read; should the version turn out to have changed,
 * that answer is dropped and the query runs again on the new data, as it would have at once.
 * Otherwise the version is read first and the query waits for the facts its plan needs. On
 * PostgreSQL the read is a round trip (at `large` 0.7–1.1 ms p50, 4–5 ms p95 under load 5) that
 * came before every query, twice: with it beside the work, the workers' answers (alternated,
 * load 8–9, p50) by size went from 4.7 to 3.4 ms, sector × size 5.3 to 3.0, summary 4.9 to 3.9.
 */
async function answer(
  fn: (db: Kysely<Database>, ...args: unknown[]) => unknown,
  args: unknown[],
): Promise<unknown> {
  const current = db;
  if (memoryFactsOf(current)) {
    // The version query is sent first; a new version comes with a new handle (checkVersion).
    const [checked, first] = await Promise.allSettled([
      freshDb(),
      Promise.resolve().then(() => fn(current, ...args)),
    ]);
    if (checked.status === 'rejected') throw checked.reason;
    if (checked.value === current) {
      if (first.status === 'rejected') throw first.reason;
      return first.value;
    }
  }
  const handle = await freshDb();
  await factsForPlan(handle, args);
  return fn(await freshDb(), ...args);
}

let running = false;
let reloadAfter = false;

/**
 * The loader of a pool with a snapshot also looks for a new data version while idle (an import
 * by the CLI, or by another app server on the same PostgreSQL), so the snapshot is rewritten
 * soon after the data changed rather than at the next restart.
 */
const VERSION_POLL_MS = 5_000;
if (setup.loads && setup.snapshot) {
  setInterval(() => {
    if (!running) void freshDb().catch(() => undefined);
  }, VERSION_POLL_MS).unref();
}

parentPort?.on('message', (message: WorkerRequest | WorkerNotice) => {
  if ('shared' in message) {
    latest = message.shared;
    adoptLatest();
    settle();
    return;
  }
  if ('fromTables' in message) {
    settle();
    return;
  }
  if ('reload' in message) {
    // Never close the connection under a running query: reload after it.
    if (running) reloadAfter = true;
    else void freshDb();
    return;
  }
  running = true;
  const question = message.name !== 'warmMemory';
  if (question) answering++;
  void (async () => {
    let response: WorkerResponse;
    try {
      const fn = QUERIES[message.name] as (db: Kysely<Database>, ...args: unknown[]) => unknown;
      if (snapshotPending && !memoryFactsOf(db)) await factsFromSnapshot();
      response = { id: message.id, ok: true, value: await answer(fn, message.args) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      response = { id: message.id, ok: false, name: e.name, message: e.message };
    }
    running = false;
    if (question) {
      answering--;
      lastQuestionAt = performance.now();
    }
    post(response);
    if (reloadAfter) {
      reloadAfter = false;
      void freshDb();
    }
  })();
});
