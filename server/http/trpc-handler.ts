import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NO_SCOPE } from '../domain/scope.ts';
import { answerMemoOf } from '../queries/answer-memo.ts';
import { poolForCall, type QueryPool } from '../engine/workers/worker-pool.ts';
import { createContext } from '../routers/context.ts';
import type { SignedIn } from './auth-session.ts';
import { departureOf } from './departure.ts';
import { requestIdOf } from './http-error.ts';
import { appRouter } from '../routers/index.ts';
import { answerPlainQuery, plainQueryOf, type CallHooks } from './trpc-fast-path.ts';

export const TRPC_PREFIX = '/trpc';

/**
 * Answers a request under `/trpc/` (queries over GET, batched). The caller and their scope come
 * from the session only; without one the scope is empty and every signed-in procedure answers
 * UNAUTHORIZED (401). GET queries (one, or a batch) are answered by trpc-fast-path.ts, everything else by
 * tRPC's Node adapter; both with the same context, error log and headers.
 */
export async function handleTrpc(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    db: Kysely<Database>;
    pathname: string;
    search: URLSearchParams;
    maxBodyBytes: number;
    session: SignedIn | null;
    /** The request's change token (db/change-token.ts), read once when it started. */
    dataToken?: string | null;
    now: () => Date;
    /** Worker threads for long SQLite reads (see worker-pool.ts). */
    pool?: QueryPool;
    /** false: every request goes through the adapter (tests compare the two). */
    fastPath?: boolean;
  },
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  // Every answer here is JSON, also one the adapter writes itself after a fault of its own.
  res.setHeader('Content-Type', 'application/json');
  const requestId = requestIdOf(res);
  // The client went away before the answer: queries of this request still queued are dropped.
  const departure = departureOf(res);
  const pool =
    options.pool &&
    poolForCall(options.pool, {
      owner: options.session?.user.username ?? '',
      get signal() {
        return departure.signal;
      },
    });
  const hooks: CallHooks = {
    createContext: () =>
      createContext({
        db: options.db,
        scope: options.session?.user.scope ?? NO_SCOPE,
        user: options.session?.user ?? null,
        now: options.now,
        ...(requestId ? { requestId } : {}),
        ...(pool ? { pool } : {}),
        memo: answerMemoOf(options.db),
        ...(options.dataToken !== undefined ? { dataToken: options.dataToken } : {}),
      }),
    onError(error, path) {
      if (error.code === 'INTERNAL_SERVER_ERROR' && !departure.left) {
        console.error(`[trpc] ${path} failed (request ${requestId ?? '?'}):`, error.cause ?? error);
      }
    },
    headersFor: (errors) => extraHeaders(errors, 'query', true),
  };
  const procedurePath = options.pathname.slice(TRPC_PREFIX.length + 1);
  const plain =
    options.fastPath === false ? null : plainQueryOf(req, procedurePath, options.search);
  if (plain) {
    await answerPlainQuery(res, plain, hooks);
    return;
  }
  await nodeHTTPRequestHandler({
    req,
    res,
    router: appRouter,
    path: procedurePath,
    maxBodySize: options.maxBodyBytes,
    allowBatching: true,
    createContext: () => hooks.createContext(),
    responseMeta({ eagerGeneration, errors, type }) {
      return { headers: extraHeaders(errors, type, !eagerGeneration) };
    },
    onError({ error, path }) {
      hooks.onError(error, path ?? '?');
    },
  });
}

/** What responseMeta adds to an answer of tRPC's: the JSON label, and Allow on a 405. */
function extraHeaders(
  errors: readonly TRPCError[],
  type: string,
  labelJson: boolean,
): Record<string, string> {
  // tRPC labels the errors it finds before any call (415, a malformed batch) text/plain.
  const headers: Record<string, string> = labelJson ? { 'Content-Type': 'application/json' } : {};
  // A query sent as POST or a mutation as GET: the 405 names what the procedure answers.
  if (errors.some((e) => e.code === 'METHOD_NOT_SUPPORTED')) {
    headers.Allow = type === 'mutation' ? 'POST' : 'GET, HEAD';
  }
  return headers;
}
