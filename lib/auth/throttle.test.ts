import { describe, expect, it } from 'vitest';
import { clientKey, SignInThrottle } from './throttle';

describe('sign-in throttle', () => {
  it('locks a client out for 30 s after 5 wrong tokens in a minute, then doubles the wait', () => {
    const t = new SignInThrottle();
    let now = 1_000_000;
    for (let i = 0; i < 4; i += 1) expect(t.fail('10.0.0.1', (now += 1000))).toEqual({ allowed: true });
    expect(t.fail('10.0.0.1', (now += 1000))).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(t.check('10.0.0.1', now + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(t.check('10.0.0.2', now)).toEqual({ allowed: true });
    now += 30_000;
    expect(t.check('10.0.0.1', now)).toEqual({ allowed: true });
    expect(t.fail('10.0.0.1', now)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now += 60_000;
    expect(t.fail('10.0.0.1', now)).toEqual({ allowed: false, retryAfterSeconds: 120 });
  });
  it('300 rapid guesses get at most 5 tries before the lockout', () => {
    const t = new SignInThrottle();
    let tried = 0;
    for (let i = 0; i < 300; i += 1) {
      const now = 5_000_000 + i * 30;
      if (!t.check('10.0.0.9', now).allowed) continue;
      tried += 1;
      t.fail('10.0.0.9', now);
    }
    expect(tried).toBe(5);
  });
  it('a right token clears the record; a quiet quarter of an hour forgets it', () => {
    const t = new SignInThrottle();
    for (let i = 0; i < 4; i += 1) t.fail('a', i);
    t.succeed('a');
    for (let i = 0; i < 4; i += 1) expect(t.fail('a', 10 + i).allowed).toBe(true);
    for (let i = 0; i < 5; i += 1) t.fail('b', i);
    expect(t.check('b', 16 * 60_000)).toEqual({ allowed: true });
  });
  it('caps wrong tokens across all clients, so a forged X-Forwarded-For per guess does not help', () => {
    const t = new SignInThrottle();
    let tried = 0;
    for (let i = 0; i < 300; i += 1) {
      const client = `198.51.100.${i}`;
      if (!t.check(client, 7_000_000 + i).allowed) continue;
      tried += 1;
      t.fail(client, 7_000_000 + i);
    }
    expect(tried).toBe(60);
    expect(t.check('203.0.113.1', 7_000_000 + 300)).toMatchObject({ allowed: false });
  });
  it('keys clients by the last X-Forwarded-For entry', () => {
    expect(clientKey('203.0.113.7, 10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey(null)).toBe('unknown');
  });
});
