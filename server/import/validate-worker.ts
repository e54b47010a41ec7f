import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { readValidated } from './read-validated.ts';
import { IssueCollector } from './report.ts';
import { packRows, transferablesOf } from './row-batch.ts';
import type { ValidateJob, ValidateMessage } from './validate-in-worker.ts';

// Worker thread entry (see validate-in-worker.ts): reads and validates one large part while the
// main thread writes the batches it already sent. At most `job.inFlight` batches wait unwritten,
// so a slow database holds the reading back instead of filling memory.

const job = workerData as ValidateJob;
const port = parentPort;
if (!port) throw new Error('validate-worker.ts runs only as a worker thread');

let credits = job.inFlight;
let wake: (() => void) | null = null;
port.on('message', (m: unknown) => {
  if (m !== 'ack') return;
  credits++;
  wake?.();
  wake = null;
});

const issues = new IssueCollector();
const counts = { rows: 0, rejected: 0 };
const hash = job.hash ? createHash('sha256') : null;

async function send(message: ValidateMessage, transfer: ArrayBuffer[] = []): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port?.postMessage(message, transfer);
}

try {
  await readValidated(
    job.part,
    job.lookups,
    issues,
    counts,
    hash,
    job.batchRows,
    (batch, bytes) => {
      const packed = packRows(batch);
      return send(
        { type: 'batch', packed, bytes, counts: { ...counts }, issues: issues.takeNew() },
        transferablesOf(packed),
      );
    },
  );
  port.postMessage({
    type: 'end',
    counts: { ...counts },
    issues: issues.takeNew(),
    sha256: hash ? hash.digest('hex') : null,
  } satisfies ValidateMessage);
} catch (error) {
  port.postMessage({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies ValidateMessage);
}
