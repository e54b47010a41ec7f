import { INTEGER_TEXT, neutraliseText, numberText } from './cells.ts';
import type { ExportColumn, ExportTable, Lang, Row } from './table.ts';

export interface CsvOptions {
  lang: Lang;
  /** Header row: column names in `lang`, or the stable machine keys. */
  header: 'labels' | 'keys';
  /** Start with a UTF-8 byte-order mark (Excel then decodes Persian as UTF-8). */
  bom: boolean;
}

const BOM = '\ufeff';

/**
 * One cell as CSV text (the cell kinds of cells.ts, written without allocating a TypedCell: this
 * runs for every cell of a 10M-row list).
 */
function field(value: Row[number] | undefined, column: ExportColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : '';
  if (column.type === 'money' && INTEGER_TEXT.test(value)) return value;
  return neutraliseText(value);
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record as a CSV line with its CRLF. */
export function csvLine(row: Row, columns: readonly ExportColumn[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as ExportColumn;
    if (i > 0) line += ',';
    line += csvField(field(row[i], column));
  }
  return `${line}\r\n`;
}

/** Past this many distinct values a column's cache is dropped: it was not repetitive after all. */
const CACHE_LIMIT = 50_000;

/**
 * csvLine for many rows of the same columns (the raw lists): the CSV text of `repeats` columns
 * is computed once per distinct value. Same output as csvLine, a tested invariant.
 */
export function csvLineWriter(columns: readonly ExportColumn[]): (row: Row) => string {
  const caches = columns.map((c) =>
    c.repeats ? new Map<Row[number] | undefined, string>() : null,
  );
  return (row) => {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      const value = row[i];
      const cache = caches[i];
      let text = cache?.get(value);
      if (text === undefined) {
        text = csvField(field(value, columns[i] as ExportColumn));
        if (cache) {
          if (cache.size >= CACHE_LIMIT) cache.clear();
          cache.set(value, text);
        }
      }
      line += text;
    }
    return `${line}\r\n`;
  };
}

// Hand-written rather than csv-stringify: RFC 4180 needs only csvField, and a 10M-row list
// spends most of its time here (csv-stringify costs ~30 µs a row of 21 fields, this ~1 µs).
function lines(rows: Row[], columns: readonly ExportColumn[]): string {
  let out = '';
  for (const row of rows) out += csvLine(row, columns);
  return out;
}

/**
 * The table as RFC 4180 CSV text in chunks (one per row chunk): UTF-8, optional BOM, CRLF line
 * ends, quotes only where needed, numbers unformatted with Latin digits, text neutralised
 * against formula injection. Consumed lazily, so a streamed list is never held whole.
 */
export async function* csvChunks(
  table: ExportTable,
  options: CsvOptions,
): AsyncGenerator<string | Uint8Array> {
  const { columns } = table;
  const header = columns.map((c) => (options.header === 'keys' ? c.key : c.label[options.lang]));
  const headerColumns = columns.map((c) => ({ ...c, type: 'text' as const }));
  yield (options.bom ? BOM : '') + csvLine(header, headerColumns);
  // A list read in a worker thread arrives already written there, by csvLine as well.
  if (table.csvBody) {
    for await (const chunk of table.csvBody()) yield chunk.bytes;
    return;
  }
  for await (const rows of table.chunks) {
    if (rows.length === 0) continue;
    yield lines(rows, columns);
  }
}
