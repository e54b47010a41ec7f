import { prepareExport } from '../export/export-file.ts';
import { contentDisposition } from '../export/file-name.ts';
import { ExportRequestError, parseExportRequest } from '../export/request.ts';
import { recordAudit } from '../stores/audit.ts';
import { EXPORT_RETRY_AFTER_SECONDS } from '../domain/request-limits.ts';
import { clientIp, type SignedIn, UNAUTHENTICATED } from './auth-session.ts';
import { HttpError } from './http-error.ts';
import type { Route, RouteContext } from './routes.ts';

const TOO_MANY_OF_YOURS = (limit: number): HttpError =>
  new HttpError(
    429,
    'TOO_MANY_EXPORTS',
    `You already have ${limit} downloads in progress: wait for one to finish, then try again`,
    `${limit.toLocaleString('fa-IR')} دریافت فایل شما هنوز در جریان است: صبر کنید یکی تمام شود، سپس دوباره امتحان کنید`,
  );

const SERVER_BUSY = (): HttpError =>
  new HttpError(
    503,
    'EXPORTS_BUSY',
    `The server is preparing as many files as it can at once: try again in ${EXPORT_RETRY_AFTER_SECONDS} seconds`,
    `سرور هم‌اکنون بیشترین شمار فایل ممکن را آماده می‌کند: ${EXPORT_RETRY_AFTER_SECONDS.toLocaleString('fa-IR')} ثانیهٔ دیگر دوباره امتحان کنید`,
  );

function httpErrorOf(error: ExportRequestError): HttpError {
  return new HttpError(
    error.status,
    error.status === 404 ? 'NOT_FOUND' : error.status === 422 ? 'TOO_MANY_ROWS' : 'BAD_REQUEST',
    error.message,
    error.messageFa,
  );
}

/**
 * `GET /api/export/<view>.<csv|xlsx>?<page URL parameters>` (DESIGN §3, issue #5): the data behind
 * a view as a download. Bad parameters answer 400 JSON before any byte of the file; a client that
 * goes away mid-download stops the reads and their worker threads, and is audited as cancelled. The scope is the signed-in user's (#8), so
 * filters naming other provinces give empty files, and every export lands in the audit log with
 * its parameters and row count (the route table requires the `export` permission).
 */
export const exportRoute: Route = {
  method: 'GET',
  path: '/api/export/:file',
  async handle({ req, res, url, params, db, session, now, exportSlots, pool }) {
    if (!session) throw UNAUTHENTICATED();
    const slot = exportSlots.acquire(session.user.username);
    if (typeof slot === 'string') {
      res.setHeader('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      throw slot === 'user' ? TOO_MANY_OF_YOURS(exportSlots.limits.perUser) : SERVER_BUSY();
    }
    try {
      await exportFile({ req, res, url, params, db, session, now, ...(pool ? { pool } : {}) });
    } finally {
      slot.release();
    }
  },
};

async function exportFile({
  req,
  res,
  url,
  params,
  db,
  session,
  now,
  pool,
}: Pick<RouteContext, 'req' | 'res' | 'url' | 'params' | 'db' | 'now' | 'pool'> & {
  session: SignedIn;
}): Promise<void> {
  const scope = session.user.scope;
  // Read now: a destroyed socket no longer knows its peer's address.
  const ip = clientIp(req);
  const audit = (outcome: 'ok' | 'failed' | 'cancelled', detail: Record<string, unknown>) =>
    recordAudit(
      db,
      {
        username: session.user.username,
        action: 'export',
        outcome,
        ip,
        detail: { file: params.file ?? '', query: url.search.slice(1), ...detail },
      },
      now(),
    );
  let prepared;
  try {
    const request = parseExportRequest(params.file ?? '', url.searchParams);
    prepared = await prepareExport(db, scope, request, pool ? { pool } : {});
  } catch (error) {
    // The audit log is read on /admin/audit: a fault's own text stays in the server log.
    await audit('failed', {
      error: error instanceof ExportRequestError ? error.message : 'internal',
    });
    throw error instanceof ExportRequestError ? httpErrorOf(error) : error;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', prepared.contentType);
  res.setHeader('Content-Disposition', contentDisposition(prepared.fileName));
  res.setHeader('Cache-Control', 'no-store');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await prepared.write(res);
  } catch (error) {
    // The client went away: the writer has stopped and released its workers; nothing to
    // answer, and not a server fault, but the log says how far the file got.
    if (res.destroyed || req.destroyed) {
      await audit('cancelled', { rows: prepared.rowsWritten() });
      return;
    }
    await audit('failed', { rows: prepared.rowsWritten(), error: 'interrupted' });
    throw error;
  }
  await audit('ok', { rows: prepared.rowsWritten() });
}
