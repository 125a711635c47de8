import 'server-only';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { sessionUser } from '@/lib/store/users';
import { oidcSessionId } from './cookies';
import { oidcEnabled } from './oidc';
import type { Caller } from './roles';
import { readSession, SESSION_COOKIE } from './session';

/**
 * The caller of a server action or page: the user of an unexpired OpenID Connect session, else the holder of a
 * session signed in with the dashboard token (SLUICE_TOKEN, the single-user setup; an admin), else — only when
 * neither is configured, on a console that listens on 127.0.0.1 — the local user, also an admin. Undefined: nobody
 * signed in.
 */
export async function currentCaller(): Promise<Caller | undefined> {
  const env = getEnv();
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  const oidcId = oidcSessionId(value);
  if (oidcId && oidcEnabled(env)) {
    const found = await sessionUser(oidcId);
    if (found) return { kind: 'oidc', id: found.user.id, name: found.user.name, role: found.user.role, sessionId: found.sessionId };
  }
  const token = env.SLUICE_TOKEN;
  if (token && (await readSession(value, { token }))) return { kind: 'token', id: 'token', name: 'Dashboard token', role: 'admin' };
  if (!token && !oidcEnabled(env)) return { kind: 'open', id: 'local', name: 'Local user', role: 'admin' };
  return undefined;
}
