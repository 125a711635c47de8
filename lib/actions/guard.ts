import 'server-only';
import { cookies } from 'next/headers';
import { TOKEN_COOKIE, tokenMatches } from '@/lib/auth-token';
import { getEnv } from '@/lib/env';
import { fail, type ActionResult } from './result';

/**
 * Every server action calls this first. With no SLUICE_TOKEN configured the console is open (it listens on
 * 127.0.0.1 by default); with one, the caller must present it in the `sluice-token` cookie (set on /login). The
 * proxy's redirect to /login is a convenience for pages; this check is the one that protects the actions.
 */
export async function checkCaller(): Promise<Extract<ActionResult<never>, { ok: false }> | null> {
  const token = getEnv().SLUICE_TOKEN;
  if (!token) return null;
  const presented = (await cookies()).get(TOKEN_COOKIE)?.value ?? '';
  if (tokenMatches(presented, token)) return null;
  return fail('forbidden', 'This console requires its dashboard token. Sign in at /login.') as Extract<ActionResult<never>, { ok: false }>;
}
