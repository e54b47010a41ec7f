import { parentPort } from 'node:worker_threads';
import { prepareRawList, type RawListReader } from '../engine/sql/raw-list-reader.ts';
import { csvLineWriter } from './csv-writer.ts';
import type { ListJob, ListMessage, ListWorkerRequest, Stripe } from './list-stream.ts';
import { grantRowMapper, unitRowMapper } from './list-rows.ts';
import type { Row } from './table.ts';

// Worker thread entry (see list-stream.ts), kept in a pool: each job names a list; each stripe
// (an id range) is answered with its rows, written here as CSV bytes or mapped to file rows
// (Excel). Only stripes the consumer asked for are read, so a slow client holds back the scan
// instead of filling memory.

interface Current {
  job: ListJob;
  mapRow: (t: unknown[]) => Row;
  list: RawListReader;
  csvLine: (row: Row) => string;
}
let current: Current | null = null;

function startJob(job: ListJob): void {
  current?.list.close();
  current = null;
  current = {
    job,
    mapRow: (job.kind === 'units' ? unitRowMapper(job.names) : grantRowMapper(job.names)) as (
      t: unknown[],
    ) => Row,
    list: prepareRawList(job.file, job.query),
    csvLine: csvLineWriter(job.columns),
  };
}

/** Starting size of a stripe's CSV buffer (4000 grants of every status fit); it grows for long lines. */
const START_BYTES = 2 << 20;

function csvOf({ list, mapRow, csvLine }: Current, stripe: Stripe): ListMessage {
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

function rowsOf({ list, mapRow }: Current, stripe: Stripe): ListMessage {
  const rows: Row[] = [];
  for (const tuple of list.range(stripe.lo, stripe.hi)) rows.push(mapRow(tuple));
  return { type: 'rows', rows };
}

let jobError: string | null = null;

parentPort?.on('message', (request: ListWorkerRequest) => {
  if (request.type === 'job') {
    try {
      jobError = null;
      startJob(request.job);
    } catch (error) {
      jobError = error instanceof Error ? error.message : String(error);
    }
    return;
  }
  let message: ListMessage;
  try {
    if (!current || jobError !== null) throw new Error(jobError ?? 'a stripe before its job');
    const { job, list } = current;
    message =
      job.mode === 'csv'
        ? csvOf(current, request)
        : job.mode === 'rows'
          ? rowsOf(current, request)
          : { type: 'count', rows: list.count(request.lo, request.hi) };
  } catch (error) {
    message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (message.type === 'csv')
    parentPort?.postMessage(message, [message.bytes.buffer as ArrayBuffer]);
  else parentPort?.postMessage(message);
});
