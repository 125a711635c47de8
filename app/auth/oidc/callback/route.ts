import { NextResponse, type NextRequest } from 'next/server';
import { oidcSessionValue } from '@/lib/auth/cookies';
import { completeSignIn, PENDING_COOKIE, pendingSignInSchema } from '@/lib/auth/oidc';
import { publicOrigin } from '@/lib/auth/origin';
import { SESSION_COOKIE } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { addAuditEntry } from '@/lib/store/audit';
import { createSession, upsertSignedInUser } from '@/lib/store/users';

function loginWithError(request: NextRequest, message: string) {
  const url = new URL('/login', publicOrigin(request));
  url.searchParams.set('error', message);
  const response = NextResponse.redirect(url);
  response.cookies.delete({ name: PENDING_COOKIE, path: '/auth/oidc' });
  return response;
}

/** The issuer sends the browser back here with a code: exchange it, record the user, start a session. */
export async function GET(request: NextRequest) {
  const raw = request.cookies.get(PENDING_COOKIE)?.value;
  let pending;
  try {
    pending = pendingSignInSchema.parse(JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8')));
  } catch {
    return loginWithError(request, 'The sign-in took too long or was started in another browser; sign in again.');
  }
  const providerError = request.nextUrl.searchParams.get('error');
  if (providerError) return loginWithError(request, `The identity provider refused the sign-in: ${request.nextUrl.searchParams.get('error_description') ?? providerError}.`);
  // The URL the issuer redirected to, as the browser saw it (behind a proxy, request.url holds the internal origin).
  const callbackUrl = new URL(`${publicOrigin(request)}${request.nextUrl.pathname}${request.nextUrl.search}`);
  let identity;
  try {
    identity = await completeSignIn(callbackUrl, pending);
  } catch (err) {
    return loginWithError(request, `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const user = await upsertSignedInUser(identity);
  const ttlMs = getEnv().SLUICE_SESSION_HOURS * 3_600_000;
  const session = await createSession(user.id, ttlMs);
  await addAuditEntry({ actor: { id: user.id, name: user.name, role: user.role }, action: 'auth.sign-in', summary: `Signed in with OpenID Connect as ${user.role} (${user.roleSource === 'admin' ? 'assigned by an admin' : user.roleSource === 'claim' ? 'from the identity provider' : 'the default role'})`, calls: [], result: 'ok' });
  const response = NextResponse.redirect(new URL(pending.next, publicOrigin(request)));
  response.cookies.delete({ name: PENDING_COOKIE, path: '/auth/oidc' });
  response.cookies.set(SESSION_COOKIE, oidcSessionValue(session.token), { httpOnly: true, sameSite: 'lax', secure: callbackUrl.protocol === 'https:', path: '/', expires: new Date(session.expiresAt) });
  return response;
}
