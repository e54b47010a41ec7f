import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { observeRequest } from './metrics.ts';

/** What the handler learns about a request as it goes (route pattern, user) for its log line. */
export interface RequestRecord {
  readonly id: string;
  /** The route pattern (`/api/export/:file`, `/trpc/stats.summary`, `static`), never the raw path. */
  route: string;
  user: string | null;
}

/** One line of the request log (JSON on stdout). Holds no password, cookie, token or query string. */
export interface RequestLogLine {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  bytes: number;
  user: string | null;
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Starts a request's record: its id (a proxy's X-Request-Id when it is sane, else a new one, sent
 * back in the same header), and, when the response closes, its metrics and its log line.
 */
export function beginRequest(
  req: IncomingMessage,
  res: ServerResponse,
  log: ((line: RequestLogLine) => void) | null,
  now: () => Date,
): RequestRecord {
  const started = performance.now();
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  const record: RequestRecord = { id, route: 'unmatched', user: null };
  // Bytes on the wire (headers included), from the socket's own counter: keep-alive requests on
  // one socket are sequential, so the difference is this response's.
  const socket = req.socket;
  const sentBefore = socket.bytesWritten;
  res.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    // A client that left before the answer was complete: nginx's 499.
    const status = res.writableFinished ? res.statusCode : 499;
    observeRequest(record.route, status, seconds);
    log?.({
      time: now().toISOString(),
      id,
      method: req.method ?? 'GET',
      route: record.route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      bytes: socket.bytesWritten - sentBefore,
      user: record.user,
    });
  });
  return record;
}

/**
 * A tRPC request's route: its procedure when alone, `batch` for several (the names of a batch are
 * unbounded combinations, too many labels for a metric).
 */
export function trpcRoute(prefix: string, pathname: string): string {
  const names = pathname.slice(prefix.length + 1);
  if (names === '') return prefix;
  return names.includes(',') ? `${prefix}/batch` : `${prefix}/${names.replace(/[^\w.]/g, '')}`;
}
