import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { MAX_IMPORT_BYTES } from '../domain/import-limits.ts';
import { databaseLocationOf } from '../db/whereabouts.ts';
import { loadEnv } from '../env.ts';
import { listImports, recordImport } from '../import/history.ts';
import { writeOrDefer } from '../stores/deferred-writes.ts';
import {
  acquireImportLease,
  LEASE_RENEW_MS,
  leaseLabel,
  type HeldLease,
  type LeaseHolderInfo,
} from '../stores/import-lease.ts';
import type { EncodingChoice } from '../import/read-csv.ts';
import type { ImportReport } from '../import/report.ts';
import type { ImportOptions, ImportProgress } from '../import/run-import.ts';
import { runImportInThread } from '../import/run-import-in-thread.ts';
import { templateCsv } from '../import/template-csv.ts';
import { isImportEntity, TEMPLATES } from '../import/templates.ts';
import { forgetReferenceMaps } from '../engine/facts/reference-lookup.ts';
import { forgetRollupState } from '../engine/rollups/rollups.ts';
import { HttpError, NOT_FOUND, PAYLOAD_TOO_LARGE, requestIdOf, sendJson } from './http-error.ts';
import type { Route, RouteContext } from './routes.ts';

/** 409 naming who holds the import lease (another tab, another admin, the CLI, another server). */
const BUSY = (holder: LeaseHolderInfo | null): HttpError =>
  new HttpError(
    409,
    'IMPORT_RUNNING',
    `Another import is running${holder ? ` (${holder.label}, since ${holder.acquiredAt})` : ''}; nothing was imported. Try again when it has finished`,
    `ورود داده دیگری در حال انجام است${holder ? ` (${holder.label}، از ${holder.acquiredAt})` : ''}؛ چیزی وارد نشد. پس از پایان آن دوباره بکوشید`,
  );

const UPLOAD_STALLED = (idleMs: number): HttpError =>
  new HttpError(
    408,
    'UPLOAD_STALLED',
    `The upload stopped sending for ${idleMs / 1000} seconds; nothing was imported. Send the file again`,
    `ارسال فایل ${(idleMs / 1000).toLocaleString('fa-IR')} ثانیه متوقف ماند؛ چیزی وارد نشد. فایل را دوباره بفرستید`,
  );

/** An upload that sends nothing for this long is dropped, and its lease released (default). */
export const UPLOAD_IDLE_MS = 30_000;
const NO_FILE_NAME = new HttpError(
  400,
  'NO_FILE_NAME',
  'Send the file name in the X-File-Name header (URL-encoded), ending in .csv or .xlsx',
  'نام فایل را در سرآیند X-File-Name بفرستید (با پسوند csv یا xlsx)',
);
const BAD_FILE_LIST = new HttpError(
  400,
  'BAD_FILE_LIST',
  'Several files go as X-File-Names (URL-encoded names, comma-separated, at most 20, each .csv or .xlsx) with X-File-Sizes (their byte sizes, in the same order) and the files one after another as the body',
  'چند فایل با سرآیند X-File-Names (نام‌ها، کدگذاری‌شده برای URL و جدا با ویرگول، حداکثر ۲۰، هر یک csv یا xlsx) و X-File-Sizes (اندازه هر فایل به بایت، به همان ترتیب) و خود فایل‌ها پشت سر هم در بدنه فرستاده می‌شوند',
);
const SIZE_MISMATCH = new HttpError(
  400,
  'FILE_SIZES_MISMATCH',
  'The body is not as long as X-File-Sizes says; nothing was imported',
  'طول بدنه با X-File-Sizes نمی‌خواند؛ چیزی وارد نشد',
);
const MAX_FILES = 20;
const IMPORTABLE = /\.(csv|txt|tsv|xlsx)$/i;

const BAD_ENCODING = new HttpError(
  400,
  'BAD_ENCODING',
  'encoding must be utf8 or windows-1256',
  'کدگذاری باید utf8 یا windows-1256 باشد',
);

/** Upload directories are `hemayat-import-<pid>-…`, so a restart can tell its dead ones apart. */
export const UPLOAD_DIR_PREFIX = 'hemayat-import-';

interface Upload {
  name: string;
  /** Byte size, or null for a single file (the whole body). */
  size: number | null;
}

/**
 * The files a request carries: one (`X-File-Name`, the whole body) or several (`X-File-Names`
 * and `X-File-Sizes`, the files back to back in the body, so a browser sends them as one Blob
 * and they are imported in one transaction).
 */
function uploadsOf(req: IncomingMessage): Upload[] {
  const many = req.headers['x-file-names'];
  if (typeof many === 'string') {
    const names = many.split(',').map((n) => safeDecode(n.trim()));
    const sizes = String(req.headers['x-file-sizes'] ?? '').split(',');
    if (
      names.length === 0 ||
      names.length > MAX_FILES ||
      sizes.length !== names.length ||
      names.some((n) => !IMPORTABLE.test(n)) ||
      sizes.some((s) => !/^\d{1,12}$/.test(s.trim()))
    )
      throw BAD_FILE_LIST;
    return names.map((name, i) => ({ name, size: Number(sizes[i]) }));
  }
  const header = req.headers['x-file-name'];
  const name = typeof header === 'string' ? safeDecode(header) : '';
  if (!IMPORTABLE.test(name)) throw NO_FILE_NAME;
  return [{ name, size: null }];
}

/**
 * Streams the body to one temporary file per upload (split at the declared sizes), never
 * holding it in memory. A body longer or shorter than declared fails before any import.
 */
async function receiveFiles(
  req: IncomingMessage,
  dir: string,
  uploads: Upload[],
  idleMs: number,
): Promise<string[]> {
  const paths = uploads.map((u, i) => join(dir, `upload-${i}${extname(u.name).toLowerCase()}`));
  const sized = uploads[0]?.size !== null && uploads[0]?.size !== undefined;
  const total = uploads.reduce((sum, u) => sum + (u.size ?? 0), 0);
  if (total > MAX_IMPORT_BYTES) throw PAYLOAD_TOO_LARGE(MAX_IMPORT_BYTES);
  // every file exists, an empty one (size 0) included
  await Promise.all(paths.map((p) => writeFile(p, '')));
  let index = 0;
  let left = sized ? (uploads[0]?.size ?? 0) : Number.POSITIVE_INFINITY;
  let out = await open(paths[0] ?? '', 'w');
  let received = 0;
  // A client that stops sending (socket held open) would otherwise hold the import lease until
  // Node's request timeout, and then past it: the body's iterator never ends.
  let idle: NodeJS.Timeout | null = null;
  const watch = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => req.destroy(UPLOAD_STALLED(idleMs)), idleMs);
  };
  watch();
  try {
    for await (const data of req as AsyncIterable<Buffer>) {
      watch();
      received += data.length;
      if (received > MAX_IMPORT_BYTES) throw PAYLOAD_TOO_LARGE(MAX_IMPORT_BYTES);
      let chunk = data;
      while (chunk.length > 0) {
        while (left === 0) {
          index++;
          if (index >= uploads.length) throw SIZE_MISMATCH; // more bytes than declared
          await out.close();
          out = await open(paths[index] ?? '', 'w');
          left = uploads[index]?.size ?? 0;
        }
        const take = Math.min(left, chunk.length);
        await out.write(chunk.subarray(0, take));
        left -= take;
        chunk = chunk.subarray(take);
      }
    }
  } finally {
    if (idle) clearTimeout(idle);
    await out.close();
  }
  if (sized && received !== total) throw SIZE_MISMATCH; // fewer bytes than declared
  return paths;
}

/** What a client is told of an import's own fault (a driver's "database is locked", SQL). */
const INTERNAL_FAILURE =
  'The import stopped on a server fault and wrote nothing; the details are in the server log / ورود داده با خطای سرور متوقف شد و چیزی ننوشت؛ جزئیات در گزارش سرور ثبت شده است';

/**
 * The report as a client may see it: a failure's own text (a driver's "database is locked", SQL)
 * goes to the server log under the request id (the answer's X-Request-Id), the client a message
 * in both languages.
 */
function publicReport(report: ImportReport, requestId: string | null): ImportReport {
  if (report.failure === null) return report;
  console.error(`[import] failed (request ${requestId ?? '?'}):`, report.failure);
  return { ...report, failure: INTERNAL_FAILURE };
}

/**
 * Runs an import for a request and answers with its report: one JSON document, or, when the
 * client accepts `application/x-ndjson`, progress lines (`{"progress":…}`) then `{"report":…}`.
 */
async function answerImport(
  ctx: RouteContext,
  options: Omit<ImportOptions, 'url' | 'schema' | 'onProgress'>,
  lease: HeldLease,
): Promise<void> {
  const { req, res, db } = ctx;
  const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
  // The import opens its own connection to the database this server serves.
  const target = await databaseLocationOf(db, loadEnv().DATABASE_URL);
  const afterCommit = (r: ImportReport): void => {
    // the import wrote through its own connection: this handle's cached state is stale
    if (r.committed) {
      forgetRollupState(db);
      forgetReferenceMaps(db);
    }
  };
  let report: ImportReport;
  if (streaming) {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const onProgress = (p: ImportProgress): void => {
      res.write(`${JSON.stringify({ progress: p })}\n`);
    };
    report = await runImportInThread({ ...target, ...options, onProgress });
    afterCommit(report);
    // Freed before the answer: a client that has its report may start the next import at once.
    await lease.release();
    res.end(`${JSON.stringify({ report: publicReport(report, requestIdOf(res)) })}\n`);
    return;
  }
  report = await runImportInThread({ ...target, ...options });
  afterCommit(report);
  await lease.release();
  sendJson(res, report.outcome === 'failed' ? 500 : 200, publicReport(report, requestIdOf(res)));
}

/**
 * The import lease (stores/import-lease.ts), renewed while the import runs; or a 409 naming its
 * holder, recorded in the import history as `refused` (the audit row is the route table's).
 */
async function takeLease(ctx: RouteContext, fileNames: string[]): Promise<HeldLease> {
  const user = ctx.session?.user.username ?? null;
  const attempt = await acquireImportLease(ctx.db, leaseLabel(`${user ?? '?'} over HTTP`), {
    now: ctx.now,
    renewEveryMs: LEASE_RENEW_MS,
  });
  if (attempt.acquired) return attempt.lease;
  const at = ctx.now().toISOString();
  const error = BUSY(attempt.holder);
  await writeOrDefer(() =>
    recordImport(ctx.db, {
      startedAt: at,
      finishedAt: at,
      user,
      fileNames,
      sha256: [],
      counts: {},
      outcome: 'refused',
      errorCount: 0,
      errorSummary: error.message,
    }),
  );
  throw error;
}

const flag = (url: URL, name: string): boolean =>
  ['1', 'true', 'yes'].includes(url.searchParams.get(name) ?? '');

const importRoute: Route = {
  method: 'POST',
  path: '/api/import',
  maxBodyBytes: MAX_IMPORT_BYTES,
  async handle(ctx) {
    const uploads = uploadsOf(ctx.req);
    const encoding = ctx.url.searchParams.get('encoding') ?? 'auto';
    if (!['auto', 'utf8', 'windows-1256'].includes(encoding)) throw BAD_ENCODING;
    const lease = await takeLease(
      ctx,
      uploads.map((u) => u.name),
    );
    let dir: string | null = null;
    try {
      dir = await mkdtemp(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${process.pid}-`));
      const paths = await receiveFiles(ctx.req, dir, uploads, ctx.limits.uploadIdleMs);
      await answerImport(
        ctx,
        {
          files: uploads.map((u, i) => ({ path: paths[i] ?? '', name: u.name })),
          dryRun: flag(ctx.url, 'dryRun'),
          clearSynthetic: flag(ctx.url, 'clearSynthetic'),
          encoding: encoding as EncodingChoice,
          user: ctx.session?.user.username ?? null,
        },
        lease,
      );
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
      await lease.release();
    }
  },
};

const clearRoute: Route = {
  method: 'POST',
  path: '/api/import/clear',
  async handle(ctx) {
    const lease = await takeLease(ctx, []);
    try {
      await answerImport(
        ctx,
        {
          files: [],
          clearSynthetic: true,
          user: ctx.session?.user.username ?? null,
        },
        lease,
      );
    } finally {
      await lease.release();
    }
  },
};

const historyRoute: Route = {
  method: 'GET',
  path: '/api/import/history',
  async handle({ res, db }) {
    const imports = await listImports(db);
    // A failed import's summary is its fault's own text (publicReport): the log has it.
    sendJson(res, 200, {
      imports: imports.map((i) =>
        i.outcome === 'failed' ? { ...i, errorSummary: INTERNAL_FAILURE } : i,
      ),
    });
  },
};

const templateListRoute: Route = {
  method: 'GET',
  path: '/api/templates',
  handle({ res }) {
    sendJson(res, 200, { templates: TEMPLATES });
  },
};

const templateRoute: Route = {
  method: 'GET',
  path: '/api/templates/:file',
  handle({ res, params }) {
    const entity = (params.file ?? '').replace(/\.csv$/, '');
    if (!params.file?.endsWith('.csv') || !isImportEntity(entity)) throw NOT_FOUND();
    const body = templateCsv(entity);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${entity}.csv"`);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  },
};

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The import endpoints (issue #7): upload, clear, history and the entity templates. */
export const importRoutes: readonly Route[] = [
  importRoute,
  clearRoute,
  historyRoute,
  templateListRoute,
  templateRoute,
];
