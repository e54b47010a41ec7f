import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../load-exceljs.ts';
import type { RowChunk } from './source.ts';

const ROWS_PER_CHUNK = 2000;
/**
 * Workbooks up to this size are read whole: exceljs's streaming reader cannot name sheets when
 * the workbook part comes after them in the zip (as exceljs itself writes), and such files are
 * small enough to hold. Larger ones (Excel puts the workbook part first) are streamed.
 */
const WHOLE_READ_BYTES = 32 * 1024 * 1024;

/** One worksheet of a workbook: its name and header row (first non-empty row). */
export interface SheetInfo {
  name: string;
  header: string[];
}

/** Excel cell values as the text a CSV would hold; dates as ISO (Gregorian) days. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return '';
}

function rowCells(values: unknown): string[] {
  // exceljs rows are 1-based sparse arrays
  const arr = Array.isArray(values) ? (values as unknown[]) : [];
  const cells: string[] = [];
  for (let i = 1; i < arr.length; i++) cells.push(cellText(arr[i]));
  return cells;
}

async function openWorkbook(path: string, onBytes: (n: number) => void) {
  const ExcelJS = await loadExcelJs();
  const stream = createReadStream(path);
  stream.on('data', (chunk) => onBytes(chunk.length));
  return new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
}

type StreamedSheet = AsyncIterable<{ values: unknown; number: number }> & { name: string };

/**
 * Lists a workbook's sheets with their header rows; `streamable` tells readSheetChunks whether
 * to stream the file or read it whole (see WHOLE_READ_BYTES).
 */
export async function listSheets(
  path: string,
): Promise<{ sheets: SheetInfo[]; streamable: boolean }> {
  if ((await stat(path)).size <= WHOLE_READ_BYTES) return listWhole(path);
  try {
    const sheets: SheetInfo[] = [];
    for await (const ws of await openWorkbook(path, () => undefined)) {
      const sheet = ws as unknown as StreamedSheet;
      let header: string[] = [];
      for await (const row of sheet) {
        const cells = rowCells(row.values);
        if (cells.some((c) => c.trim() !== '')) {
          header = cells;
          break;
        }
      }
      sheets.push({ name: sheet.name, header });
    }
    return { sheets, streamable: true };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return listWhole(path);
  }
}

async function listWhole(path: string): Promise<{ sheets: SheetInfo[]; streamable: boolean }> {
  const wb = await readWhole(path);
  const sheets = wb.worksheets.map((ws) => {
    let header: string[] = [];
    ws.eachRow((row) => {
      if (header.length === 0) {
        const cells = rowCells(row.values);
        if (cells.some((c) => c.trim() !== '')) header = cells;
      }
    });
    return { name: ws.name, header };
  });
  return { sheets, streamable: false };
}

async function readWhole(path: string): Promise<ExcelJS.Workbook> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/**
 * Streams one sheet as chunks of records (the header row included, with its real row number);
 * the other sheets are skipped.
 */
export async function* readSheetChunks(
  path: string,
  sheetName: string,
  streamable: boolean,
): AsyncGenerator<RowChunk> {
  let rows: string[][] = [];
  let numbers: number[] = [];
  if (!streamable) {
    const ws = (await readWhole(path)).getWorksheet(sheetName);
    ws?.eachRow((row, n) => {
      rows.push(rowCells(row.values));
      numbers.push(n);
    });
    yield { rows, numbers, bytes: 0, unterminated: false };
    return;
  }
  let bytes = 0;
  for await (const ws of await openWorkbook(path, (n) => (bytes += n))) {
    const sheet = ws as unknown as StreamedSheet;
    if (sheet.name !== sheetName) continue;
    for await (const row of sheet) {
      rows.push(rowCells(row.values));
      numbers.push(row.number);
      if (rows.length >= ROWS_PER_CHUNK) {
        yield { rows, numbers, bytes, unterminated: false };
        rows = [];
        numbers = [];
      }
    }
    yield { rows, numbers, bytes, unterminated: false };
  }
}
