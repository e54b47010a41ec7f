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

export const METHOD_NOT_ALLOWED = (): HttpError =>
  new HttpError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', 'این روش درخواست پذیرفته نیست');

const INTERNAL = new HttpError(500, 'INTERNAL', 'Internal server error', 'خطای داخلی سرور');

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

/** Answers with the error's JSON; unknown errors are logged and answered without details. */
export function sendError(res: ServerResponse, error: unknown): void {
  const busy = isDatabaseBusy(error);
  const e = error instanceof HttpError ? error : busy ? DATABASE_BUSY() : INTERNAL;
  if (!(error instanceof HttpError) && !busy) console.error('[http] unhandled error:', error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e.status === 413) res.setHeader('Connection', 'close');
  if (busy) res.setHeader('Retry-After', String(DATABASE_BUSY_RETRY_SECONDS));
  sendJson(res, e.status, { error: { code: e.code, message: e.message, messageFa: e.messageFa } });
}
