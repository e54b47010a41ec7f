import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deleteExpiredSessions } from '../stores/sessions.ts';
import { deleteEndedSignInWindows } from '../stores/sign-in-failures.ts';
import { IP_WINDOW_MS } from './ip-limiter.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './session-policy.ts';

/** How often expired sessions are deleted (a session is also refused the moment it expires). */
export const SESSION_SWEEP_MS = 10 * 60 * 1000;

/**
 * Deletes expired sessions (and ended sign-in brake windows) now and then every `everyMs`, so sessions nobody presents again do
 * not stay in the table. Returns the function that stops it. A failed sweep is reported and the
 * next one tries again.
 */
export function startSessionSweep(
  db: Kysely<Database>,
  options: { everyMs?: number; now?: () => Date; report?: (error: unknown) => void } = {},
): () => void {
  const now = options.now ?? (() => new Date());
  const sweep = () => {
    const at = now();
    Promise.all([
      deleteExpiredSessions(db, at, IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS),
      deleteEndedSignInWindows(db, at, IP_WINDOW_MS),
    ]).catch((error: unknown) => options.report?.(error));
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs ?? SESSION_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
