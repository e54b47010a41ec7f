import type { Role } from '../db/schema.ts';

export const ROLES = ['admin', 'analyst', 'manager', 'viewer'] as const satisfies readonly Role[];

export type Permission = 'view' | 'export' | 'import' | 'manageUsers' | 'viewAudit';

/**
 * What each role may do (issue #8). Analysts explore every view and may also export what they
 * see (the issue lists exports under managers; an analyst who can see a table but not save it
 * would copy it by hand). Viewers only look.
 */
const PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['view', 'export', 'import', 'manageUsers', 'viewAudit'],
  analyst: ['view', 'export'],
  manager: ['view', 'export'],
  viewer: ['view'],
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
