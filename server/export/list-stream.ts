import type { CompiledQuery } from 'kysely';
import { sharedPool, sharedPoolSize } from '../threads/shared-pools.ts';
import type { WorkerLease } from '../threads/thread-pool.ts';
import type { ListNames } from './list-rows.ts';
import type { CsvBodyChunk, ExportColumn, Row } from './table.ts';

/** What a list worker (list-worker.ts) reads and how it writes it. Plain data: it is posted. */
export interface ListJob {
  kind: 'units' | 'grants';
  /** The SQLite file, opened read-only in the worker. */
  file: string;
  /** compileListScan's statement (its stripe bounds are the named parameters @lo, @hi). */
  query: Pick<CompiledQuery, 'sql' | 'parameters'>;
  names: ListNames;
  columns: ExportColumn[];
  /**
   * 'csv': CSV lines written in the worker; 'rows': file rows for the Excel writer; 'count':
   * only how many rows there are.
   */
  mode: 'csv' | 'rows' | 'count';
}

/** Ids `lo < id <= hi`. */
export interface Stripe {
  lo: number;
  hi: number;
}

/** What a pooled list worker is sent: a new job (it replaces the last one), then its stripes. */
export type ListWorkerRequest = { type: 'job'; job: ListJob } | ({ type: 'stripe' } & Stripe);

export type ListMessage =
  | { type: 'csv'; bytes: Uint8Array; rows: number }
  | { type: 'rows'; rows: Row[] }
  | { type: 'count'; rows: number }
  | { type: 'error'; message: string };

export interface StripedScan {
  /** The highest id to read. */
  maxId: number;
  /** Ids per stripe: at most that many rows (and about 1 MB of grants CSV) per message. */
  stripeIds: number;
  /** Worker threads; each reads every n-th stripe. */
  workers: number;
}

/** Stripes asked of each worker before its oldest is consumed: the read-ahead, and the memory bound. */
const IN_FLIGHT = 2;

/** One worker's answers, in the order its stripes were asked. */
function inbox(lease: WorkerLease) {
  const queue: ListMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  lease.on('message', (message: ListMessage) => {
    queue.push(message);
    notify();
  });
  lease.on('error', (error) => {
    failure = error;
    notify();
  });
  lease.on('exit', () => {
    failure ??= new Error('a list worker stopped early');
    notify();
  });
  return async (): Promise<ListMessage> => {
    while (queue.length === 0 && failure === null) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const message = queue.shift();
    if (!message) throw failure ?? new Error('list worker');
    if (message.type === 'error') throw new Error(message.message);
    return message;
  };
}

/**
 * Reads a list in worker threads and yields its stripes' answers in id order. Worker `w` reads
 * stripes w, w + n, w + 2n…; each keeps IN_FLIGHT stripes asked ahead, so scanning and formatting
 * run on other cores while this thread only moves finished chunks to the socket — and a consumer
 * that stops (client gone, pipeline destroyed) ends the workers it borrowed from the pool.
 */
async function* stripedChunks(job: ListJob, scan: StripedScan): AsyncGenerator<ListMessage> {
  const stripes = Math.ceil(scan.maxId / scan.stripeIds);
  const count = Math.max(1, Math.min(scan.workers, stripes));
  // The pool's workers are started once and kept (a list export used to start its own).
  const workers = await sharedPool('list').acquire(count);
  const receive = workers.map(inbox);
  for (const w of workers) w.worker.postMessage({ type: 'job', job } satisfies ListWorkerRequest);
  let asked = 0;
  let answered = 0;
  const ask = () => {
    if (asked >= stripes) return;
    const lo = asked * scan.stripeIds;
    const stripe: ListWorkerRequest = { type: 'stripe', lo, hi: lo + scan.stripeIds };
    workers[asked % workers.length]?.worker.postMessage(stripe);
    asked++;
  };
  try {
    for (let i = 0; i < workers.length * IN_FLIGHT; i++) ask();
    for (let k = 0; k < stripes; k++) {
      const message = await (receive[k % workers.length] as () => Promise<ListMessage>)();
      answered++;
      ask();
      yield message;
    }
  } finally {
    // A consumer that stopped early leaves stripes in flight: those workers are ended, not reused.
    const finished = answered === stripes;
    for (const w of workers) w.release(finished);
  }
}

/** How many workers a list may use: two when the machine has the cores, else one. */
export function listWorkerCount(): number {
  return sharedPoolSize('list');
}

/** A list's CSV body (no header), written in worker threads. */
export async function* csvFromWorkers(
  job: Omit<ListJob, 'mode'>,
  scan: StripedScan,
): AsyncGenerator<CsvBodyChunk> {
  for await (const message of stripedChunks({ ...job, mode: 'csv' }, scan)) {
    if (message.type === 'csv' && message.rows > 0) {
      yield { bytes: message.bytes, rows: message.rows };
    }
  }
}

/** A list's file rows, read and mapped in worker threads. */
export async function* rowsFromWorkers(
  job: Omit<ListJob, 'mode'>,
  scan: StripedScan,
): AsyncGenerator<Row[]> {
  for await (const message of stripedChunks({ ...job, mode: 'rows' }, scan)) {
    if (message.type === 'rows' && message.rows.length > 0) yield message.rows;
  }
}

/** How many rows a list holds, counted in a worker thread (a full scan at `large`). */
export async function countInWorker(job: Omit<ListJob, 'mode'>, maxId: number): Promise<number> {
  let rows = 0;
  const scan = { maxId, stripeIds: Math.max(1, maxId), workers: 1 };
  for await (const message of stripedChunks({ ...job, mode: 'count' }, scan)) {
    if (message.type === 'count') rows += message.rows;
  }
  return rows;
}
