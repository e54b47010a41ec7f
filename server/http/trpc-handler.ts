import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NO_SCOPE } from '../domain/scope.ts';
import type { QueryPool } from '../queries/worker-pool.ts';
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
        ...(options.pool ? { pool: options.pool } : {}),
      }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        console.error(`[trpc] ${path ?? '?'} failed:`, error.cause ?? error);
      }
    },
  });
}
