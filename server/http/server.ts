import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createIpLimiter } from '../auth/ip-limiter.ts';
import { can } from '../auth/roles.ts';
import { REPO_ROOT } from '../build-info.ts';
import { changeTokenOf } from '../db/change-token.ts';
import { sqliteHandleOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { QueryPool } from '../engine/workers/worker-pool.ts';
import {
  currentSession,
  FORBIDDEN,
  isMutation,
  requireCsrf,
  UNAUTHENTICATED,
} from './auth-session.ts';
import {
  HttpError,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  PAYLOAD_TOO_LARGE,
  sendError,
} from './http-error.ts';
import {
  answerOnSocket,
  BAD_REQUEST,
  clientErrorAnswer,
  EXPECTATION_FAILED,
  MISSING_HOST,
} from './node-answers.ts';
import { EXPORTS_PER_USER, EXPORTS_TOTAL, MAX_BATCH_CALLS } from '../domain/request-limits.ts';
import { UPLOAD_DIR_PREFIX, UPLOAD_IDLE_MS } from './import-routes.ts';
import { createSlots } from './slots.ts';
import { removeUploadLeftovers } from './upload-leftovers.ts';
import { DEFAULT_MAX_BODY_BYTES, declaresTooLargeBody, readBody } from './request-body.ts';
import { matchPath, routes as defaultRoutes, type Route } from './routes.ts';
import { applySecurityHeaders } from './security-headers.ts';
import {
  loadStaticAssets,
  resolveStatic,
  sendStaticAsset,
  type StaticAssets,
} from './static-assets.ts';
import { beginRequest, trpcRoute, type RequestLogLine, type RequestRecord } from './request-log.ts';
import { handleTrpc, TRPC_PREFIX } from './trpc-handler.ts';

/** The built client, `dist/` at the repository root (Vite's outDir). */
export const DEFAULT_DIST_DIR = join(REPO_ROOT, 'dist');

export interface HttpServerOptions {
  db: Kysely<Database>;
  /** Directory of the built client; `dist/` by default. */
  distDir?: string;
  /** Non-tRPC endpoints; the table of routes.ts by default. */
  routes?: readonly Route[];
  /** Body limit for every request whose route does not set its own (default 1 MB). */
  maxBodyBytes?: number;
  /** Where brotli output is cached between starts; null disables (see static-assets.ts). */
  compressionCacheDir?: string | null;
  /** The clock for session expiry, lockouts and the audit log (tests inject one). */
  now?: () => Date;
  /**
   * Worker threads answering long SQLite reads off the event loop (createQueryPool). Without
   * one, those reads run inline: fine for tests and small data, not for a served `large`.
   */
  pool?: QueryPool;
  /** Where each request's JSON log line goes (request-log.ts); none when absent (tests). */
  requestLog?: (line: RequestLogLine) => void;
  /** Per-user and total limits (request-limits.ts by default; tests lower them). */
  limits?: Partial<ServerLimits>;
  /**
   * false: single GET queries too go through tRPC's adapter rather than trpc-fast-path.ts
   * (tests compare the two answers).
   */
  trpcFastPath?: boolean;
}

export interface ServerLimits {
  /** Calls in one batched tRPC request. */
  batchCalls: number;
  exportsPerUser: number;
  exportsTotal: number;
  /** An import upload that sends nothing for this long is dropped (408) and its lease freed. */
  uploadIdleMs: number;
}

const CLIENT_NOT_BUILT = new HttpError(
  503,
  'CLIENT_NOT_BUILT',
  'The client has not been built: run `npm run build` (npm start does it for you)',
  'رابط کاربری هنوز ساخته نشده است: npm run build را اجرا کنید',
);
/** What tRPC answers: queries over GET (HEAD alike), mutations over POST. */
const TRPC_METHODS = ['GET', 'HEAD', 'POST'] as const;
const STATIC_METHODS = ['GET', 'HEAD'] as const;

/** The methods a route pattern answers; a GET route answers HEAD too. */
function methodsOf(onPath: readonly Route[]): string[] {
  const methods = onPath.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]));
  return [...new Set(methods)];
}

/**
 * Creates (does not start) the HTTP server: tRPC at `/trpc`, the routes of routes.ts (`/healthz`,
 * `/api/*`), then the static client with an SPA fallback. Security headers go on every response.
 * Loads and precompresses the client once, so this takes a moment for a large build.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<Server> {
  const assets = await loadStaticAssets(options.distDir ?? DEFAULT_DIST_DIR, {
    cacheDir: options.compressionCacheDir,
  });
  const routes = options.routes ?? defaultRoutes;
  // Uploads of imports killed mid-way (their process is gone) are removed at start.
  await removeUploadLeftovers(UPLOAD_DIR_PREFIX);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const now = options.now ?? (() => new Date());
  const ipLimiter = createIpLimiter(options.db);
  const limits: ServerLimits = {
    batchCalls: MAX_BATCH_CALLS,
    exportsPerUser: EXPORTS_PER_USER,
    exportsTotal: EXPORTS_TOTAL,
    uploadIdleMs: UPLOAD_IDLE_MS,
    ...options.limits,
  };
  // The event loop never waits for SQLite's write lock (an import holds it for minutes): a write
  // that meets it fails at once and is retried later (audit), skipped (last-seen) or answered
  // 503 "an import is writing" (http-error.ts), instead of stalling every request for seconds.
  sqliteHandleOf(options.db)?.pragma('busy_timeout = 0');
  const exportSlots = createSlots({ perUser: limits.exportsPerUser, total: limits.exportsTotal });

  const handlers = new Set<Promise<void>>();
  // Every method some address of this server answers (a 405 to an unparsed request names them).
  const allMethods = [...new Set([...TRPC_METHODS, ...STATIC_METHODS, ...methodsOf(routes)])];

  // A missing Host is refused by handle(), not by Node's bare 400 (see node-answers.ts).
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const record = beginRequest(req, res, options.requestLog ?? null, now);
    const done = handle(req, res, record)
      .catch((error: unknown) => sendError(res, error))
      .finally(() => handlers.delete(done));
    handlers.add(done);
  });
  inFlight.set(server, handlers);
  // A request the HTTP parser rejects (400, 405, 408, 431) gets JSON rather than Node's bare
  // answer or a dropped socket; so do a CONNECT and an Expect other than 100-continue.
  server.on('clientError', (error: Error, socket) => {
    answerOnSocket(socket, clientErrorAnswer(error, allMethods));
  });
  server.on('connect', (_req, socket) => answerOnSocket(socket, METHOD_NOT_ALLOWED(allMethods)));
  server.on('checkExpectation', (req, res) => {
    beginRequest(req, res, options.requestLog ?? null, now);
    applySecurityHeaders(res);
    // Its body (if any) is not read: the connection cannot carry another request.
    res.setHeader('Connection', 'close');
    sendError(res, EXPECTATION_FAILED());
  });
  return server;

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
  ): Promise<void> {
    applySecurityHeaders(res);
    if (req.httpVersion === '1.1' && req.headers.host === undefined) throw MISSING_HOST();
    const url = parseUrl(req.url);
    const { pathname } = url;
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');

    if (pathname === TRPC_PREFIX || pathname.startsWith(`${TRPC_PREFIX}/`)) {
      record.route = trpcRoute(TRPC_PREFIX, pathname);
      // Before the session: a method tRPC cannot answer (TRACE, PUT, OPTIONS…) is refused here,
      // not turned into a 500 or a 415 by its adapter.
      if (!(TRPC_METHODS as readonly string[]).includes(req.method ?? '')) {
        req.resume();
        throw METHOD_NOT_ALLOWED(TRPC_METHODS);
      }
      refuseLargeBody(req, maxBodyBytes);
      refuseLargeBatch(pathname, limits.batchCalls);
      // Read once: the session cache and the answer memo both check it.
      const dataToken = changeTokenOf(options.db);
      const session = await currentSession(options.db, req, now(), dataToken);
      record.user = session?.user.username ?? null;
      // Queries without a session reach tRPC, which answers UNAUTHORIZED in its own shape.
      if (isMutation(req.method)) {
        if (!session) throw UNAUTHENTICATED();
        requireCsrf(req, session);
      }
      await handleTrpc(req, res, {
        db: options.db,
        pathname,
        search: url.searchParams,
        maxBodyBytes,
        session,
        dataToken,
        now,
        ...(options.pool ? { pool: options.pool } : {}),
        ...(options.trpcFastPath === false ? { fastPath: false } : {}),
      });
      return;
    }

    const onPath = routes.filter((r) => matchPath(r.path, pathname) !== null);
    if (onPath.length > 0) {
      const route = onPath.find((r) => r.method === method);
      record.route = (route ?? onPath[0])?.path ?? 'unmatched';
      if (!route) {
        req.resume();
        throw METHOD_NOT_ALLOWED(methodsOf(onPath));
      }
      const limit = route.maxBodyBytes ?? maxBodyBytes;
      refuseLargeBody(req, limit);
      const access = route.access ?? 'signedIn';
      const session = await currentSession(options.db, req, now());
      record.user = session?.user.username ?? null;
      if (access !== 'public') {
        if (!session) throw UNAUTHENTICATED();
        if (access !== 'signedIn' && !can(session.user.role, access)) throw FORBIDDEN();
        if (isMutation(req.method)) requireCsrf(req, session);
      }
      const params = decodeParams(matchPath(route.path, pathname) ?? {});
      await route.handle({
        req,
        res,
        url,
        params,
        db: options.db,
        readBody: () => readBody(req, limit),
        session,
        now,
        ipLimiter,
        exportSlots,
        limits,
        ...(options.pool ? { pool: options.pool } : {}),
      });
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) throw NOT_FOUND();
    record.route = 'static';

    refuseLargeBody(req, maxBodyBytes);
    if (method !== 'GET') throw METHOD_NOT_ALLOWED(STATIC_METHODS);
    serveClient(req, res, assets, pathname);
  }
}

function serveClient(
  req: IncomingMessage,
  res: ServerResponse,
  assets: StaticAssets,
  pathname: string,
): void {
  const target = resolveStatic(assets, pathname);
  if (target === null) throw NOT_FOUND();
  if (target === 'spa') {
    if (!assets.index) throw CLIENT_NOT_BUILT;
    sendStaticAsset(req, res, assets.index);
    return;
  }
  sendStaticAsset(req, res, target);
}

/** The WHATWG parser resolves `.`/`..` segments (also `%2e%2e`), so no path climbs above `/`. */
function parseUrl(raw: string | undefined): URL {
  try {
    const url = new URL(raw ?? '/', 'http://localhost');
    decodeURIComponent(url.pathname);
    if (url.pathname.includes('%00')) throw BAD_REQUEST;
    return url;
  } catch {
    throw BAD_REQUEST;
  }
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = decodeURIComponent(v);
  return out;
}

/** Refuses a declared oversize body up front; the rest of the body is drained, not trusted. */
function refuseLargeBody(req: IncomingMessage, limit: number): void {
  if (declaresTooLargeBody(req, limit)) {
    req.resume();
    throw PAYLOAD_TOO_LARGE(limit);
  }
}

/**
 * Refuses a batch of more calls than the limit before any of them runs: a batch's calls run
 * concurrently and would hold the query workers for as long as all of them take.
 */
function refuseLargeBatch(pathname: string, limit: number): void {
  const calls = pathname.slice(TRPC_PREFIX.length + 1).split(',').length;
  if (calls > limit) {
    throw new HttpError(
      413,
      'BATCH_TOO_LARGE',
      `A batch may hold at most ${limit} calls (this one has ${calls}): send them in smaller batches`,
      `هر درخواست دسته‌ای حداکثر ${limit.toLocaleString('fa-IR')} فراخوانی می‌پذیرد (این یکی ${calls.toLocaleString('fa-IR')} دارد): آن‌ها را در دسته‌های کوچک‌تر بفرستید`,
    );
  }
}

/** Starts listening; resolves with the URL actually served (port 0 picks a free port). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}

// Each server's running handlers: a handler may outlive its socket (an import, a long query), and
// shutdown waits for it before closing what it uses (serve-app.ts).
const inFlight = new WeakMap<Server, Set<Promise<void>>>();

/** Resolves when every request handler running now has returned (or after `capMs`). */
export async function handlersSettled(server: Server, capMs: number): Promise<void> {
  const running = [...(inFlight.get(server) ?? [])];
  if (running.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(running),
    new Promise((resolve) => (timer = setTimeout(resolve, capMs))),
  ]);
  clearTimeout(timer);
}

/**
 * Stops accepting connections and waits for open requests to finish; connections still open
 * after `graceMs` (idle keep-alive sockets, stalled clients) are closed.
 */
export async function closeServer(server: Server, graceMs = 5000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
