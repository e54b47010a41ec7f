import type { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { isPostgresUrl, sqliteHandleOf } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { startupMark } from '../../startup-timings.ts';
import { startWorker } from '../../threads/start-worker.ts';
import type { getBreakdown } from '../../queries/breakdown.ts';
import type { getDrill } from '../../queries/drill.ts';
import { FilterValidationError } from '../filters/errors.ts';
import { factsSnapshotPath } from '../facts/facts-snapshot.ts';
import type { getImpact } from '../../queries/impact.ts';
import type { MemoryFacts, warmMemory } from '../facts/memory-facts.ts';
import type { getSummary } from '../../queries/summary.ts';
import type { getTimeseries } from '../../queries/timeseries.ts';

/** The query functions a worker can run, by name (see query-worker.ts). */
export interface PooledQueries {
  getSummary: typeof getSummary;
  getBreakdown: typeof getBreakdown;
  getTimeseries: typeof getTimeseries;
  getDrill: typeof getDrill;
  getImpact: typeof getImpact;
  /** Resolves once this worker's facts are in memory (benchmarks wait for it). */
  warmMemory: typeof warmMemory;
}
export type PooledQueryName = keyof PooledQueries;

/** A query's arguments after `db` (the worker brings its own read-only connection). */
export type PooledArgs<K extends PooledQueryName> =
  Parameters<PooledQueries[K]> extends [unknown, ...infer Rest] ? Rest : never;
export type PooledResult<K extends PooledQueryName> = Awaited<ReturnType<PooledQueries[K]>>;

/** Who asks, and until when the answer is wanted (one HTTP request's). */
export interface PoolCall {
  /** Queued queries are served round-robin between owners (users), so one cannot starve others. */
  owner?: string;
  /** Aborted (the client went away): a query still queued is dropped, never run. */
  signal?: AbortSignal;
}

/** A queued query whose request was abandoned before a worker took it. */
export class QueryAbandonedError extends Error {
  override name = 'QueryAbandonedError';
  constructor() {
    super('the request was abandoned before its query ran');
  }
}

export interface QueryPool {
  /** Runs a query function in a worker thread over the same database (SQLite: read-only). */
  run<K extends PooledQueryName>(
    name: K,
    args: PooledArgs<K>,
    call?: PoolCall,
  ): Promise<PooledResult<K>>;
  close(): Promise<void>;
  /** True once every worker holds the facts in memory (memory-facts.ts). */
  memoryReady(): boolean;
  /**
   * True while the first facts are being read from a current snapshot (facts-snapshot.ts: well
   * under a second, where the tables take ~45 s at `large`): a query that would read them is
   * planned for them and waits in its worker, rather than running as SQL over the raw tables
   * (which took 54-75 s for the Overview's top clusters at `large`, holding a worker throughout).
   */
  memorySoon(): boolean;
  /**
   * True from the start, and from the loader's (or another worker's) notice of a new data
   * version, until the loader shares its facts: where no fine rollup was built (rollups.ts) the
   * planner counts on them and the worker waits for them, rather than running SQL over the raw
   * tables meanwhile. (Right after an import memoryReady is still true: the same holds.)
   */
  memoryLoading(): boolean;
  /** True once the facts every worker holds are those with their cells (memory-facts.ts withCells). */
  cellsReady(): boolean;
  /**
   * Another process changed the data: every worker checks the data version now (not at its next
   * query), takes a new connection, and the facts of the new version are loaded and shared.
   */
  reload(): void;
}

export interface WorkerRequest {
  id: number;
  name: PooledQueryName;
  args: unknown[];
}

/**
 * Facts one worker loaded for a data version (the rollups' `built_at`), their columns in shared
 * memory; null when they could not be loaded (SQL answers then).
 */
export interface SharedFacts {
  version: string;
  facts: MemoryFacts | null;
  /** Where they came from: the snapshot on disk (a restart) or the tables; and how long it took. */
  from: 'snapshot' | 'database';
  ms: number;
  /**
   * With their cells (memory-facts.ts withCells): the loader shares the facts first without them,
   * then again with them, so questions need not wait for the cells.
   */
  complete: boolean;
}

/**
 * Messages to a worker besides queries: the loader's facts, "the data changed: reload", or "the
 * first facts come from the tables, not a snapshot: do not wait for them".
 */
export type WorkerNotice =
  { id: 0; shared: SharedFacts } | { id: 0; reload: true } | { id: 0; fromTables: true };

export type WorkerResponse =
  | { id: 0; memoryReady: true }
  /** The loading worker's facts, for the pool to hand to the others. */
  | { id: 0; shared: SharedFacts }
  /** A worker saw a newer data version than the facts it holds (this one). */
  | { id: 0; stale: string }
  /** The loader started loading the facts of a new data version. */
  | { id: 0; loading: true }
  /** The loader found no current snapshot: the first facts come from the tables (seconds). */
  | { id: 0; fromTables: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; name: string; message: string };

/** What a worker is started with. */
export interface WorkerSetup extends PoolDatabase {
  /** This worker loads the facts and shares them; the others adopt them. */
  loads: boolean;
}

interface Task {
  request: WorkerRequest;
  owner: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Tasks waiting for a worker, one queue per owner, taken round-robin: a user who queues 150
 * drill-downs delays another user's breakdown by at most one query per worker, not 150.
 */
function fairQueue() {
  const byOwner = new Map<string, Task[]>();
  return {
    push(task: Task) {
      const tasks = byOwner.get(task.owner);
      if (tasks) tasks.push(task);
      else byOwner.set(task.owner, [task]);
    },
    /** The next owner's oldest task; that owner then goes to the back of the turn. */
    shift(): Task | undefined {
      const next = byOwner.entries().next();
      if (next.done) return undefined;
      const [owner, tasks] = next.value;
      const task = tasks.shift();
      byOwner.delete(owner);
      if (tasks.length > 0) byOwner.set(owner, tasks);
      return task;
    },
    remove(task: Task): boolean {
      const tasks = byOwner.get(task.owner);
      const i = tasks?.indexOf(task) ?? -1;
      if (!tasks || i < 0) return false;
      tasks.splice(i, 1);
      if (tasks.length === 0) byOwner.delete(task.owner);
      return true;
    },
    drain(): Task[] {
      const all = [...byOwner.values()].flat();
      byOwner.clear();
      return all;
    },
  };
}
/** Where the workers connect: a SQLite file, or a PostgreSQL URL (and schema, for tests). */
export interface PoolDatabase {
  location: string;
  schema?: string;
  /**
   * The facts snapshot (facts-snapshot.ts): the loader reads it at start when it matches the
   * data version, and writes it after loading from the tables. Absent: no snapshot.
   */
  snapshot?: string;
}

/**
 * A small pool of worker threads answering long reads (the in-memory facts' passes; on SQLite
 * also raw drill-downs, distinct counts over many headings, impact) so the event loop never waits
 * on them. Each worker opens its own connection (SQLite read-only) and runs one query at a time;
 * callers queue when all are busy. One worker loads the facts (from SQLite or PostgreSQL alike)
 * into shared memory and the pool hands them to the others, so the process holds one copy
 * however many workers it has. A crashed worker fails its query and is replaced.
 */
export function createQueryPool(
  database: string | PoolDatabase,
  size = 2,
): QueryPool & { sharedFacts(): SharedFacts | null } {
  const target = typeof database === 'string' ? { location: database } : database;
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task>();
  const queue = fairQueue();
  let nextId = 1;
  let closed = false;
  const ready = new Set<Worker>();
  let loader: Worker | null = null;
  let shared: SharedFacts | null = null;
  // Until the loader shares its first facts or turns to the tables (see memorySoon).
  let snapshotPending = target.snapshot !== undefined;
  // Until the loader shares the facts of the newest data (see memoryLoading).
  let loading = true;
  const workers = new Set<Worker>();
  const notify = (worker: Worker, notice: WorkerNotice) => worker.postMessage(notice);

  const spawn = () => {
    const loads = loader === null;
    const setup: WorkerSetup = { ...target, loads };
    const worker = startWorker('query', setup);
    workers.add(worker);
    if (loads) loader = worker;
    else if (shared) notify(worker, { id: 0, shared });
    else if (!snapshotPending) notify(worker, { id: 0, fromTables: true });
    worker.on('message', (response: WorkerResponse) => {
      if ('memoryReady' in response) {
        ready.add(worker);
        if (ready.size === size) startupMark('main', 'facts in every query worker');
        return;
      }
      if ('fromTables' in response) {
        snapshotPending = false;
        for (const other of workers)
          if (other !== worker) notify(other, { id: 0, fromTables: true });
        return;
      }
      if ('shared' in response) {
        snapshotPending = false;
        loading = false;
        shared = response.shared;
        for (const other of workers) if (other !== worker) notify(other, { id: 0, shared });
        return;
      }
      if ('loading' in response) {
        loading = true;
        return;
      }
      if ('stale' in response) {
        ready.delete(worker);
        // Unless the loader already shared that version (its notice can come first).
        if (shared?.version !== response.stale) loading = true;
        if (loader) notify(loader, { id: 0, reload: true });
        return;
      }
      const task = busy.get(worker);
      busy.delete(worker);
      if (task) {
        if (response.ok) task.resolve(response.value);
        else {
          task.reject(
            response.name === 'FilterValidationError'
              ? new FilterValidationError(response.message)
              : new Error(response.message),
          );
        }
      }
      release(worker);
    });
    worker.on('error', (error) => {
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      ready.delete(worker);
      workers.delete(worker);
      if (loader === worker) loader = null;
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      if (!closed) release(spawn());
    });
    worker.unref();
    return worker;
  };

  const release = (worker: Worker) => {
    const task = queue.shift();
    if (task) dispatch(worker, task);
    else {
      worker.unref();
      idle.push(worker);
    }
  };

  // A busy worker keeps the process alive until its answer arrives; an idle one does not.
  const dispatch = (worker: Worker, task: Task) => {
    busy.set(worker, task);
    worker.ref();
    worker.postMessage(task.request);
  };

  for (let i = 0; i < size; i++) idle.push(spawn());

  return {
    run<K extends PooledQueryName>(
      name: K,
      args: PooledArgs<K>,
      call: PoolCall = {},
    ): Promise<PooledResult<K>> {
      if (closed) return Promise.reject(new Error('query pool is closed'));
      if (call.signal?.aborted) return Promise.reject(new QueryAbandonedError());
      return new Promise<PooledResult<K>>((resolve, reject) => {
        const task: Task = {
          request: { id: nextId++, name, args },
          owner: call.owner ?? '',
          resolve: (v) => resolve(v as PooledResult<K>),
          reject,
        };
        const worker = idle.pop();
        if (worker) {
          dispatch(worker, task);
          return;
        }
        queue.push(task);
        // A query already running finishes (stopping it would cost the worker its in-memory
        // facts); one still waiting is dropped.
        call.signal?.addEventListener(
          'abort',
          () => {
            if (queue.remove(task)) reject(new QueryAbandonedError());
          },
          { once: true },
        );
      });
    },
    memoryReady: () => ready.size === size,
    memorySoon: () => snapshotPending && !closed,
    memoryLoading: () => loading && !closed,
    cellsReady: () =>
      ready.size === size && !loading && shared?.complete === true && shared.facts !== null,
    reload() {
      if (closed) return;
      for (const worker of workers) notify(worker, { id: 0, reload: true });
    },
    /** The facts the loading worker shared (the same memory every worker reads). */
    sharedFacts: () => shared,
    async close() {
      closed = true;
      // Queued and running queries alike fail (shutdown cancels what its grace did not finish).
      for (const task of [...queue.drain(), ...busy.values()])
        task.reject(new Error('query pool is closed'));
      const all = [...idle, ...busy.keys()];
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

/** The same pool, answering one caller: every query it runs carries `call` (owner, signal). */
export function poolForCall(pool: QueryPool, call: PoolCall): QueryPool {
  return {
    run: (name, args) => pool.run(name, args, call),
    close: () => pool.close(),
    memoryReady: () => pool.memoryReady(),
    memorySoon: () => pool.memorySoon(),
    memoryLoading: () => pool.memoryLoading(),
    cellsReady: () => pool.cellsReady(),
    reload: () => pool.reload(),
  };
}

/**
 * The pool a server should use for `db` (opened from `url`): workers over its SQLite file or its
 * PostgreSQL database, holding the facts in memory (memory-facts.ts), read from their snapshot
 * when it is current (facts-snapshot.ts: beside the SQLite file; for PostgreSQL in `snapshotDir`);
 * null for in-memory SQLite.
 */
export function queryPoolFor(
  db: Kysely<Database>,
  url: string,
  size = 2,
  snapshotDir?: string,
): ReturnType<typeof createQueryPool> | null {
  if (isPostgresUrl(url)) {
    return createQueryPool(
      { location: url, snapshot: factsSnapshotPath(url, undefined, snapshotDir) },
      size,
    );
  }
  const file = sqliteHandleOf(db)?.name;
  if (!file || file === ':memory:' || file === '') return null;
  return createQueryPool({ location: file, snapshot: factsSnapshotPath(file) }, size);
}
