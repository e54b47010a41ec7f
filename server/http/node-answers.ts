import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, METHOD_NOT_ALLOWED } from './http-error.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

// The answers Node would otherwise write by itself, bare (no security headers, no body): to a
// request its parser rejects, to a CONNECT, to an `Expect` it cannot meet, to a request without
// a Host. The server answers these here in the same JSON shape and headers as every other.

export const BAD_REQUEST = new HttpError(
  400,
  'BAD_REQUEST',
  'Malformed request',
  'درخواست نامعتبر است',
);

export const MISSING_HOST = (): HttpError =>
  new HttpError(
    400,
    'BAD_REQUEST',
    'An HTTP/1.1 request must name its Host',
    'درخواست HTTP/1.1 باید سرآیند Host داشته باشد',
    // as Node's own refusal did: a client that sends no Host is not kept for another request
    { Connection: 'close' },
  );

export const EXPECTATION_FAILED = (): HttpError =>
  new HttpError(
    417,
    'EXPECTATION_FAILED',
    'The server cannot meet this Expect header: send the request without it',
    'سرور نمی‌تواند سرآیند Expect این درخواست را برآورده کند: درخواست را بدون آن بفرستید',
  );

const HEADERS_TOO_LARGE = new HttpError(
  431,
  'HEADERS_TOO_LARGE',
  'The request headers are too large: remove stale cookies or send fewer headers',
  'سرآیندهای درخواست بیش از اندازه بزرگ است: کوکی‌های کهنه را پاک کنید یا سرآیندهای کمتری بفرستید',
);

const REQUEST_TIMEOUT = new HttpError(
  408,
  'REQUEST_TIMEOUT',
  'The request took too long to arrive: send it again',
  'رسیدن درخواست بیش از اندازه طول کشید: دوباره بفرستید',
);

/**
 * What a request the HTTP parser rejected is answered, as Node's own handler would choose
 * (431, 408, else 400), but a method the parser does not know is a 405 naming `allow`.
 */
export function clientErrorAnswer(error: Error, allow: readonly string[]): HttpError {
  switch ((error as { code?: unknown }).code) {
    case 'HPE_HEADER_OVERFLOW':
      return HEADERS_TOO_LARGE;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return REQUEST_TIMEOUT;
    case 'HPE_INVALID_METHOD':
      return METHOD_NOT_ALLOWED(allow);
    default:
      return BAD_REQUEST;
  }
}

/**
 * Writes a whole JSON error answer onto a socket Node has handed over without a response
 * object, then closes it. A socket already sending a response (a fault in a pipelined request)
 * is only destroyed: bytes written now would corrupt that response.
 */
export function answerOnSocket(socket: Duplex, error: HttpError): void {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code, message, messageFa } = error;
  const body = JSON.stringify({ error: { code, message, messageFa } });
  const headers = {
    ...SECURITY_HEADERS,
    ...error.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head.join('')}\r\n${body}`);
}
