import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeOrDefer } from '../stores/deferred-writes.ts';
import { recentSignInFailures, recordSignInFailure } from '../stores/sign-in-failures.ts';

/**
 * Per-address brake on failed sign-ins: the per-account lockout stops guessing one password, this
 * stops one address trying many usernames. Counted in the database (table `sign_in_failures`),
 * so every app server on one database applies the same count, and a restart keeps it; ended
 * windows are deleted by the session sweep.
 */
export interface IpLimiter {
  /** True while the address has used up its failures for the current window. */
  blocked(ip: string, now: Date): Promise<boolean>;
  recordFailure(ip: string, now: Date): Promise<void>;
}

export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_MS = 15 * 60 * 1000;

/** The brake over `db`. */
export function createIpLimiter(
  db: Kysely<Database>,
  maxFailures = IP_MAX_FAILURES,
  windowMs = IP_WINDOW_MS,
): IpLimiter {
  return {
    async blocked(ip, now) {
      return (await recentSignInFailures(db, ip, now, windowMs)) >= maxFailures;
    },
    async recordFailure(ip, now) {
      // During a SQLite import the write waits in the deferred queue rather than failing the
      // answer; the account lockout still applies meanwhile.
      await writeOrDefer(() => recordSignInFailure(db, ip, now, windowMs));
    },
  };
}
