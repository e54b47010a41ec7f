import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { RowChunk } from './source.ts';

const ROWS_PER_CHUNK = 2000;

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

function openWorkbook(path: string, onBytes: (n: number, chunk: Buffer) => void) {
  const stream = createReadStream(path);
  stream.on('data', (chunk) => onBytes(chunk.length, chunk as Buffer));
  return new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
}

/** Lists a workbook's sheets with their header rows, hashing the file on the way. */
export async function listSheets(
  path: string,
  hash: Hash = createHash('sha256'),
): Promise<SheetInfo[]> {
  const sheets: SheetInfo[] = [];
  const reader = openWorkbook(path, (_n, chunk) => hash.update(chunk));
  for await (const ws of reader) {
    const sheet = ws as unknown as AsyncIterable<{ values: unknown }> & { name: string };
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
  return sheets;
}

/**
 * Streams one sheet as chunks of records (the header row included, with its real row number);
 * the other sheets are skipped.
 */
export async function* readSheetChunks(path: string, sheetName: string): AsyncGenerator<RowChunk> {
  let bytes = 0;
  const reader = openWorkbook(path, (n) => {
    bytes += n;
  });
  for await (const ws of reader) {
    const sheet = ws as unknown as AsyncIterable<{ values: unknown; number: number }> & {
      name: string;
    };
    if (sheet.name !== sheetName) continue;
    let rows: string[][] = [];
    let numbers: number[] = [];
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
