import { parentPort, workerData } from 'node:worker_threads';
import { scanRawList } from '../queries/raw-scan.ts';
import { csvLine } from './csv-writer.ts';
import type { ListJob, ListMessage } from './list-stream.ts';
import { grantRowMapper, unitRowMapper } from './list-rows.ts';
import type { Row } from './table.ts';

// Worker thread entry (see list-stream.ts): scans one list on its own read-only connection and
// answers each 'pull' with the next chunk, written here (CSV) or as rows (Excel). Nothing is read
// ahead of the pulls, so a slow client holds back the scan instead of filling memory.

const job = workerData as ListJob;
const mapRow: (t: unknown[]) => Row =
  job.kind === 'units'
    ? (unitRowMapper(job.names) as (t: unknown[]) => Row)
    : (grantRowMapper(job.names) as (t: unknown[]) => Row);
const tuples = scanRawList(job.file, job.query);
const encoder = new TextEncoder();
let finished = false;

function nextChunk(): ListMessage {
  if (finished) return { type: 'end' };
  let count = 0;
  let text = '';
  const rows: Row[] = [];
  for (; count < job.batchRows; count++) {
    const next = tuples.next();
    if (next.done) {
      finished = true;
      break;
    }
    const row = mapRow(next.value);
    if (job.mode === 'csv') text += csvLine(row, job.columns);
    else rows.push(row);
  }
  if (count === 0) return { type: 'end' };
  return job.mode === 'csv'
    ? { type: 'csv', bytes: encoder.encode(text), rows: count }
    : { type: 'rows', rows };
}

parentPort?.on('message', () => {
  let message: ListMessage;
  try {
    message = nextChunk();
  } catch (error) {
    finished = true;
    message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (message.type === 'csv') parentPort?.postMessage(message, [message.bytes.buffer as ArrayBuffer]);
  else parentPort?.postMessage(message);
});
