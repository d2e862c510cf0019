// Roles, each including the ones below it (viewer < member < manager < admin).
export type Role = 'viewer' | 'member' | 'manager' | 'admin';
export const ROLES: Role[] = ['viewer', 'member', 'manager', 'admin'];

export function roleAtLeast(role: Role | null | undefined, needed: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
