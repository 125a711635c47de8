import { describe, expect, it } from 'vitest';
import { safeNextPath, tokenMatches } from './auth-token';

describe('dashboard token', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('correct-horse-battery', 'correct-horse-battery')).toBe(true);
    expect(tokenMatches('correct-horse-batterY', 'correct-horse-battery')).toBe(false);
    expect(tokenMatches('', 'correct-horse-battery')).toBe(false);
    expect(tokenMatches('correct-horse-battery-and-more', 'correct-horse-battery')).toBe(false);
  });
  it('follows only same-site paths after sign-in', () => {
    expect(safeNextPath('/designs/abc/queue')).toBe('/designs/abc/queue');
    expect(safeNextPath('//evil.example.com/x')).toBe('/designs');
    expect(safeNextPath('https://evil.example.com')).toBe('/designs');
    expect(safeNextPath('/login')).toBe('/designs');
    expect(safeNextPath(undefined)).toBe('/designs');
  });
});
