import { parentPort, workerData } from 'node:worker_threads';
import { prepareRawList } from '../queries/raw-list-reader.ts';
import { csvLineWriter } from './csv-writer.ts';
import type { ListJob, ListMessage, Stripe } from './list-stream.ts';
import { grantRowMapper, unitRowMapper } from './list-rows.ts';
import type { Row } from './table.ts';

// Worker thread entry (see list-stream.ts): answers each stripe (an id range) of one list with its
// rows, written here as CSV bytes or mapped to file rows (Excel). Only stripes the consumer asked
// for are read, so a slow client holds back the scan instead of filling memory.

const job = workerData as ListJob;
const mapRow = (job.kind === 'units' ? unitRowMapper(job.names) : grantRowMapper(job.names)) as (
  t: unknown[],
) => Row;
const list = prepareRawList(job.file, job.query);
const csvLine = csvLineWriter(job.columns);

/** Starting size of a stripe's CSV buffer (4000 grants of every status fit); it grows for long lines. */
const START_BYTES = 2 << 20;

function csvOf(stripe: Stripe): ListMessage {
  let buffer = Buffer.allocUnsafeSlow(START_BYTES);
  let used = 0;
  let rows = 0;
  for (const tuple of list.range(stripe.lo, stripe.hi)) {
    // Each line is encoded as it is written: encoding one long concatenated string instead costs
    // about ten times more (the rope is flattened, then scanned again).
    const line = csvLine(mapRow(tuple));
    const room = line.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    if (used + room > buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, used + room));
      buffer.copy(bigger, 0, 0, used);
      buffer = bigger;
    }
    used += buffer.write(line, used);
    rows++;
  }
  return { type: 'csv', bytes: new Uint8Array(buffer.buffer, 0, used), rows };
}

function rowsOf(stripe: Stripe): ListMessage {
  const rows: Row[] = [];
  for (const tuple of list.range(stripe.lo, stripe.hi)) rows.push(mapRow(tuple));
  return { type: 'rows', rows };
}

parentPort?.on('message', (stripe: Stripe) => {
  let message: ListMessage;
  try {
    message =
      job.mode === 'csv'
        ? csvOf(stripe)
        : job.mode === 'rows'
          ? rowsOf(stripe)
          : { type: 'count', rows: list.count(stripe.lo, stripe.hi) };
  } catch (error) {
    message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (message.type === 'csv')
    parentPort?.postMessage(message, [message.bytes.buffer as ArrayBuffer]);
  else parentPort?.postMessage(message);
});
