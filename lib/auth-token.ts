import { timingSafeEqual } from 'node:crypto';

/** Cookie that carries the dashboard token (SLUICE_TOKEN) once the user has signed in on /login. */
export const TOKEN_COOKIE = 'sluice-token';

/** Constant-time comparison, so the time a wrong guess takes says nothing about the token. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only same-site paths are followed after signing in (no open redirect to another host). */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/designs';
}
