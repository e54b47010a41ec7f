import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../stores/audit.ts';
import { createSession, deleteSession } from '../stores/sessions.ts';
import {
  getUserByName,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  summariseUser,
} from '../stores/users.ts';
import type { IpLimiter } from './ip-limiter.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { toSessionUser, type SessionUser } from './session-user.ts';
import { hashToken, LOCKOUT_MS, MAX_FAILED_ATTEMPTS, newToken } from './session-policy.ts';

export type SignInResult =
  | { ok: true; token: string; csrfToken: string; user: SessionUser }
  | { ok: false; reason: 'rejected' | 'rate-limited' };

// Unknown usernames are checked against this, so they take as long as known ones.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password and opens a session. Every refusal looks the same to the
 * caller (unknown user, wrong password, disabled, locked), so sign-in reveals nothing about
 * which accounts exist; the audit log records the real reason.
 */
export async function signIn(
  db: Kysely<Database>,
  attempt: { username: string; password: string; ip: string; now: Date; limiter: IpLimiter },
): Promise<SignInResult> {
  const { username, password, ip, now, limiter } = attempt;
  const audit = (outcome: 'ok' | 'denied' | 'failed', action: string, reason?: string) =>
    recordAudit(db, { username, action, outcome, ip, detail: reason ? { reason } : {} }, now);

  if (await limiter.blocked(ip, now)) {
    await audit('denied', 'sign-in', 'too many failures from this address');
    return { ok: false, reason: 'rate-limited' };
  }
  const user = await getUserByName(db, username);
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummy()));
  const fail = async (reason: string): Promise<SignInResult> => {
    await limiter.recordFailure(ip, now);
    await audit('denied', 'sign-in', reason);
    return { ok: false, reason: 'rejected' };
  };
  if (!user) return fail('unknown user');
  if (user.disabled === 1) return fail('account disabled');
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime())
    return fail('account locked');
  if (!valid) {
    const { locked } = await recordFailedSignIn(db, user.id, {
      now,
      maxAttempts: MAX_FAILED_ATTEMPTS,
      lockoutMs: LOCKOUT_MS,
    });
    if (locked) await audit('denied', 'lockout', `${MAX_FAILED_ATTEMPTS} failed sign-ins`);
    return fail('wrong password');
  }
  await recordSuccessfulSignIn(db, user.id);
  const token = newToken();
  const csrfToken = newToken();
  await createSession(db, { tokenHash: hashToken(token), userId: user.id, csrfToken }, now);
  await audit('ok', 'sign-in');
  return {
    ok: true,
    token,
    csrfToken,
    user: toSessionUser(summariseUser(user)),
  };
}

/** Ends a session (sign-out). */
export async function signOut(
  db: Kysely<Database>,
  session: { tokenHash: string; username: string },
  context: { ip: string; now: Date },
): Promise<void> {
  await deleteSession(db, session.tokenHash);
  await recordAudit(
    db,
    { username: session.username, action: 'sign-out', outcome: 'ok', ip: context.ip },
    context.now,
  );
}

function dummy(): Promise<string> {
  dummyHash ??= hashPassword(newToken());
  return dummyHash;
}
