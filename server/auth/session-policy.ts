import { createHash, randomBytes } from 'node:crypto';

/** Session lifetimes: signed out after 30 idle minutes, and after 12 hours whatever happens. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Sign-in lockout: this many failures in a row lock the account for LOCKOUT_MS. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const SESSION_COOKIE = 'hemayat_session';
export const CSRF_HEADER = 'x-csrf-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so the session table alone cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
}

/** Is the session still valid at `now`? */
export function sessionAlive(times: SessionTimes, now: Date): boolean {
  const t = now.getTime();
  return (
    t - Date.parse(times.lastSeenAt) < IDLE_TIMEOUT_MS &&
    t - Date.parse(times.createdAt) < ABSOLUTE_TIMEOUT_MS
  );
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict, Secure when served over HTTPS. */
export function sessionCookie(
  token: string,
  options: { secure: boolean; maxAgeSeconds?: number },
): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds ?? Math.floor(ABSOLUTE_TIMEOUT_MS / 1000)}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
