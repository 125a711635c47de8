import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { issueTokenSession, SESSION_COOKIE as TOKEN_COOKIE } from '@/lib/auth/session';
import { ok } from './result';

// A request's cookie jar; each test fills it as a browser would.
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined), set: vi.fn() }),
}));
vi.mock('next/navigation', async (importOriginal) => importOriginal());

const TOKEN = 'wrapper-test-token-0123456789';
// getEnv() reads process.env once, so the token is set before anything reads it.
process.env.SLUICE_TOKEN = TOKEN;
process.env.SLUICE_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'sluice-wrapper-'));
const { authorizedAction } = await import('./authorized');
const echo = authorizedAction({ role: 'viewer', input: z.object({ name: z.string().min(1, 'Enter a name.') }) }, async ({ name }) => ok({ hello: name }));

describe('authorizedAction', () => {
  beforeEach(() => {
    jar.clear();
  });

  it('refuses a caller without the dashboard token, and accepts the one who presents it', async () => {
    await expect(echo({ name: 'a' })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    jar.set(TOKEN_COOKIE, issueTokenSession({ token: 'another-token-of-the-same-length' }).value);
    await expect(echo({ name: 'a' })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    jar.set(TOKEN_COOKIE, issueTokenSession({ token: TOKEN }).value);
    await expect(echo({ name: 'a' })).resolves.toEqual({ ok: true, data: { hello: 'a' } });
  });

  it('reports input that does not parse as invalid_input with the field that failed', async () => {
    jar.set(TOKEN_COOKIE, issueTokenSession({ token: TOKEN }).value);
    const result = await (echo as (input: unknown) => ReturnType<typeof echo>)({ name: '' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input', message: 'Enter a name.', fieldErrors: { name: ['Enter a name.'] } });
  });

  it('maps an AWS SDK error to aws_error with its name and message only, and rethrows other errors', async () => {
    jar.set(TOKEN_COOKIE, issueTokenSession({ token: TOKEN }).value);
    const sdkError = Object.assign(new Error('Queue does not exist'), { name: 'QueueDoesNotExist', $metadata: { httpStatusCode: 400, requestId: 'r-1' }, $fault: 'client' });
    const failing = authorizedAction({ role: 'viewer' }, async () => {
      throw sdkError;
    });
    await expect(failing()).resolves.toEqual({ ok: false, code: 'aws_error', message: 'QueueDoesNotExist: Queue does not exist', awsError: { name: 'QueueDoesNotExist', message: 'Queue does not exist' } });
    const thrownZod = authorizedAction({ role: 'viewer' }, async () => ok(z.object({ n: z.number() }).parse({ n: 'x' })));
    await expect(thrownZod()).resolves.toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { n: [expect.any(String)] } });
    const bug = authorizedAction({ role: 'viewer' }, async () => {
      throw new TypeError('a bug');
    });
    await expect(bug()).rejects.toThrow('a bug');
  });
});

describe('the console actions', () => {
  it('refuse an apply, a teardown and a save without the token', async () => {
    jar.clear();
    const deploy = await import('./deploy');
    const designs = await import('./designs');
    await expect(deploy.startApplyAction({ designId: 'abcdefghij' })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    await expect(deploy.teardownAction({ designId: 'abcdefghij' })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    await expect(designs.deleteDesignAction('abcdefghij')).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('roles', () => {
  it('refuses a signed-in viewer an operator action, and writes the refusal to the audit log', async () => {
    const [{ upsertSignedInUser, createSession }, { listAudit }, { oidcSessionValue }] = await Promise.all([import('@/lib/store/users'), import('@/lib/store/audit'), import('@/lib/auth/cookies')]);
    // getEnv() was parsed without OIDC; sessions are honoured only with OIDC configured, so parse again with it.
    const env = await import('@/lib/env');
    const spy = vi.spyOn(env, 'getEnv').mockReturnValue(env.envSchema.parse({ ...process.env, SLUICE_OIDC_ISSUER: 'http://127.0.0.1:1/', SLUICE_OIDC_CLIENT_ID: 'sluice' }));
    try {
      await upsertSignedInUser({ id: 'idp#viewer', name: 'Vera Viewer', role: 'viewer', roleSource: 'claim' });
      const { token } = await createSession('idp#viewer', 60_000);
      jar.clear();
      jar.set(TOKEN_COOKIE, oidcSessionValue(token));
      const deploy = await import('./deploy');
      const refused = await deploy.startApplyAction({ designId: 'abcdefghij' });
      expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/needs the operator role; you are signed in as Vera Viewer with the viewer role/) });
      const designs = await import('./designs');
      await expect(designs.loadDesignAction('abcdefghij')).resolves.toMatchObject({ ok: false, code: 'not_found' });
      const [entry] = await listAudit({ actor: 'Vera' });
      expect(entry).toMatchObject({ action: 'apply.start', result: 'refused', designId: 'abcdefghij', actor: { role: 'viewer' } });
    } finally {
      spy.mockRestore();
    }
  });
});
