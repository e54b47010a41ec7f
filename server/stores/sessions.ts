import type { Kysely } from 'kysely';
import { isDatabaseBusy } from '../db/busy.ts';
import type { Database } from '../db/schema.ts';
import { writeOrDefer } from './deferred-writes.ts';
import { forgetCachedSessions } from './session-cache.ts';
import { summariseUser, type UserSummary } from './users.ts';

export async function createSession(
  db: Kysely<Database>,
  session: { tokenHash: string; userId: number; csrfToken: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: at,
      last_seen_at: at,
    })
    .execute();
}

export interface SessionWithUser {
  tokenHash: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  user: UserSummary;
}

/** The session and its user (disabled users included: the caller decides). */
export async function getSession(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.token_hash',
      's.csrf_token',
      's.created_at as session_created_at',
      's.last_seen_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    createdAt: row.session_created_at,
    lastSeenAt: row.last_seen_at,
    user: summariseUser(row),
  };
}

/**
 * Records that the session was used. Skipped while an import holds SQLite's write lock: the next
 * request after it writes the time again, and a request must not fail for a bookkeeping write.
 */
export async function touchSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<void> {
  try {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute();
    forgetCachedSessions(tokenHash);
  } catch (error) {
    if (!isDatabaseBusy(error)) throw error;
  }
}

/** Deletes a session (sign-out, expiry); queued until the lock frees during an import. */
export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  forgetCachedSessions(tokenHash);
  await writeOrDefer(() => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute());
  forgetCachedSessions(tokenHash);
}

/**
 * Deletes every session past its idle or absolute timeout (session-policy.ts), presented or not;
 * returns how many. The server runs it periodically (session-sweep.ts).
 */
export async function deleteExpiredSessions(
  db: Kysely<Database>,
  now: Date,
  idleMs: number,
  absoluteMs: number,
): Promise<number> {
  forgetCachedSessions();
  const r = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('last_seen_at', '<', new Date(now.getTime() - idleMs).toISOString()),
        eb('created_at', '<', new Date(now.getTime() - absoluteMs).toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
