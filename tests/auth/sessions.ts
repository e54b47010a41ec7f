import type { Kysely } from 'kysely';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { Database, Role } from '../../server/db/schema.ts';
import type { Scope } from '../../server/domain/scope.ts';
import { createUser } from '../../server/stores/users.ts';

/** What a signed-in test client sends: the session cookie and, for mutations, the CSRF token. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** Headers for any request (GET or mutation): Cookie and x-csrf-token. */
  headers: Record<string, string>;
  user: { username: string; role: Role; scope: Scope; permissions: string[] };
}

export const TEST_PASSWORD = 'correct horse battery';

/** Adds a user straight to the database (what `npm run user -- add` does). */
export async function addTestUser(
  db: Kysely<Database>,
  user: { username: string; role: Role; scope?: Scope; password?: string },
): Promise<void> {
  await createUser(
    db,
    {
      username: user.username,
      role: user.role,
      scope: user.scope ?? { provinces: 'all' },
      passwordHash: await hashPassword(user.password ?? TEST_PASSWORD),
    },
    new Date(),
  );
}

/** Signs in over HTTP, exactly as the login page does. */
export async function signInOverHttp(
  baseUrl: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<TestSession> {
  const res = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; user: TestSession['user'] };
  return {
    cookie,
    csrfToken: body.csrfToken,
    headers: { Cookie: cookie, 'x-csrf-token': body.csrfToken },
    user: body.user,
  };
}

/** Adds the user and signs in. */
export async function newSession(
  db: Kysely<Database>,
  baseUrl: string,
  user: { username: string; role: Role; scope?: Scope },
): Promise<TestSession> {
  await addTestUser(db, user);
  return signInOverHttp(baseUrl, user.username);
}
