import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ALL_SCOPE } from '../domain/scope.ts';
import { recordAudit } from '../stores/audit.ts';
import { countUsers, createUser } from '../stores/users.ts';
import { hashPassword, passwordProblem, randomPassword } from './passwords.ts';

export const FIRST_ADMIN = 'admin';

/** ADMIN_PASSWORD is set but unusable; start-up stops with this message. */
export class AdminPasswordError extends Error {
  override name = 'AdminPasswordError';
}

/**
 * First start (no users at all): creates `admin` with every province, password ADMIN_PASSWORD
 * or a random one handed to `announce` exactly once. Never runs again once any user exists.
 * @returns whether an admin was created
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  options: { adminPassword?: string; announce: (line: string) => void; now?: Date },
): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const given = options.adminPassword || undefined;
  if (given !== undefined) {
    const problem = passwordProblem(given);
    if (problem) throw new AdminPasswordError(`ADMIN_PASSWORD: ${problem}`);
  }
  const password = given ?? randomPassword();
  const now = options.now ?? new Date();
  await createUser(
    db,
    {
      username: FIRST_ADMIN,
      passwordHash: await hashPassword(password),
      role: 'admin',
      scope: ALL_SCOPE,
    },
    now,
  );
  await recordAudit(
    db,
    {
      username: null,
      action: 'user-add',
      outcome: 'ok',
      detail: { user: FIRST_ADMIN, role: 'admin', scope: 'all', by: 'first start' },
    },
    now,
  );
  options.announce(
    given !== undefined
      ? `Created the first user "${FIRST_ADMIN}" with the password from ADMIN_PASSWORD.`
      : `Created the first user "${FIRST_ADMIN}". One-time password (shown only now, change it with \`npm run user -- passwd admin\`): ${password}`,
  );
  return true;
}
