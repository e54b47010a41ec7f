import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import type { Scope } from '../../server/domain/scope.ts';
import { prepareExport, type ExportOptions } from '../../server/export/export-file.ts';
import { parseExportRequest } from '../../server/export/request.ts';
import { csvChunks, type CsvOptions } from '../../server/export/csv-writer.ts';
import type { ExportTable } from '../../server/export/table.ts';

/** The fixed clock of the export tests: 2026-11-27 22:10 UTC = 1405/09/07 01:40 in Tehran. */
export const NOW = new Date('2026-11-27T22:10:00Z');

export interface ExportedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** Runs an export the way the HTTP route does and collects the file. */
export async function exportFile(
  db: Kysely<Database>,
  scope: Scope,
  file: string,
  query = '',
  options: Omit<ExportOptions, 'now'> = {},
): Promise<ExportedFile> {
  const request = parseExportRequest(file, new URLSearchParams(query));
  const prepared = await prepareExport(db, scope, request, { ...options, now: NOW });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await prepared.write(out);
  return {
    fileName: prepared.fileName,
    contentType: prepared.contentType,
    bytes: Buffer.concat(chunks),
  };
}

/** CSV bytes parsed back (BOM stripped) into the header and the records, all strings. */
export function parseCsv(bytes: Buffer): { header: string[]; rows: string[][] } {
  const records = parse(bytes, { bom: true, relax_column_count: false });
  const [header = [], ...rows] = records;
  return { header, rows };
}

/** A table's CSV text. */
export async function csvText(table: ExportTable, options: CsvOptions): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of csvChunks(table, options)) {
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** An .xlsx file read back with exceljs. */
export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as arrays of raw cell values (index 0 = column A). */
export function sheetRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(row.getCell(c).value);
    rows.push(values);
  });
  return rows;
}
