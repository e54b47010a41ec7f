import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ALL_SCOPE } from '../domain/scope.ts';
import { createContext } from '../routers/context.ts';
import { appRouter } from '../routers/index.ts';

export const TRPC_PREFIX = '/trpc';

/**
 * Answers a request under `/trpc/` (queries over GET, batched). The scope is every province
 * until sign-in exists (#8), which will derive it from the session here.
 */
export async function handleTrpc(
  req: IncomingMessage,
  res: ServerResponse,
  options: { db: Kysely<Database>; pathname: string; maxBodyBytes: number },
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  await nodeHTTPRequestHandler({
    req,
    res,
    router: appRouter,
    path: options.pathname.slice(TRPC_PREFIX.length + 1),
    maxBodySize: options.maxBodyBytes,
    allowBatching: true,
    createContext: () => createContext({ db: options.db, scope: ALL_SCOPE }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        console.error(`[trpc] ${path ?? '?'} failed:`, error.cause ?? error);
      }
    },
  });
}
