import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('the path followed after sign-in', () => {
  it('keeps paths on this console, with their query', () => {
    expect(safeNextPath('/designs/abc/queue')).toBe('/designs/abc/queue');
    expect(safeNextPath('/integrations?x=1#top')).toBe('/integrations?x=1#top');
  });
  it('never leaves the site, also in the forms browsers normalise into another host', () => {
    for (const next of ['//evil.example.com/x', 'https://evil.example.com', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\/evil.example', '/.//evil.example', '/%09/evil.example/..//x', ' /x', 'javascript:alert(1)']) {
      const target = safeNextPath(next);
      expect(new URL(target, 'http://127.0.0.1:3000').origin, JSON.stringify(next)).toBe('http://127.0.0.1:3000');
      expect(target.startsWith('//'), JSON.stringify(next)).toBe(false);
    }
    expect(safeNextPath('/\\evil.example')).toBe('/designs');
    expect(safeNextPath('/\t/evil.example')).toBe('/designs');
  });
  it('does not loop back to the login page', () => {
    expect(safeNextPath('/login')).toBe('/designs');
    expect(safeNextPath(undefined)).toBe('/designs');
  });
});
