// Large parts are read and validated in a worker thread while the main thread writes: on two
// cores the import then costs about the slower of the two instead of their sum. The worker runs
// the same readValidated loop, so rows, issues and counts are exactly those of the in-thread path.
import { sharedPool } from '../threads/shared-pools.ts';
import type { WorkerLease } from '../threads/thread-pool.ts';
import type { Lookups } from './lookups.ts';
import type { Part } from './plan.ts';
import type { ReadCounts } from './read-validated.ts';
import type { IssueCollector, IssueDelta } from './report.ts';
import { unpackRows, type PackedRows } from './row-batch.ts';
import type { PendingRow } from './write-specs.ts';

export interface ValidateJob {
  part: Part;
  lookups: Lookups;
  /** Hash the file's bytes as they are read (CSV). */
  hash: boolean;
  batchRows: number;
  /** Batches the worker may send ahead of the writer. */
  inFlight: number;
}

export type ValidateMessage =
  | { type: 'batch'; packed: PackedRows; bytes: number; counts: ReadCounts; issues: IssueDelta }
  | { type: 'end'; counts: ReadCounts; issues: IssueDelta; sha256: string | null }
  | { type: 'error'; message: string };

/** What a pooled validation worker is sent: a job, then an ack per batch the writer took. */
export type ValidateRequest = { type: 'job'; job: ValidateJob } | 'ack';

/**
 * Batches the worker may send ahead of the writer (16 × 2,000 rows, about 90 ms of writing, a few
 * MB packed): enough to ride out the worker's garbage-collection pauses. With 4 the writer
 * waited 3.6 s of 34 s at 10M grants; with 16 the rows take 31.5 s.
 */
const IN_FLIGHT = 16;

/**
 * readValidated in a worker thread: `onBatch` gets the same batches on this thread, `issues` and
 * `counts` (added to, as in-thread) the same problems and counts. Resolves with the file's
 * SHA-256 when `hash` was asked for. The worker (from the validation pool) goes back to the pool
 * when the part is read to its end, and is ended when this throws half-way.
 */
export async function readValidatedInWorker(
  part: Part,
  lookups: Lookups,
  issues: IssueCollector,
  counts: ReadCounts,
  hash: boolean,
  batchRows: number,
  onBatch: (rows: PendingRow[], bytes: number) => Promise<void>,
): Promise<string | null> {
  const job: ValidateJob = { part, lookups, hash, batchRows, inFlight: IN_FLIGHT };
  const [lease] = await sharedPool('validate').acquire(1);
  if (!lease) throw new Error('no validation worker');
  let seen: ReadCounts = { rows: 0, rejected: 0 };
  const next = inbox(lease);
  let finished = false;
  lease.worker.postMessage({ type: 'job', job } satisfies ValidateRequest);
  try {
    for (;;) {
      const m = await next();
      if (m.type === 'error') throw new Error(`validation worker: ${m.message}`);
      issues.absorb(m.issues);
      // The worker's counts are running totals; the writer adds its own rejections (duplicates).
      counts.rows += m.counts.rows - seen.rows;
      counts.rejected += m.counts.rejected - seen.rejected;
      seen = m.counts;
      if (m.type === 'end') {
        finished = true;
        return m.sha256;
      }
      lease.worker.postMessage('ack' satisfies ValidateRequest); // before writing: the worker reads the next batch meanwhile
      await onBatch(unpackRows(m.packed), m.bytes);
    }
  } finally {
    lease.release(finished);
  }
}

/** The worker's messages in order; a crash or an early exit becomes an error message. */
function inbox(worker: WorkerLease): () => Promise<ValidateMessage> {
  const queue: ValidateMessage[] = [];
  let waiting: ((m: ValidateMessage) => void) | null = null;
  const deliver = (m: ValidateMessage): void => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else queue.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ type: 'error', message: e.stack ?? e.message }));
  worker.on('exit', (code) => deliver({ type: 'error', message: `exited with code ${code}` }));
  return () => {
    const m = queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => (waiting = resolve));
  };
}
