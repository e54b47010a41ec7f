import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadExcelJs } from '../load-exceljs.ts';
import { numberText, typeCell } from './cells.ts';
import type { AboutLine } from './about.ts';
import type { CellType, ExportColumn, ExportTable, Lang, Row } from './table.ts';

export interface XlsxOptions {
  lang: Lang;
  header: 'labels' | 'keys';
  sheetNames: { data: string; about: string };
  /** Called once the data is written: the About sheet may state what the rows turned out to be. */
  about: (stats: XlsxStats) => AboutLine[] | Promise<AboutLine[]>;
  /** Sheets of text after the About sheet (the key messages). */
  sheets?: TextSheet[];
}

/** A small sheet of text: a bold header row, then rows (numbers stay numbers), text wrapped. */
export interface TextSheet {
  name: string;
  header: string[];
  widths: number[];
  rows: Row[];
}

export interface XlsxStats {
  rowCount: number;
  /** Money cells beyond 2^53 written as text (see docs/exports.md). */
  moneyAsText: number;
}

/** Excel's sheet limit, header row included. */
export const XLSX_MAX_ROWS = 1_048_576;

const NUMBER_FORMATS: Record<CellType, string | undefined> = {
  text: undefined,
  int: '#,##0',
  decimal: '#,##0.##',
  ratio: '0.0%',
  money: '#,##0',
  year: '0',
};

/** Rows written between turns of the event loop (~50 ms of exceljs work on a busy core). */
const YIELD_EVERY = 500;

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Column widths fitted to the header and the first chunk of rows (streamed lists fix them early). */
function fittedWidths(columns: ExportColumn[], headers: string[], sample: Row[]): number[] {
  return columns.map((c, i) => {
    let longest = (headers[i] ?? '').length;
    for (const row of sample) {
      const v = row[i];
      const length =
        v === null || v === undefined
          ? 0
          : typeof v === 'number'
            ? numberText(v).length + Math.floor(numberText(v).length / 3)
            : v.length;
      if (length > longest) longest = length;
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
  });
}

/** Uncompressed sheet XML allowed to wait for the zip compressor before rows pause. */
const SHEET_BACKLOG_BYTES = 4 << 20;

/** exceljs's StreamBuf, piped into archiver's streams (readable-stream 2: no writableLength). */
interface StreamBufLike {
  pipes?: (Writable & { _writableState?: { length?: number } })[];
}

/** The reader went away mid-file: the writer stops, and its row source is released. */
export class ExportCancelledError extends Error {
  override name = 'ExportCancelledError';
  constructor() {
    super('the client closed the connection before the file was complete');
  }
}

/** Resolves when `out` closes or fails (a destroyed socket emits no more 'drain'). */
function whenGone(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (out.destroyed) resolve();
    out.once('close', () => resolve());
    out.once('error', () => resolve());
  });
}

/**
 * Waits until the zip compressor has taken most of the sheet XML written so far, and the
 * socket has room. exceljs's sheet stream pushes its XML into the compressor without heeding
 * `write()`'s answer, so without this wait a fast producer queues the whole sheet in memory
 * (803 MB at 1M rows); reading the compressor's own buffer is the only backlog signal there is.
 * Every wait also ends when `out` goes away — a destroyed socket never drains, and waiting for
 * it kept the export's worker threads alive until restart (issue #17) — and then throws.
 */
async function drained(sheet: object, out: Writable, gone: Promise<void>): Promise<void> {
  const pipes = (sheet as unknown as { stream?: StreamBufLike }).stream?.pipes ?? [];
  const wait = (emitter: Writable) => Promise.race([once(emitter, 'drain'), gone]);
  for (const pipe of pipes) {
    const backlog = () => pipe.writableLength ?? pipe._writableState?.length ?? 0;
    while (backlog() > SHEET_BACKLOG_BYTES && !pipe.destroyed && !out.destroyed) {
      await wait(pipe);
    }
  }
  if (out.writableNeedDrain && !out.destroyed) await wait(out);
  if (out.destroyed) throw new ExportCancelledError();
}

/**
 * Writes the table as an .xlsx workbook to `out` with exceljs's streaming writer: a data sheet
 * (right-to-left in Persian, frozen header row, fitted widths, numbers as numeric cells, text as
 * text cells so nothing is evaluated as a formula) and an About sheet. Rows are committed as they
 * come and the writer waits for `out` to drain between chunks, so memory stays bounded.
 */
export async function writeXlsx(
  table: ExportTable,
  out: Writable,
  options: XlsxOptions,
): Promise<XlsxStats> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const rtl = options.lang === 'fa';
  const sheet = workbook.addWorksheet(options.sheetNames.data, {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: rtl }],
  });
  const { columns } = table;
  const headers = columns.map((c) => (options.header === 'keys' ? c.key : c.label[options.lang]));
  const stats: XlsxStats = { rowCount: 0, moneyAsText: 0 };
  let started = false;
  const gone = whenGone(out);

  const start = (sample: Row[]) => {
    const widths = fittedWidths(columns, headers, sample);
    sheet.columns = columns.map((c, i) => ({
      key: c.key,
      width: widths[i] ?? MIN_WIDTH,
      ...(NUMBER_FORMATS[c.type] ? { style: { numFmt: NUMBER_FORMATS[c.type] } } : {}),
    }));
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    started = true;
  };

  for await (const rows of table.chunks) {
    if (!started) start(rows);
    for (const row of rows) {
      if (stats.rowCount + 1 >= XLSX_MAX_ROWS) {
        throw new Error(`more than ${XLSX_MAX_ROWS - 1} rows do not fit in one Excel sheet`);
      }
      const values = columns.map((c, i) => {
        const cell = typeCell(row[i], c);
        switch (cell.kind) {
          case 'empty':
            return null;
          case 'number':
            return cell.value;
          case 'integer-text': {
            const n = Number(cell.value);
            if (Number.isSafeInteger(n)) return n;
            stats.moneyAsText++;
            return cell.value;
          }
          case 'text':
            return cell.value;
        }
      });
      sheet.addRow(values).commit();
      stats.rowCount++;
      // exceljs formats rows synchronously: let other requests in every few hundred rows.
      if (stats.rowCount % YIELD_EVERY === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (out.destroyed) throw new ExportCancelledError();
      }
    }
    await drained(sheet, out, gone);
  }
  if (!started) start([]);
  sheet.commit();

  const about = workbook.addWorksheet(options.sheetNames.about, {
    views: [{ rightToLeft: rtl }],
  });
  const lines = await options.about(stats);
  about.columns = [
    { width: Math.min(MAX_WIDTH, Math.max(...lines.map(([l]) => l.length), 10) + 2) },
    { width: MAX_WIDTH * 1.5, style: { alignment: { wrapText: true, vertical: 'top' } } },
  ];
  for (const line of lines) about.addRow(line).commit();
  about.commit();
  for (const text of options.sheets ?? []) {
    const ws = workbook.addWorksheet(text.name, { views: [{ rightToLeft: rtl }] });
    ws.columns = text.widths.map((width) => ({
      width,
      style: { alignment: { wrapText: true, vertical: 'top' } },
    }));
    const header = ws.addRow(text.header);
    header.font = { bold: true };
    header.commit();
    for (const row of text.rows) ws.addRow(row).commit();
    ws.commit();
  }
  // A socket destroyed now never emits the 'finish' exceljs waits for.
  await Promise.race([workbook.commit(), gone]);
  if (!out.writableFinished && out.destroyed) throw new ExportCancelledError();
  return stats;
}
