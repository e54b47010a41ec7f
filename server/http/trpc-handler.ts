import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NO_SCOPE } from '../domain/scope.ts';
import { poolForCall, type QueryPool } from '../queries/worker-pool.ts';
import { createContext } from '../routers/context.ts';
import type { SignedIn } from './auth-session.ts';
import { appRouter } from '../routers/index.ts';

export const TRPC_PREFIX = '/trpc';

/**
 * Answers a request under `/trpc/` (queries over GET, batched). The caller and their scope come
 * from the session only; without one the scope is empty and every signed-in procedure answers
 * UNAUTHORIZED (401).
 */
export async function handleTrpc(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    db: Kysely<Database>;
    pathname: string;
    maxBodyBytes: number;
    session: SignedIn | null;
    now: () => Date;
    /** Worker threads for long SQLite reads (see worker-pool.ts). */
    pool?: QueryPool;
  },
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  // The client went away before the answer: queries of this request still queued are dropped.
  const abandoned = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) abandoned.abort();
  });
  const pool =
    options.pool &&
    poolForCall(options.pool, {
      owner: options.session?.user.username ?? '',
      signal: abandoned.signal,
    });
  await nodeHTTPRequestHandler({
    req,
    res,
    router: appRouter,
    path: options.pathname.slice(TRPC_PREFIX.length + 1),
    maxBodySize: options.maxBodyBytes,
    allowBatching: true,
    createContext: () =>
      createContext({
        db: options.db,
        scope: options.session?.user.scope ?? NO_SCOPE,
        user: options.session?.user ?? null,
        now: options.now,
        ...(pool ? { pool } : {}),
      }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR' && !abandoned.signal.aborted) {
        console.error(`[trpc] ${path ?? '?'} failed:`, error.cause ?? error);
      }
    },
  });
}
