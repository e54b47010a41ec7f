import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';
import { PROVINCES } from '../domain/reference.ts';
import type { Scope } from '../domain/scope.ts';
import { recordAudit } from '../stores/audit.ts';
import { SHARED_OWNER } from '../stores/saved-views.ts';
import { createUser, getUserByName, updateUser } from '../stores/users.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { isRole } from './roles.ts';

/** A refused user change, in both languages (the CLI prints `message`, the admin page either). */
export class UserAdminError extends Error {
  override name = 'UserAdminError';
  constructor(
    message: string,
    readonly messageFa: string,
    readonly kind: 'invalid' | 'not-found' | 'conflict' = 'invalid',
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const PROVINCE_CODES = new Set(PROVINCES.map((p) => p.code));

export function checkUsername(username: string): string {
  const name = username.trim().toLowerCase();
  // 'shared' owns the saved views of in-process callers; no person may take it.
  if (!USERNAME.test(name) || name === SHARED_OWNER)
    throw new UserAdminError(
      'username: 2–64 Latin letters, digits, ".", "_" or "-", starting with a letter or digit',
      'نام کاربری: ۲ تا ۶۴ حرف لاتین، رقم، «.»، «_» یا «-» که با حرف یا رقم آغاز شود',
    );
  return name;
}

export function checkRole(role: string): Role {
  if (!isRole(role))
    throw new UserAdminError(
      'role must be admin, analyst, manager or viewer',
      'نقش باید admin، analyst، manager یا viewer باشد',
    );
  return role;
}

/** `all` or a list of ISO codes (a comma-separated string or an array), each known. */
export function parseScope(value: string | readonly string[]): Scope {
  if (value === 'all') return { provinces: 'all' };
  const codes = (typeof value === 'string' ? value.split(',') : value)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const unknown = codes.filter((c) => !PROVINCE_CODES.has(c));
  if (unknown.length > 0 || codes.length === 0)
    throw new UserAdminError(
      `provinces: "all" or ISO codes such as IR-10,IR-23 (unknown: ${unknown.join(', ') || 'none given'})`,
      `استان‌ها: all یا کدهایی مانند IR-10,IR-23 (نامعتبر: ${unknown.join('، ') || 'هیچ'})`,
    );
  return { provinces: [...new Set(codes)].sort() };
}

export function checkPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new UserAdminError(problem, 'گذرواژه باید دست‌کم ۱۰ نویسه باشد');
  return password;
}

/** Who made a change, for the audit log. */
export interface Actor {
  username: string | null;
  ip?: string | null;
  now: Date;
}

/** Adds a user (audited as `user-add`); returns the stored (lower-case) username. */
export async function addUser(
  db: Kysely<Database>,
  input: {
    username: string;
    role: string;
    provinces: string | readonly string[];
    password: string;
  },
  actor: Actor,
): Promise<string> {
  const username = checkUsername(input.username);
  const role = checkRole(input.role);
  const scope = parseScope(input.provinces);
  const password = checkPassword(input.password);
  if (await getUserByName(db, username))
    throw new UserAdminError(
      `user ${username} already exists`,
      `کاربر ${username} وجود دارد`,
      'conflict',
    );
  await createUser(
    db,
    { username, role, scope, passwordHash: await hashPassword(password) },
    actor.now,
  );
  await audit(db, actor, 'user-add', { user: username, role, provinces: scope.provinces });
  return username;
}

export interface UserChange {
  role?: string;
  provinces?: string | readonly string[];
  password?: string;
  disabled?: boolean;
}

/**
 * Changes a user's role, provinces, password or disabled flag; any change ends their sessions
 * (stores/users.ts), so a narrowed scope applies at once. Audited per kind of change.
 */
export async function changeUser(
  db: Kysely<Database>,
  name: string,
  change: UserChange,
  actor: Actor,
): Promise<void> {
  const username = name.trim().toLowerCase();
  const user = await getUserByName(db, username);
  if (!user)
    throw new UserAdminError(`no user ${username}`, `کاربر ${username} وجود ندارد`, 'not-found');
  const role = change.role !== undefined ? checkRole(change.role) : undefined;
  const scope = change.provinces !== undefined ? parseScope(change.provinces) : undefined;
  const password = change.password !== undefined ? checkPassword(change.password) : undefined;
  await updateUser(
    db,
    user.id,
    {
      ...(role ? { role } : {}),
      ...(scope ? { scope } : {}),
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    },
    actor.now,
  );
  if (role) await audit(db, actor, 'user-role', { user: username, from: user.role, to: role });
  if (scope)
    await audit(db, actor, 'user-scope', {
      user: username,
      from: user.provinces,
      to: scope.provinces,
    });
  if (password) await audit(db, actor, 'user-passwd', { user: username });
  if (change.disabled !== undefined)
    await audit(db, actor, change.disabled ? 'user-disable' : 'user-enable', { user: username });
}

function audit(
  db: Kysely<Database>,
  actor: Actor,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  return recordAudit(
    db,
    { username: actor.username, action, outcome: 'ok', detail, ip: actor.ip ?? null },
    actor.now,
  );
}
