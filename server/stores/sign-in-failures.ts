import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Addresses are stored as given, cut to the column's width (an IPv6 address with a zone fits). */
const key = (ip: string): string => ip.slice(0, 64);

/** Failed sign-ins from `ip` in its window still open at `now` (0 when none or expired). */
export async function recentSignInFailures(
  db: Kysely<Database>,
  ip: string,
  now: Date,
  windowMs: number,
): Promise<number> {
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const row = await db
    .selectFrom('sign_in_failures')
    .select('failures')
    .where('ip', '=', key(ip))
    .where('window_start', '>', cutoff)
    .executeTakeFirst();
  return row ? Number(row.failures) : 0;
}

/**
 * Counts one failure from `ip`, in one statement so two app servers counting at once both count:
 * the open window's count goes up, or an expired window is replaced by a new one of 1.
 */
export async function recordSignInFailure(
  db: Kysely<Database>,
  ip: string,
  now: Date,
  windowMs: number,
): Promise<void> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const expired = sql<boolean>`sign_in_failures.window_start <= ${cutoff}`;
  await db
    .insertInto('sign_in_failures')
    .values({ ip: key(ip), window_start: at, failures: 1 })
    .onConflict((oc) =>
      oc.column('ip').doUpdateSet({
        failures: sql<number>`case when ${expired} then 1 else sign_in_failures.failures + 1 end`,
        window_start: sql<string>`case when ${expired} then ${at} else sign_in_failures.window_start end`,
      }),
    )
    .execute();
}

/** Deletes windows that ended before `now` (the session sweep calls it); returns how many. */
export async function deleteEndedSignInWindows(
  db: Kysely<Database>,
  now: Date,
  windowMs: number,
): Promise<number> {
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const result = await db
    .deleteFrom('sign_in_failures')
    .where('window_start', '<=', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
