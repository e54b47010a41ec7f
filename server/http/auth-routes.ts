import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { signIn, signOut } from '../auth/sign-in.ts';
import { clearedSessionCookie, sessionCookie } from '../auth/session-policy.ts';
import { clientIp, requireSameOrigin, UNAUTHENTICATED } from './auth-session.ts';
import { HttpError, sendJson } from './http-error.ts';
import type { Route } from './routes.ts';

/** Sign-in bodies are tiny; anything bigger is not a sign-in. */
export const AUTH_MAX_BODY_BYTES = 4 * 1024;

const credentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const REJECTED = (): HttpError =>
  new HttpError(
    401,
    'SIGN_IN_FAILED',
    'Wrong username or password, or the account is locked for a while after repeated failures',
    'نام کاربری یا گذرواژه نادرست است، یا حساب پس از چند تلاش ناموفق موقتاً قفل شده است',
  );
const RATE_LIMITED = (): HttpError =>
  new HttpError(
    429,
    'TOO_MANY_ATTEMPTS',
    'Too many failed sign-ins from this address: wait 15 minutes and try again',
    'تلاش‌های ناموفق زیادی از این نشانی انجام شده است: ۱۵ دقیقه صبر کنید و دوباره بکوشید',
  );
const BAD_CREDENTIALS_BODY = (): HttpError =>
  new HttpError(
    400,
    'BAD_REQUEST',
    'Send {"username": "…", "password": "…"} as JSON',
    'نام کاربری و گذرواژه را به صورت JSON بفرستید',
  );

/** Secure cookies when served over TLS (a proxy terminating TLS should set Secure itself). */
function overTls(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && Boolean(req.socket.encrypted);
}

/**
 * `POST /api/auth/login` {username, password} → session cookie + `{ user, csrfToken }`. Public, so
 * guarded by SameSite=Strict cookies and an Origin check instead of the CSRF token.
 */
const loginRoute: Route = {
  method: 'POST',
  path: '/api/auth/login',
  access: 'public',
  maxBodyBytes: AUTH_MAX_BODY_BYTES,
  async handle({ req, res, readBody, db, now, ipLimiter }) {
    requireSameOrigin(req);
    let body: unknown;
    try {
      body = JSON.parse((await readBody()).toString('utf8'));
    } catch {
      throw BAD_CREDENTIALS_BODY();
    }
    const parsed = credentials.safeParse(body);
    if (!parsed.success) throw BAD_CREDENTIALS_BODY();
    const result = await signIn(db, {
      ...parsed.data,
      ip: clientIp(req),
      now: now(),
      limiter: ipLimiter,
    });
    if (!result.ok) throw result.reason === 'rate-limited' ? RATE_LIMITED() : REJECTED();
    res.setHeader('Set-Cookie', sessionCookie(result.token, { secure: overTls(req) }));
    sendJson(res, 200, { user: result.user, csrfToken: result.csrfToken });
  },
};

/** `POST /api/auth/logout`: deletes the session (CSRF-checked like every mutation). */
const logoutRoute: Route = {
  method: 'POST',
  path: '/api/auth/logout',
  async handle({ req, res, db, session, now }) {
    if (!session) throw UNAUTHENTICATED();
    await signOut(
      db,
      { tokenHash: session.tokenHash, username: session.user.username },
      { ip: clientIp(req), now: now() },
    );
    res.setHeader('Set-Cookie', clearedSessionCookie(overTls(req)));
    sendJson(res, 200, { ok: true });
  },
};

/** `GET /api/auth/session` → `{ user, csrfToken }`, or 401 when not signed in. */
const sessionRoute: Route = {
  method: 'GET',
  path: '/api/auth/session',
  handle({ res, session }) {
    if (!session) throw UNAUTHENTICATED();
    sendJson(res, 200, { user: session.user, csrfToken: session.csrfToken });
  },
};

export const authRoutes: readonly Route[] = [loginRoute, logoutRoute, sessionRoute];
