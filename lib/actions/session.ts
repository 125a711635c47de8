'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { currentCaller } from '@/lib/auth/caller';
import { oidcSessionId } from '@/lib/auth/cookies';
import { safeNextPath } from '@/lib/auth/next-path';
import { isHttpsRequest, issueTokenSession, secretsMatch, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/session';
import { clientKey, SignInThrottle } from '@/lib/auth/throttle';
import { getEnv } from '@/lib/env';
import { addAuditEntry } from '@/lib/store/audit';
import { deleteSession } from '@/lib/store/users';

export type SignInState = { error?: string };

const signInSchema = z.object({ token: z.string().min(1, 'Enter the dashboard token.').max(1024, 'That is not the dashboard token configured on the server (SLUICE_TOKEN).'), next: z.string().max(2048).optional() });

// One throttle per server process; Next may load this module more than once, so it lives on globalThis.
const throttleKey = Symbol.for('sluice.auth.throttle');
const g = globalThis as typeof globalThis & { [throttleKey]?: SignInThrottle };
const throttle = (g[throttleKey] ??= new SignInThrottle());

const tooMany = (seconds: number) => ({ error: `Too many attempts, try again in ${seconds} s.` });

/** Checks the dashboard token and starts a signed session (lib/auth/session.ts); the token itself is never stored. */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ token: formData.get('token'), next: formData.get('next') ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter the dashboard token.' };
  const expected = getEnv().SLUICE_TOKEN;
  if (!expected) redirect(safeNextPath(parsed.data.next));
  const h = await headers();
  const client = clientKey(h.get('x-forwarded-for'));
  const verdict = throttle.check(client);
  if (!verdict.allowed) return tooMany(verdict.retryAfterSeconds);
  if (!secretsMatch(parsed.data.token, expected)) {
    const next = throttle.fail(client);
    return next.allowed ? { error: 'That is not the dashboard token configured on the server (SLUICE_TOKEN).' } : tooMany(next.retryAfterSeconds);
  }
  throttle.succeed(client);
  const { value } = issueTokenSession({ token: expected });
  (await cookies()).set(SESSION_COOKIE, value, sessionCookieOptions(isHttpsRequest(h.get('x-forwarded-proto'))));
  redirect(safeNextPath(parsed.data.next));
}

/** Ends the session and returns to the login page; a single sign-on session is deleted from the database too. */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const caller = await currentCaller();
  const oidcId = oidcSessionId(jar.get(SESSION_COOKIE)?.value);
  if (oidcId) await deleteSession(oidcId);
  if (caller && caller.kind !== 'open') await addAuditEntry({ actor: { id: caller.id, name: caller.name, role: caller.role }, action: 'auth.sign-out', summary: 'Signed out', calls: [], result: 'ok' });
  jar.delete(SESSION_COOKIE);
  redirect('/login');
}
