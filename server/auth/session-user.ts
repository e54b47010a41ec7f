import type { Role } from '../db/schema.ts';
import type { Scope } from '../domain/scope.ts';
import type { UserSummary } from '../stores/users.ts';
import { can, type Permission } from './roles.ts';

const ALL_PERMISSIONS: readonly Permission[] = [
  'view',
  'export',
  'import',
  'manageUsers',
  'viewAudit',
];

/** Who is calling, as the API and the client see it (no ids, no hashes). */
export interface SessionUser {
  username: string;
  role: Role;
  scope: Scope;
  permissions: Permission[];
}

/** The public view of a user row. */
export function toSessionUser(user: Pick<UserSummary, 'username' | 'role' | 'scope'>): SessionUser {
  return {
    username: user.username,
    role: user.role,
    scope: user.scope,
    permissions: ALL_PERMISSIONS.filter((p) => can(user.role, p)),
  };
}
