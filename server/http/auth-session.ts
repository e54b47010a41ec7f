import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import { toSessionUser, type SessionUser } from '../auth/session-user.ts';
import {
  CSRF_HEADER,
  hashToken,
  readCookie,
  sessionAlive,
  SESSION_COOKIE,
} from '../auth/session-policy.ts';
import { changeTokenOf } from '../db/change-token.ts';
import type { Database } from '../db/schema.ts';
import { cachedSession } from '../stores/session-cache.ts';
import { deleteSession, getSession, touchSession } from '../stores/sessions.ts';
import { HttpError } from './http-error.ts';

/** A valid session of an enabled user, resolved for one request. */
export interface SignedIn {
  tokenHash: string;
  csrfToken: string;
  user: SessionUser;
}

// last_seen_at is written at most this often, so every request does not become a write.
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * The request's session, or null. Expired sessions (idle or absolute) and sessions of disabled
 * users are deleted on sight, so the timeouts hold on every request whatever the cookie says.
 * The row is read at most every SESSION_CACHE_MS while the data is unchanged (session-cache.ts).
 */
export async function currentSession(
  db: Kysely<Database>,
  req: IncomingMessage,
  now: Date,
  /** The request's change token (db/change-token.ts), read once when it started. */
  version: string | null = changeTokenOf(db),
): Promise<SignedIn | null> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const session = await cachedSession(db, tokenHash, () => getSession(db, tokenHash), version);
  if (!session) return null;
  if (session.user.disabled || !sessionAlive(session, now)) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    await touchSession(db, tokenHash, now);
  }
  return { tokenHash, csrfToken: session.csrfToken, user: toSessionUser(session.user) };
}

export const UNAUTHENTICATED = (): HttpError =>
  new HttpError(401, 'UNAUTHENTICATED', 'Sign in first', 'ابتدا وارد شوید');

export const FORBIDDEN = (): HttpError =>
  new HttpError(
    403,
    'FORBIDDEN',
    'Your role does not allow this',
    'نقش کاربری شما اجازهٔ این کار را نمی‌دهد',
  );

const CSRF_REJECTED = (): HttpError =>
  new HttpError(
    403,
    'CSRF',
    'The request did not come from this application: reload the page and try again',
    'درخواست از این برنامه نیامده است: صفحه را دوباره بارگذاری کنید و دوباره بکوشید',
  );

/**
 * When the browser names the page's origin (it does on every cross-site and same-site POST),
 * it must be this server. Requests without Origin (curl, old browsers) rely on the token.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws 403 unless the request is same-origin and carries the session's CSRF token. */
export function requireCsrf(req: IncomingMessage, session: SignedIn): void {
  if (!sameOrigin(req)) throw CSRF_REJECTED();
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string') throw CSRF_REJECTED();
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw CSRF_REJECTED();
}

export function requireSameOrigin(req: IncomingMessage): void {
  if (!sameOrigin(req)) throw CSRF_REJECTED();
}

/** The client address for the audit log and the limiter (the socket's; no proxy headers trusted). */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Unsafe methods are the ones CSRF protection covers. */
export function isMutation(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
