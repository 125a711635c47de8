import { NextResponse, type NextRequest } from 'next/server';
import { safeNextPath } from '@/lib/auth/next-path';
import { beginSignIn, oidcEnabled, PENDING_COOKIE } from '@/lib/auth/oidc';
import { publicOrigin } from '@/lib/auth/origin';

/** Starts an OpenID Connect sign-in: remembers PKCE verifier, state and destination, then sends the browser to the issuer. */
export async function GET(request: NextRequest) {
  if (!oidcEnabled()) return NextResponse.redirect(new URL('/login', publicOrigin(request)));
  const next = safeNextPath(request.nextUrl.searchParams.get('next'));
  const { url, pending } = await beginSignIn(`${publicOrigin(request)}/auth/oidc/callback`, next);
  const response = NextResponse.redirect(url);
  response.cookies.set(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
    httpOnly: true,
    // Lax: the cookie must come back on the issuer's top-level redirect to the callback.
    sameSite: 'lax',
    secure: url.protocol === 'https:' && publicOrigin(request).startsWith('https:'),
    path: '/auth/oidc',
    maxAge: 600,
  });
  return response;
}
