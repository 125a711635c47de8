'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { TOKEN_COOKIE } from '@/lib/auth-token';
import { currentCaller } from '@/lib/auth/caller';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { addAuditEntry } from '@/lib/store/audit';
import { deleteSession } from '@/lib/store/users';

/** Ends the sign-in: the OpenID Connect session is deleted from the database (so the cookie is dead everywhere). */
export async function signOutAction(): Promise<never> {
  const jar = await cookies();
  const caller = await currentCaller();
  const session = jar.get(SESSION_COOKIE)?.value;
  if (session) await deleteSession(session);
  if (caller && caller.kind !== 'open') await addAuditEntry({ actor: { id: caller.id, name: caller.name, role: caller.role }, action: 'auth.sign-out', summary: 'Signed out', calls: [], result: 'ok' });
  jar.delete(SESSION_COOKIE);
  jar.delete(TOKEN_COOKIE);
  redirect('/login');
}
