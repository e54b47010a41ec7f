import type { QueryPool } from '../engine/workers/worker-pool.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { IpLimiter } from '../auth/ip-limiter.ts';
import type { Permission } from '../auth/roles.ts';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../stores/audit.ts';
import { auditRoutes } from './audit-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { clientIp, type SignedIn } from './auth-session.ts';
import { exportRoute } from './export-routes.ts';
import { checkHealth } from './health.ts';
import { importRoutes } from './import-routes.ts';
import { HttpError, sendJson } from './http-error.ts';
import { metricsRoute } from './metrics-route.ts';
import type { ServerLimits } from './server.ts';
import type { Slots } from './slots.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Values of the pattern's `:name` segments, URL-decoded. */
  params: Readonly<Record<string, string>>;
  db: Kysely<Database>;
  /** Reads the whole body, failing with 413 past the route's limit (`maxBodyBytes`). */
  readBody: () => Promise<Buffer>;
  /** The caller's session; never null on a route that is not `access: 'public'`. */
  session: SignedIn | null;
  /** The server's clock (tests inject one to expire sessions without waiting). */
  now: () => Date;
  /** The server's per-address sign-in brake. */
  ipLimiter: IpLimiter;
  /** Downloads in progress, per user and in all (the export route takes one). */
  exportSlots: Slots;
  limits: ServerLimits;
  /** The server's query workers, when it has them. */
  pool?: QueryPool;
}

/**
 * Who may call a route: anyone ('public'), any signed-in user ('signedIn', the default), or
 * users whose role has the permission. The server checks it, and the CSRF token on every
 * non-GET route that is not public, before the handler runs.
 */
export type RouteAccess = 'public' | 'signedIn' | Permission;

/**
 * One non-tRPC endpoint. Handlers answer through `res` and may throw `HttpError` for a clean
 * JSON error; anything else thrown becomes a 500 without details.
 */
export interface Route {
  /** GET routes also answer HEAD. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exact segments and `:name` placeholders, e.g. `/api/export/:file`. */
  path: string;
  /** Body limit in bytes for this route (uploads); the server default (1 MB) otherwise. */
  maxBodyBytes?: number;
  /** 'signedIn' when absent: a route is only public when it says so. */
  access?: RouteAccess;
  handle(ctx: RouteContext): Promise<void> | void;
}

const healthRoute: Route = {
  method: 'GET',
  path: '/healthz',
  access: 'public',
  async handle({ res, db }) {
    const health = await checkHealth(db);
    sendJson(res, health.ok ? 200 : 503, health);
  },
};

/**
 * Every HTTP endpoint besides tRPC (`/trpc`) and the static client. Add export
 * (`/api/export/:file`), template (`/api/templates/:file`) and import (`/api/import`) routes here.
 * Unmatched `/api/*` paths answer 404 JSON.
 */
export const routes: readonly Route[] = [
  healthRoute,
  metricsRoute,
  ...authRoutes,
  ...auditRoutes,
  { ...exportRoute, access: 'export' },
  // Imports, templates and import history are for administrators only.
  ...importRoutes.map(adminImportRoute),
];

/** An import route for administrators; its POSTs (imports, clearing) land in the audit log. */
/** A URL-encoded header as text; a malformed one as it came (the audit must not throw). */
function decodedOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function adminImportRoute(route: Route): Route {
  if (route.method === 'GET') return { ...route, access: 'import' };
  return {
    ...route,
    access: 'import',
    async handle(ctx) {
      let outcome: 'ok' | 'failed' = 'failed';
      // A refusal thrown as HttpError is answered after this wrapper: record its status.
      let status: number | null = null;
      try {
        await route.handle(ctx);
        outcome = ctx.res.statusCode < 400 ? 'ok' : 'failed';
      } catch (error) {
        status = error instanceof HttpError ? error.status : 500;
        throw error;
      } finally {
        const fileName = ctx.req.headers['x-file-names'] ?? ctx.req.headers['x-file-name'];
        await recordAudit(
          ctx.db,
          {
            username: ctx.session?.user.username ?? null,
            action: ctx.url.pathname.endsWith('/clear') ? 'import-clear' : 'import',
            outcome,
            ip: clientIp(ctx.req),
            detail: {
              query: ctx.url.search.slice(1),
              ...(typeof fileName === 'string' ? { file: decodedOrRaw(fileName) } : {}),
              status: status ?? ctx.res.statusCode,
            },
          },
          ctx.now(),
        ).catch(() => undefined);
      }
    },
  };
}

/**
 * Matches a pathname against a route pattern; returns the placeholder values or null.
 * @example matchPath('/api/export/:file', '/api/export/provinces.csv') // → { file: 'provinces.csv' }
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) {
      if (actual === '') return null;
      params[segment.slice(1)] = actual;
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}
