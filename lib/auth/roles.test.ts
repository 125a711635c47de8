import { describe, expect, it } from 'vitest';
import { roleFromClaim } from './oidc';
import { hasRole } from './roles';

describe('roles', () => {
  it('orders viewer < tester < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('tester', 'operator')).toBe(false);
    expect(hasRole('viewer', 'tester')).toBe(false);
  });

  it('reads the role from a claim that is a string or a list (such as groups), taking the highest known one', () => {
    expect(roleFromClaim('operator')).toBe('operator');
    expect(roleFromClaim('Admin')).toBe('admin');
    expect(roleFromClaim(['staff', 'tester', 'viewer'])).toBe('tester');
    expect(roleFromClaim(['staff'])).toBeUndefined();
    expect(roleFromClaim(undefined)).toBeUndefined();
    expect(roleFromClaim(42)).toBeUndefined();
  });
});
