import type { CompiledQuery } from 'kysely';
import { startTsWorker } from '../queries/worker-pool.ts';
import type { ListNames } from './list-rows.ts';
import type { CsvBodyChunk, ExportColumn, Row } from './table.ts';

/** What a list worker (list-worker.ts) reads and how it writes it. Plain data: it is posted. */
export interface ListJob {
  kind: 'units' | 'grants';
  /** The SQLite file, opened read-only in the worker. */
  file: string;
  /** compileListScan's statement. */
  query: Pick<CompiledQuery, 'sql' | 'parameters'>;
  names: ListNames;
  columns: ExportColumn[];
  /** 'csv': chunks of CSV lines written in the worker; 'rows': file rows for the Excel writer. */
  mode: 'csv' | 'rows';
  /** Rows per chunk. */
  batchRows: number;
}

export type ListMessage =
  | { type: 'csv'; bytes: Uint8Array; rows: number }
  | { type: 'rows'; rows: Row[] }
  | { type: 'end' }
  | { type: 'error'; message: string };

const LIST_WORKER = new URL('./list-worker.ts', import.meta.url).href;

/**
 * Runs a list scan in its own worker thread and yields its chunks as the consumer asks for them:
 * one chunk is read ahead, so the scan and formatting overlap the socket writes, and a consumer
 * that stops (client gone, pipeline destroyed) terminates the worker. The event loop only ever
 * moves finished chunks.
 */
async function* listChunks(job: ListJob): AsyncGenerator<ListMessage> {
  const worker = startTsWorker(LIST_WORKER, job);
  const inbox: ListMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: ListMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  try {
    worker.postMessage('pull');
    worker.postMessage('pull');
    for (;;) {
      while (inbox.length === 0 && failure === null && !exited) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const message = inbox.shift();
      if (!message) throw failure ?? new Error('the list worker stopped early');
      if (message.type === 'error') throw new Error(message.message);
      if (message.type === 'end') return;
      worker.postMessage('pull');
      yield message;
    }
  } finally {
    await worker.terminate();
  }
}

/** A list's CSV body (no header), written in a worker thread. */
export async function* csvFromWorker(job: Omit<ListJob, 'mode'>): AsyncGenerator<CsvBodyChunk> {
  for await (const message of listChunks({ ...job, mode: 'csv' })) {
    if (message.type === 'csv') yield { bytes: message.bytes, rows: message.rows };
  }
}

/** A list's file rows, read and mapped in a worker thread. */
export async function* rowsFromWorker(job: Omit<ListJob, 'mode'>): AsyncGenerator<Row[]> {
  for await (const message of listChunks({ ...job, mode: 'rows' })) {
    if (message.type === 'rows') yield message.rows;
  }
}
