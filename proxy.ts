import { NextResponse, type NextRequest } from 'next/server';
import { TOKEN_COOKIE, tokenMatches } from '@/lib/auth-token';
import { SESSION_COOKIE } from '@/lib/auth/cookies';

/**
 * With SLUICE_TOKEN or OpenID Connect configured, requests without a sign-in cookie are sent to /login. Pages and
 * server actions check the caller again themselves (lib/auth/caller.ts; a session cookie is only checked against the
 * database there): this redirect is for people, not the security boundary.
 */
export function proxy(request: NextRequest) {
  const token = process.env.SLUICE_TOKEN;
  const oidc = Boolean(process.env.SLUICE_OIDC_ISSUER && process.env.SLUICE_OIDC_CLIENT_ID);
  if (!token && !oidc) return NextResponse.next();
  if (token && tokenMatches(request.cookies.get(TOKEN_COOKIE)?.value ?? '', token)) return NextResponse.next();
  if (oidc && request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', request.nextUrl.pathname);
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/((?!login|auth/|_next/static|_next/image|favicon.ico).*)'] };
