import type { Kysely } from 'kysely';
import { changeTokenOf } from '../db/change-token.ts';
import type { Database } from '../db/schema.ts';
import type { SessionWithUser } from './sessions.ts';

/**
 * How long a session read may be reused. On SQLite a reuse also needs the change token
 * (db/change-token.ts) unchanged, so a sign-out, a role or scope change or a disabled account
 * takes effect on the next request. On PostgreSQL several servers may share the tables and there
 * is no cheap version: a change made through another server takes effect there within this
 * time (through this server, at once: its writes forget the cache).
 */
export const SESSION_CACHE_MS = 2000;
/** Sessions kept at most; past it the cache starts again. Unknown tokens are never kept. */
const MAX_SESSIONS = 10_000;

interface Cached {
  /** The handle it was read through (tests open many databases in one process). */
  db: Kysely<Database>;
  session: SessionWithUser;
  at: number;
  version: string | null;
}

// One cache per process, by token hash: a write through any handle or transaction forgets.
const cache = new Map<string, Cached>();

/**
 * `read()`'s session for `tokenHash`, or the one read less than SESSION_CACHE_MS ago under the
 * same change token. Every request checks its session; this saves that query on most of them.
 * The caller still checks the session's timeouts against its own clock on every request.
 */
export async function cachedSession(
  db: Kysely<Database>,
  tokenHash: string,
  read: () => Promise<SessionWithUser | undefined>,
  /** The request's change token, read once when it started (else read here). */
  version: string | null = changeTokenOf(db),
): Promise<SessionWithUser | undefined> {
  // Real elapsed time, not the server's (injectable) clock: this bounds staleness.
  const nowMs = performance.now();
  const hit = cache.get(tokenHash);
  const age = hit ? nowMs - hit.at : -1;
  if (hit && hit.db === db && hit.version === version && age >= 0 && age < SESSION_CACHE_MS) {
    return hit.session;
  }
  const session = await read();
  if (!session) {
    cache.delete(tokenHash);
    return undefined;
  }
  if (cache.size >= MAX_SESSIONS) cache.clear();
  cache.set(tokenHash, { db, session, at: nowMs, version });
  return session;
}

/** Drops one session (`tokenHash`) from the cache, or every session (a user changed). */
export function forgetCachedSessions(tokenHash?: string): void {
  if (tokenHash === undefined) cache.clear();
  else cache.delete(tokenHash);
}
