import { NextResponse, type NextRequest } from 'next/server';
import { hostPolicy, isAllowedHost, originHost } from '@/lib/auth/hosts';
import { oidcSessionId } from '@/lib/auth/cookies';
import { readSession, SESSION_COOKIE } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';

function refuse(message: string): NextResponse {
  return new NextResponse(`${message}\n`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Runs before every page and server action. First the Host check: a request under a name this console is not known
 * by (DNS rebinding, lib/auth/hosts.ts) or from a page on another origin is refused, token or not. Then, with
 * SLUICE_TOKEN or OpenID Connect configured, requests without a session go to /login. Pages and server actions
 * check the caller again themselves (lib/auth/caller.ts): the redirect is for people, not the security boundary.
 */
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const policy = hostPolicy(env.SLUICE_HOST, env.SLUICE_ALLOWED_HOSTS);
  const forwardedHost = request.headers.get('x-forwarded-host');
  if (!isAllowedHost(request.headers.get('host'), policy) || (forwardedHost !== null && !isAllowedHost(forwardedHost, policy))) {
    return refuse(`This console does not answer to the host name ${forwardedHost ?? request.headers.get('host') ?? '(none)'}. Open it at http://127.0.0.1:${env.PORT}, or add the name to SLUICE_ALLOWED_HOSTS on the server.`);
  }
  const origin = request.headers.get('origin');
  const unsafeMethod = request.method !== 'GET' && request.method !== 'HEAD';
  if (origin !== null && (origin !== 'null' || unsafeMethod)) {
    const host = originHost(origin);
    if (!host || !isAllowedHost(host, policy)) return refuse('Requests from other sites are refused.');
  }

  const token = env.SLUICE_TOKEN;
  const oidc = Boolean(env.SLUICE_OIDC_ISSUER && env.SLUICE_OIDC_CLIENT_ID);
  const path = request.nextUrl.pathname;
  const session = request.cookies.get(SESSION_COOKIE)?.value;
  if ((!token && !oidc) || path === '/login' || path.startsWith('/auth/oidc/')) return NextResponse.next();
  // A single sign-on session is checked against the database by the page or action (lib/auth/caller.ts).
  if ((oidc && oidcSessionId(session)) || (token && (await readSession(session, { token })))) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', `${path}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
