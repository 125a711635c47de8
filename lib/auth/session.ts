import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Console sessions. Today there is one kind: signed in with the dashboard token (SLUICE_TOKEN). The cookie holds a
 * signed statement "token session, issued at T, valid until E", never the token: HMAC-SHA256 under a key derived
 * from the token, so changing SLUICE_TOKEN ends every session. Each value starts with its kind (`t1.`), so another
 * kind — e.g. a database-backed session after an OIDC sign-in — can be added to `readSession` without touching
 * its callers (proxy.ts, lib/auth/caller.ts, lib/actions/session.ts); OIDC sessions share the cookie with the
 * `o1.` kind (lib/auth/cookies.ts).
 */
export const SESSION_COOKIE = 'sluice-session';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export type Session = { kind: 'token'; issuedAt: Date; expiresAt: Date };
export type SessionConfig = { token?: string | undefined };

const TOKEN_KIND = 't1';

/** Constant-time comparison, so the time a wrong guess takes says nothing about the secret. */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function signature(token: string, payload: string): string {
  const key = createHmac('sha256', token).update('sluice console session key v1').digest();
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A new token session and its cookie value; callers set the cookie with `sessionCookieOptions`. */
export function issueTokenSession(config: Required<SessionConfig>, now: Date = new Date()): { value: string; session: Session } {
  const issued = Math.floor(now.getTime() / 1000);
  const payload = `${TOKEN_KIND}.${issued}.${issued + SESSION_TTL_SECONDS}`;
  return {
    value: `${payload}.${signature(config.token, payload)}`,
    session: { kind: 'token', issuedAt: new Date(issued * 1000), expiresAt: new Date((issued + SESSION_TTL_SECONDS) * 1000) },
  };
}

/**
 * The session a cookie value proves, or null (missing, forged, expired, issued in the future, or of a kind this
 * server does not accept). Async so that a session kind looked up in a database fits the same call.
 */
export async function readSession(value: string | undefined, config: SessionConfig, now: Date = new Date()): Promise<Session | null> {
  if (!value || !config.token) return null;
  const m = /^(t1)\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const [, kind, issuedText, expiresText, mac] = m;
  if (!secretsMatch(mac!, signature(config.token, `${kind}.${issuedText}.${expiresText}`))) return null;
  const issued = Number(issuedText);
  const expires = Number(expiresText);
  const nowS = now.getTime() / 1000;
  // A small allowance for clock steps; a value dated further ahead was not issued by this server.
  if (issued > nowS + 60 || nowS >= expires || expires - issued > SESSION_TTL_SECONDS) return null;
  return { kind: 'token', issuedAt: new Date(issued * 1000), expiresAt: new Date(expires * 1000) };
}

/**
 * Cookie attributes for the session. `secure` when the console is reached over HTTPS (a TLS-terminating proxy says
 * so with `X-Forwarded-Proto: https`), so the browser never sends the session over plain HTTP.
 */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', maxAge: SESSION_TTL_SECONDS, secure };
}

/** True when the request reached the console over HTTPS (directly or through a proxy that says so). */
export function isHttpsRequest(forwardedProto: string | null | undefined, url?: string): boolean {
  const first = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || (url !== undefined && url.startsWith('https:'));
}
