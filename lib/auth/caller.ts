import 'server-only';
import { cookies } from 'next/headers';
import { TOKEN_COOKIE, tokenMatches } from '@/lib/auth-token';
import { getEnv } from '@/lib/env';
import type { Caller } from './roles';

/**
 * The caller of a server action or page. With no SLUICE_TOKEN configured the console is open (it listens on
 * 127.0.0.1 by default) and the caller is the local admin; with one, the `sluice-token` cookie set on /login must
 * carry it. Undefined: nobody signed in.
 */
export async function currentCaller(): Promise<Caller | undefined> {
  const env = getEnv();
  const jar = await cookies();
  const token = env.SLUICE_TOKEN;
  if (token && tokenMatches(jar.get(TOKEN_COOKIE)?.value ?? '', token)) return { kind: 'token', id: 'token', name: 'Dashboard token', role: 'admin' };
  if (!token) return { kind: 'open', id: 'local', name: 'Local user', role: 'admin' };
  return undefined;
}
