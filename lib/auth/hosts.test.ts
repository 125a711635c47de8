import { describe, expect, it } from 'vitest';
import { hostPolicy, isAllowedHost, originHost } from './hosts';

describe('Host allow-list', () => {
  it('answers to loopback names and the configured host, not to a rebinding name', () => {
    const policy = hostPolicy('127.0.0.1', undefined);
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:3000', '127.0.0.1']) expect(isAllowedHost(host, policy), host).toBe(true);
    for (const host of ['evil.example:3000', 'localhost.evil.example', '192.168.1.5:3000', '', 'a@127.0.0.1', '127.0.0.1/x', undefined]) expect(isAllowedHost(host, policy), String(host)).toBe(false);
  });
  it('adds SLUICE_HOST and SLUICE_ALLOWED_HOSTS (a reverse proxy name, with or without port)', () => {
    const policy = hostPolicy('sluice.lan', 'console.example.com:443, Other.Example ');
    for (const host of ['sluice.lan:3000', 'console.example.com', 'other.example:8443']) expect(isAllowedHost(host, policy), host).toBe(true);
    expect(isAllowedHost('evil.example', policy)).toBe(false);
  });
  it('on every interface, accepts IP addresses (they cannot be rebound) but still no foreign names', () => {
    const policy = hostPolicy('0.0.0.0', undefined);
    expect(isAllowedHost('192.168.1.5:3000', policy)).toBe(true);
    expect(isAllowedHost('[fe80::1]:3000', policy)).toBe(true);
    expect(isAllowedHost('rebind.evil.example:3000', policy)).toBe(false);
  });
  it('reads the host of an Origin header', () => {
    expect(originHost('http://evil.example:3000')).toBe('evil.example:3000');
    expect(originHost('null')).toBeUndefined();
  });
});
