import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { readValidated } from './read-validated.ts';
import { IssueCollector } from './report.ts';
import { packRows, transferablesOf } from './row-batch.ts';
import type { ValidateJob, ValidateMessage, ValidateRequest } from './validate-in-worker.ts';

// Worker thread entry (see validate-in-worker.ts), kept in a pool: reads and validates one large
// part per job while the main thread writes the batches it already sent. At most `job.inFlight`
// batches wait unwritten, so a slow database holds the reading back instead of filling memory.

const port = parentPort;
if (!port) throw new Error('validate-worker.ts runs only as a worker thread');

let credits = 0;
let wake: (() => void) | null = null;
port.on('message', (m: ValidateRequest) => {
  if (m === 'ack') {
    credits++;
    wake?.();
    wake = null;
    return;
  }
  credits = m.job.inFlight;
  void validate(m.job);
});

async function send(message: ValidateMessage, transfer: ArrayBuffer[] = []): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port?.postMessage(message, transfer);
}

async function validate(job: ValidateJob): Promise<void> {
  const issues = new IssueCollector();
  const counts = { rows: 0, rejected: 0 };
  const hash = job.hash ? createHash('sha256') : null;
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
    port?.postMessage({
      type: 'end',
      counts: { ...counts },
      issues: issues.takeNew(),
      sha256: hash ? hash.digest('hex') : null,
    } satisfies ValidateMessage);
  } catch (error) {
    port?.postMessage({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies ValidateMessage);
  }
}
