import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { fail, type ActionResult } from './result';

export const TOKEN_COOKIE = 'sluice-token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every server action calls this first. With no SLUICE_TOKEN configured the console is open (it listens on
 * 127.0.0.1 by default); with one, the caller must present it in the `sluice-token` cookie (set on /login).
 */
export async function checkCaller(): Promise<Extract<ActionResult<never>, { ok: false }> | null> {
  const token = getEnv().SLUICE_TOKEN;
  if (!token) return null;
  const presented = (await cookies()).get(TOKEN_COOKIE)?.value ?? '';
  if (same(presented, token)) return null;
  return fail('forbidden', 'This console requires its dashboard token. Sign in at /login.') as Extract<ActionResult<never>, { ok: false }>;
}
