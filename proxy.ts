import { NextResponse, type NextRequest } from 'next/server';
import { TOKEN_COOKIE, tokenMatches } from '@/lib/auth-token';

/**
 * With SLUICE_TOKEN set, requests without the token cookie are sent to /login. Server actions check the token again
 * themselves (lib/actions/guard.ts): this redirect is for people, not the security boundary.
 */
export function proxy(request: NextRequest) {
  const token = process.env.SLUICE_TOKEN;
  if (!token || tokenMatches(request.cookies.get(TOKEN_COOKIE)?.value ?? '', token)) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', request.nextUrl.pathname);
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/((?!login|_next/static|_next/image|favicon.ico).*)'] };
