/**
 * An OpenID Connect sign-in shares the session cookie (SESSION_COOKIE, lib/auth/session.ts) with token sessions: its
 * value is `o1.` and an opaque id whose SHA-256 is the sessions row (lib/store/users.ts).
 */
const OIDC_KIND = 'o1.';

export function oidcSessionValue(id: string): string {
  return `${OIDC_KIND}${id}`;
}

/** The session id of an OIDC session cookie value, or undefined for another kind. */
export function oidcSessionId(value: string | undefined): string | undefined {
  return value?.startsWith(OIDC_KIND) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(OIDC_KIND.length)) ? value.slice(OIDC_KIND.length) : undefined;
}
