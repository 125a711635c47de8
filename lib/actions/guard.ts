import 'server-only';
import { cookies } from 'next/headers';
import { readSession, SESSION_COOKIE } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { fail, type ActionResult } from './result';

/**
 * Every server action calls this first. With no SLUICE_TOKEN configured the console is open (it listens on
 * 127.0.0.1 by default, and `sluice start` refuses other interfaces without a token); with one, the caller must
 * present a valid session cookie (set on /login). The proxy's redirect to /login is a convenience for pages; this
 * check is the one that protects the actions.
 */
export async function checkCaller(): Promise<Extract<ActionResult<never>, { ok: false }> | null> {
  const token = getEnv().SLUICE_TOKEN;
  if (!token) return null;
  if (await readSession((await cookies()).get(SESSION_COOKIE)?.value, { token })) return null;
  return fail('forbidden', 'Your session has ended or you are not signed in. Sign in again at /login.') as Extract<ActionResult<never>, { ok: false }>;
}
