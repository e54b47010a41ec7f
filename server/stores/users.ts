import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, UserTable } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';
import { forgetCachedSessions } from './session-cache.ts';

export type UserRow = Selectable<UserTable>;

export interface UserSummary {
  id: number;
  username: string;
  role: Role;
  scope: Scope;
  disabled: boolean;
  lockedUntil: string | null;
}

/** 'all' or comma-separated province codes ↔ Scope. */
export function scopeFromColumn(value: string): Scope {
  if (value === 'all') return { provinces: 'all' };
  return { provinces: value.split(',').filter(Boolean) };
}

export function scopeToColumn(scope: Scope): string {
  return scope.provinces === 'all' ? 'all' : scope.provinces.join(',');
}

export function summariseUser(row: UserRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    scope: scopeFromColumn(row.provinces),
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
  };
}

export async function getUserByName(
  db: Kysely<Database>,
  username: string,
): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(summariseUser);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function createUser(
  db: Kysely<Database>,
  user: { username: string; passwordHash: string; role: Role; scope: Scope },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      provinces: scopeToColumn(user.scope),
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  changes: Partial<{ passwordHash: string; role: Role; scope: Scope; disabled: boolean }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      updated_at: now.toISOString(),
      ...(changes.passwordHash !== undefined
        ? { password_hash: changes.passwordHash, failed_attempts: 0, locked_until: null }
        : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.scope !== undefined ? { provinces: scopeToColumn(changes.scope) } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
  // A changed password, role, scope or a disabled account ends the user's sessions.
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  forgetCachedSessions();
}

/** Records a failed sign-in; locks the account once `maxAttempts` failures are reached. */
export async function recordFailedSignIn(
  db: Kysely<Database>,
  id: number,
  options: { now: Date; maxAttempts: number; lockoutMs: number },
): Promise<{ locked: boolean }> {
  const user = await getUserById(db, id);
  if (!user) return { locked: false };
  const attempts = user.failed_attempts + 1;
  const locked = attempts >= options.maxAttempts;
  await db
    .updateTable('users')
    .set({
      failed_attempts: locked ? 0 : attempts,
      locked_until: locked
        ? new Date(options.now.getTime() + options.lockoutMs).toISOString()
        : user.locked_until,
    })
    .where('id', '=', id)
    .execute();
  return { locked };
}

export async function recordSuccessfulSignIn(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}
