import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';
import { getDimensions } from '../queries/dimensions.ts';
import type { QueryPool } from '../engine/workers/worker-pool.ts';
import { FilterValidationError } from '../engine/filters/errors.ts';
import { resolveFilters } from '../engine/filters/resolve-filters.ts';
import { ABOUT_SHEET, aboutLines, DATA_SHEET } from './about.ts';
import { csvChunks } from './csv-writer.ts';
import { exportTimeOf } from '../domain/export-time.ts';
import { jalaliToday } from '../domain/jalali.ts';
import { exportFileName } from './file-name.ts';
import { keyMessagesSheet } from './key-messages-sheet.ts';
import { ExportRequestError, type ExportRequest } from './request.ts';
import type { ExportTable } from './table.ts';
import { buildTable } from './views/index.ts';
import { countList, type ListReadOptions } from './views/lists.ts';
import { writeXlsx, XLSX_MAX_ROWS } from './xlsx-writer.ts';

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** Writes the file to `out` and ends it; lists stream page by page with backpressure. */
  write(out: Writable): Promise<void>;
  /** Data rows written so far (the audit log records it after `write`). */
  rowsWritten(): number;
}

export interface ExportOptions {
  /** The export moment (tests pass a fixed clock). */
  now?: Date;
  /** Rows an Excel sheet may hold, header included (tests lower Excel's 1,048,576). */
  maxSheetRows?: number;
  /** How the raw lists are read (tests force the worker threads on small data). */
  lists?: ListReadOptions;
  /**
   * The server's query workers: breakdowns, drills and impact that read the facts or the raw
   * tables run there, as for the page, never on the event loop (a drill of every unit at
   * `large` otherwise held it for seconds).
   */
  pool?: QueryPool;
}

/**
 * Validates a request against the database and the caller's scope, and returns the file to
 * write. Everything that can be the caller's fault (unknown park, a list too long for one Excel
 * sheet) throws ExportRequestError here, before a byte is sent.
 */
export async function prepareExport(
  db: Kysely<Database>,
  scope: Scope,
  request: ExportRequest,
  options: ExportOptions = {},
): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const time = exportTimeOf(now);
  try {
    const [rf, dimensions] = await Promise.all([
      resolveFilters(db, scope, request.filters),
      getDimensions(db, scope),
    ]);
    if (request.format === 'xlsx') {
      await refuseOversizeSheet(db, scope, request, options);
    }
    const counter = { rows: 0 };
    const today = jalaliToday(now);
    const [built, messages] = await Promise.all([
      buildTable(
        db,
        scope,
        request,
        today,
        options.lists,
        options.pool ? { pool: options.pool } : {},
      ),
      request.format === 'xlsx'
        ? keyMessagesSheet(db, scope, request.filters, request, today)
        : null,
    ]);
    const table = countingRows(built, counter);
    const range = { from: rf.from, to: rf.to };
    const fileName = exportFileName(request, range, time.jalaliDate);
    return {
      fileName,
      contentType: CONTENT_TYPES[request.format],
      rowsWritten: () => counter.rows,
      async write(out) {
        if (request.format === 'csv') {
          // One chunk in flight: the socket's own buffer is the only queue.
          await pipeline(Readable.from(csvChunks(table, request), { highWaterMark: 1 }), out);
          return;
        }
        await writeXlsx(table, out, {
          lang: request.lang,
          header: request.header,
          sheetNames: { data: DATA_SHEET[request.lang], about: ABOUT_SHEET[request.lang] },
          sheets: messages ? [messages] : [],
          about: (stats) =>
            aboutLines({
              request,
              columns: table.columns,
              dimensions,
              range,
              scope,
              time,
              rowCount: stats.rowCount,
              moneyAsText: stats.moneyAsText,
            }),
        });
      },
    };
  } catch (error) {
    if (error instanceof FilterValidationError) {
      throw new ExportRequestError(400, error.message, error.message);
    }
    throw error;
  }
}

/** The same table, counting its rows as the writer consumes them. */
function countingRows(table: ExportTable, counter: { rows: number }): ExportTable {
  const source = table.chunks;
  const body = table.csvBody;
  return {
    columns: table.columns,
    chunks: (async function* () {
      for await (const chunk of source) {
        counter.rows += chunk.length;
        yield chunk;
      }
    })(),
    ...(body
      ? {
          csvBody: async function* () {
            for await (const chunk of body()) {
              counter.rows += chunk.rows;
              yield chunk;
            }
          },
        }
      : {}),
  };
}

/**
 * A raw list longer than one sheet is refused up front (422, before a byte is sent) rather than
 * cut short or split across sheets: a split sheet cannot be sorted or filtered as one, and CSV
 * holds any length.
 */
async function refuseOversizeSheet(
  db: Kysely<Database>,
  scope: Scope,
  request: ExportRequest,
  options: ExportOptions,
): Promise<void> {
  const maxRows = options.maxSheetRows ?? XLSX_MAX_ROWS;
  let rows: number;
  if (request.view === 'units') {
    rows = await countList(db, scope, request.filters, { kind: 'units' }, options.lists);
  } else if (request.view === 'grants') {
    const spec = { kind: 'grants', statuses: request.options.status } as const;
    rows = await countList(db, scope, request.filters, spec, options.lists);
  } else return;
  if (rows >= maxRows) {
    throw new ExportRequestError(
      422,
      `${rows} rows do not fit in one Excel sheet (${maxRows - 1} at most): download CSV or narrow the filters`,
      `${rows.toLocaleString('fa-IR')} سطر در یک برگه اکسل جا نمی‌شود (حداکثر ${(maxRows - 1).toLocaleString('fa-IR')}): خروجی CSV بگیرید یا فیلترها را محدودتر کنید`,
    );
  }
}
