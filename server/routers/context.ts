import type { Kysely } from 'kysely';
import { toSessionUser, type SessionUser } from '../auth/session-user.ts';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';
import { SHARED_OWNER } from '../stores/saved-views.ts';
import type { QueryPool } from '../engine/workers/worker-pool.ts';
import type { AnswerMemo } from '../queries/answer-memo.ts';

export interface Context {
  db: Kysely<Database>;
  /** The provinces the caller may see; every query applies it in SQL. */
  scope: Scope;
  /** The signed-in caller, or null (then every signed-in procedure answers UNAUTHORIZED). */
  user: SessionUser | null;
  /** The clock (audit entries; tests inject one). */
  now: () => Date;
  /** SQLite only: worker threads for long reads (createQueryPool); without it they run inline. */
  pool?: QueryPool;
  /** The HTTP request's id (its X-Request-Id): an internal error's message names it. */
  requestId?: string;
  /** Answers remembered per change token (answer-memo.ts); the HTTP API passes its own. */
  memo?: AnswerMemo;
  /** The request's change token (db/change-token.ts), read once at its start; else per use. */
  dataToken?: string | null;
}

export interface ContextOptions {
  db: Kysely<Database>;
  scope: Scope;
  /**
   * The caller. The HTTP handler always passes the session's user or null. Omitted, the context
   * is an in-process caller (tests, CLIs, bench) acting as a local administrator limited to
   * `scope`, whose saved views are the shared list.
   */
  user?: SessionUser | null;
  now?: () => Date;
  pool?: QueryPool;
  requestId?: string;
  memo?: AnswerMemo;
  dataToken?: string | null;
}

/**
 * A plain factory, so tests and the HTTP handler pass their own database, caller and pool. With a
 * user, the scope is always the user's own: it cannot be widened by the caller of this function.
 */
export function createContext(options: ContextOptions): Context {
  const user =
    options.user === undefined
      ? toSessionUser({ username: SHARED_OWNER, role: 'admin', scope: options.scope })
      : options.user;
  return {
    db: options.db,
    scope: user ? user.scope : options.scope,
    user,
    now: options.now ?? (() => new Date()),
    ...(options.pool ? { pool: options.pool } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...(options.memo ? { memo: options.memo } : {}),
    ...(options.dataToken !== undefined ? { dataToken: options.dataToken } : {}),
  };
}
