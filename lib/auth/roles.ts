import { z } from 'zod';

/**
 * Roles, each including the ones before it: a viewer reads designs, integrations and history; a tester also sends
 * test requests; an operator also applies and tears down; an admin also manages connections and users.
 */
export const ROLES = ['viewer', 'tester', 'operator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Who is calling: the signed-in user, or the holder of the dashboard token, or anyone on an open console. */
export type Caller = {
  kind: 'open' | 'token' | 'oidc';
  /** Stable id: the OIDC subject (`oidc:{issuer}#{sub}` is stored as the user id), or `token` / `local`. */
  id: string;
  name: string;
  role: Role;
  sessionId?: string;
};
