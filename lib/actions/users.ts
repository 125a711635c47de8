'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleSchema } from '@/lib/auth/roles';
import { assignRole, listUsers, type User } from '@/lib/store/users';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

export const listUsersAction = authorizedAction({ role: 'admin' }, async (): Promise<ActionResult<User[]>> => ok(await listUsers()));

/** An admin's role assignment outlasts the identity provider's claim until an admin changes it. */
export const setUserRoleAction = authorizedAction(
  { role: 'admin', audit: 'users.set-role', input: z.object({ userId: z.string().min(1).max(500), role: roleSchema }), invalid: 'Pick a user and one of the roles viewer, tester, operator, admin.' },
  async ({ userId, role }, { audit }): Promise<ActionResult<{ userId: string; role: string }>> => {
    audit.summary = `Assigned the ${role} role to ${userId}`;
    if (!(await assignRole(userId, role))) return fail('not_found', 'No such user; users appear here after their first sign-in.');
    revalidatePath('/users');
    return ok({ userId, role });
  },
);
