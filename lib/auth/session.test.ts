import { describe, expect, it } from 'vitest';
import { issueTokenSession, readSession, SESSION_TTL_SECONDS, secretsMatch, sessionCookieOptions } from './session';

const token = 'correct-horse-battery-staple';
const t0 = new Date('2026-01-01T08:00:00Z');

describe('token sessions', () => {
  it('never put the token in the cookie, and are valid for 12 hours', async () => {
    const { value, session } = issueTokenSession({ token }, t0);
    expect(value).not.toContain(token);
    expect(session.expiresAt.getTime() - session.issuedAt.getTime()).toBe(12 * 3600 * 1000);
    expect(await readSession(value, { token }, new Date(t0.getTime() + 11 * 3600 * 1000))).toMatchObject({ kind: 'token', issuedAt: t0 });
    expect(await readSession(value, { token }, new Date(t0.getTime() + SESSION_TTL_SECONDS * 1000))).toBeNull();
  });
  it('refuse forged, altered and raw-token values, and end when the token changes', async () => {
    const { value } = issueTokenSession({ token }, t0);
    const later = new Date(t0.getTime() + 1000);
    const [kind, issued, , mac] = value.split('.');
    expect(await readSession(`${kind}.${issued}.${Number(issued) + 10 * SESSION_TTL_SECONDS}.${mac}`, { token }, later)).toBeNull();
    expect(await readSession(`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`, { token }, later)).toBeNull();
    expect(await readSession(token, { token }, later)).toBeNull();
    expect(await readSession(value, { token: 'another-token-of-16-chars' }, later)).toBeNull();
    expect(await readSession(value, {}, later)).toBeNull();
    expect(await readSession(undefined, { token }, later)).toBeNull();
  });
  it('refuse a value dated in the future', async () => {
    const { value } = issueTokenSession({ token }, new Date(t0.getTime() + 3600 * 1000));
    expect(await readSession(value, { token }, t0)).toBeNull();
  });
  it('set Secure only over HTTPS, always HttpOnly and SameSite=Strict with an expiry', () => {
    expect(sessionCookieOptions(true)).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', maxAge: SESSION_TTL_SECONDS, secure: true });
    expect(sessionCookieOptions(false).secure).toBe(false);
  });
  it('compare secrets exactly', () => {
    expect(secretsMatch(token, token)).toBe(true);
    expect(secretsMatch(`${token}x`, token)).toBe(false);
    expect(secretsMatch('', token)).toBe(false);
  });
});
