import { createContext, useContext } from 'react';
import type { SessionUser } from '../../server/auth/session-user.ts';

export type { SessionUser };

/** What `GET /api/auth/session` and `POST /api/auth/login` answer. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}

// The CSRF token of this tab's session: sent with every mutation (tRPC and other POSTs).
let csrfToken: string | null = null;

export function rememberSession(session: SessionInfo | null): void {
  csrfToken = session?.csrfToken ?? null;
}

/** The header every non-GET request carries (issue #8). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** The signed-in user, or null when the server answers 401. */
export async function fetchSession(): Promise<SessionInfo | null> {
  const res = await fetch('/api/auth/session', { headers: { Accept: 'application/json' } });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
  const session = (await res.json()) as SessionInfo;
  rememberSession(session);
  return session;
}

/** Where a signed-out visitor goes, remembering the page they asked for. */
export function loginHref(from: Location = location): string {
  const next = `${from.pathname}${from.search}`;
  const lang = new URLSearchParams(from.search).get('lang');
  const params = new URLSearchParams();
  if (next !== '/' && !next.startsWith('/login')) params.set('next', next);
  if (lang === 'en') params.set('lang', 'en');
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

/** Sends the browser to the login page (a session expired or was ended elsewhere). */
export function redirectToLogin(): void {
  if (location.pathname !== '/login') location.assign(loginHref());
}

/**
 * fetch for the API client: adds the CSRF header to mutations and sends a 401 (signed out,
 * expired) to the login page.
 */
export const sessionFetch: typeof fetch = async (input, init) => {
  const method = (init?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers);
  if (method !== 'GET' && method !== 'HEAD')
    for (const [k, v] of Object.entries(csrfHeaders())) headers.set(k, v);
  const res = await fetch(input, { ...init, headers });
  if (res.status === 401) redirectToLogin();
  return res;
};

/** The signed-in user for components (the app renders only once it is known). */
export const SessionContext = createContext<SessionUser | null>(null);

export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext);
}

/**
 * The province codes among `codes` that the signed-in user may not see. The server answers
 * nothing for them anyway; this lets a page say so instead of showing bare zeros.
 */
export function useOutsideScope(codes: readonly string[]): string[] {
  const provinces = useSessionUser()?.scope.provinces ?? 'all';
  return provinces === 'all' ? [] : codes.filter((code) => !provinces.includes(code));
}

/** Does the signed-in user's role allow this? */
export function useCan(permission: SessionUser['permissions'][number]): boolean {
  return useSessionUser()?.permissions.includes(permission) ?? false;
}

/** Ends the session, then shows the login page. */
export async function signOut(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', headers: csrfHeaders() }).catch(
    () => undefined,
  );
  rememberSession(null);
  location.assign('/login');
}
