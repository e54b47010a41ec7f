import type { ServerResponse } from 'node:http';

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
  const e = error instanceof HttpError ? error : INTERNAL;
  if (!(error instanceof HttpError)) console.error('[http] unhandled error:', error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e.status === 413) res.setHeader('Connection', 'close');
  sendJson(res, e.status, { error: { code: e.code, message: e.message, messageFa: e.messageFa } });
}
