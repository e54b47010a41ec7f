import type { ServerResponse } from 'node:http';
import { isDatabaseBusy } from '../db/busy.ts';

/**
 * An error with an HTTP status and a message in both languages. Route handlers throw it; the
 * server turns it into `{ error: { code, message, messageFa } }`. Anything else thrown becomes a
 * generic 500 whose details stay in the server log.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageFa: string,
    /** Headers the answer must carry (a 405's `Allow`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const NOT_FOUND = (): HttpError => new HttpError(404, 'NOT_FOUND', 'Not found', 'یافت نشد');

export const PAYLOAD_TOO_LARGE = (limit: number): HttpError =>
  new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Request body is larger than ${limit} bytes`,
    `حجم درخواست بیش از ${limit.toLocaleString('fa-IR')} بایت است`,
  );

/**
 * A method this address does not answer. `allow` is what it does answer: the server sends it as
 * the `Allow` header (RFC 9110 requires one on a 405) and names it in the message.
 */
export const METHOD_NOT_ALLOWED = (allow: readonly string[]): HttpError =>
  new HttpError(
    405,
    'METHOD_NOT_ALLOWED',
    `Method not allowed: this address answers ${allow.join(', ')}`,
    `این روش درخواست پذیرفته نیست: این نشانی فقط ${allow.join('، ')} را می‌پذیرد`,
    { Allow: allow.join(', ') },
  );

/**
 * What a client is told of a fault of ours: nothing of its text ("database is locked", SQL, a
 * stack), only the request id under which the server log has the details.
 */
export const INTERNAL = (requestId: string | null): HttpError =>
  new HttpError(
    500,
    'INTERNAL',
    `Internal server error${requestId ? ` (request ${requestId})` : ''}: the details are in the server log`,
    `خطای داخلی سرور${requestId ? ` (شناسهٔ درخواست ${requestId})` : ''}: جزئیات در گزارش سرور ثبت شده است`,
  );

/** The id beginRequest (request-log.ts) gave this response, or null before it has one. */
export function requestIdOf(res: ServerResponse): string | null {
  const id = res.getHeader('X-Request-Id');
  return typeof id === 'string' ? id : null;
}

/** Seconds a client should wait when an import holds the database's write lock. */
export const DATABASE_BUSY_RETRY_SECONDS = 5;

export const DATABASE_BUSY = (): HttpError =>
  new HttpError(
    503,
    'IMPORT_WRITING',
    'An import is writing to the database; this change could not be saved. Try again in a few seconds',
    'ورود داده‌ای در حال نوشتن در پایگاه داده است و این تغییر ذخیره نشد. چند ثانیه دیگر دوباره امتحان کنید',
  );

/** Sends a JSON body (never cached: API answers depend on the caller). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/**
 * Answers with the error's JSON; unknown errors are logged with the request id and answered
 * with that id only (INTERNAL).
 */
export function sendError(res: ServerResponse, error: unknown): void {
  const busy = isDatabaseBusy(error);
  const requestId = requestIdOf(res);
  const e = error instanceof HttpError ? error : busy ? DATABASE_BUSY() : INTERNAL(requestId);
  if (!(error instanceof HttpError) && !busy) {
    console.error(`[http] unhandled error (request ${requestId ?? '?'}):`, error);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e.status === 413) res.setHeader('Connection', 'close');
  if (busy) res.setHeader('Retry-After', String(DATABASE_BUSY_RETRY_SECONDS));
  for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
  const internal = e.code === 'INTERNAL' && requestId ? { requestId } : {};
  sendJson(res, e.status, {
    error: { code: e.code, message: e.message, messageFa: e.messageFa, ...internal },
  });
}
