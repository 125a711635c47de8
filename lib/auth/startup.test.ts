import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startupProblem } from './startup';

const sluice = (args: string[], env: Record<string, string>) => {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('SLUICE_TOKEN' in env)) delete childEnv.SLUICE_TOKEN;
  return spawnSync(process.execPath, ['bin/sluice.mjs', 'start', '--no-build', '--no-sandbox', ...args], { env: childEnv, encoding: 'utf8', timeout: 30_000 });
};

describe('sluice start refuses unsafe settings', () => {
  it('refuses a non-loopback interface without a token, and says how to set one (exit 2)', () => {
    const run = sluice(['--host', '0.0.0.0', '--port', '3220'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Refusing to listen on 0.0.0.0 without a dashboard token');
    expect(run.stderr).toContain('SLUICE_TOKEN="$(openssl rand -base64 32)" npx sluice start --host 0.0.0.0');
  });
  it('refuses a token shorter than 16 characters (exit 2)', () => {
    const run = sluice(['--port', '3220'], { SLUICE_TOKEN: 'hunter2' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SLUICE_TOKEN is 7 characters long; a dashboard token must have at least 16 characters');
  });
  it('accepts loopback without a token and any interface with a long token', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(startupProblem({ host, token: undefined }), host).toBeUndefined();
    expect(startupProblem({ host: '0.0.0.0', token: 'a-long-enough-token-123' })).toBeUndefined();
    expect(startupProblem({ host: '192.168.1.5', token: undefined })).toMatch(/^Refusing to listen on 192\.168\.1\.5/);
    expect(startupProblem({ host: 'localhost.evil.example', token: undefined })).toMatch(/^Refusing/);
  });
  it('accepts any interface without a token when single sign-on protects the console', () => {
    expect(startupProblem({ host: '0.0.0.0', token: undefined, oidc: true })).toBeUndefined();
    expect(startupProblem({ host: '0.0.0.0', token: 'short', oidc: true })).toMatch(/^SLUICE_TOKEN is 5 characters long/);
  });
});
