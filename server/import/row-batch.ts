// Validated rows packed for the trip from the validation worker to the writing thread: numbers in
// one transferable Float64Array, strings in one array, a kind byte per value. Cloning a batch
// this way costs a fraction of cloning thousands of small row arrays and objects.
import type { PendingRow } from './write-specs.ts';

const NULL = 0;
const NUMBER = 1;
const STRING = 2;

export interface PackedRows {
  count: number;
  /** Values per row. */
  width: number;
  kinds: Uint8Array;
  numbers: Float64Array;
  strings: string[];
  /** Spreadsheet row number of each row. */
  rows: Float64Array;
  labels: string[];
}

/** Packs rows whose values are numbers, strings or null (as every validator produces). */
export function packRows(batch: readonly PendingRow[]): PackedRows {
  const width = batch[0]?.values.length ?? 0;
  const kinds = new Uint8Array(batch.length * width);
  const numbers = new Float64Array(batch.length * width);
  const strings: string[] = [];
  const rows = new Float64Array(batch.length);
  const labels: string[] = [];
  let k = 0;
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i] as PendingRow;
    const v = r.values;
    if (v.length !== width) throw new Error(`row ${r.row}: ${v.length} values, expected ${width}`);
    for (let j = 0; j < width; j++, k++) {
      const x = v[j];
      if (typeof x === 'number') {
        kinds[k] = NUMBER;
        numbers[k] = x;
      } else if (typeof x === 'string') {
        kinds[k] = STRING;
        strings.push(x);
      } else if (x === null || x === undefined) {
        kinds[k] = NULL;
      } else throw new Error(`row ${r.row}: cannot pack a ${typeof x} value`);
    }
    rows[i] = r.row;
    labels.push(r.label);
  }
  return { count: batch.length, width, kinds, numbers, strings, rows, labels };
}

/** The rows packRows packed, each with outcome 'inserted' until it is written. */
export function unpackRows(p: PackedRows): PendingRow[] {
  const out: PendingRow[] = new Array<PendingRow>(p.count);
  let k = 0;
  let s = 0;
  for (let i = 0; i < p.count; i++) {
    const values = new Array<unknown>(p.width);
    for (let j = 0; j < p.width; j++, k++) {
      const kind = p.kinds[k];
      values[j] = kind === NUMBER ? p.numbers[k] : kind === STRING ? p.strings[s++] : null;
    }
    out[i] = { values, row: p.rows[i] ?? 0, label: p.labels[i] ?? '', outcome: 'inserted' };
  }
  return out;
}

/** The buffers a packed batch can hand over instead of copying. */
export function transferablesOf(p: PackedRows): ArrayBuffer[] {
  return [p.kinds.buffer, p.numbers.buffer, p.rows.buffer] as ArrayBuffer[];
}
