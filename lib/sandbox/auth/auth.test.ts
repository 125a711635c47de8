import Database from 'libsql';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { newTemporaryAccessKeyId } from '@/lib/sandbox/iam/ids';
import { inTransaction } from '@/lib/sandbox/db';
import { attachRolePolicy, deleteRole, deleteRolePolicy, detachRolePolicy, insertRole, putRolePolicy } from '@/lib/sandbox/iam/store';
import { insertSession, purgeOldSessions } from '@/lib/sandbox/sts/store';
import type { SandboxRequest } from '@/lib/sandbox/types';

const config = { accountId: '000000000000', defaultRegion: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' };
const SIGNED_AT = Date.UTC(2026, 10, 21, 9, 0, 0);
const session = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
  roleArn: 'arn:aws:iam::000000000000:role/apigw-sqs',
  roleName: 'apigw-sqs',
  roleId: 'AROAEXAMPLEEXAMPLE1',
  sessionName: 'test-session',
  expiresAt: SIGNED_AT + 3600_000,
  createdAt: SIGNED_AT,
  sessionPolicies: [],
};
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:orders';

/** Signs a request exactly as the AWS SDK does and returns it as the sandbox would receive it. */
async function signedRequest(opts: { body: string; query?: Record<string, string>; credentials?: typeof session; service?: string }): Promise<SandboxRequest> {
  const creds = opts.credentials ?? session;
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    region: 'us-east-1',
    service: opts.service ?? 'sqs',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/000000000000/orders',
      query: opts.query ?? {},
      headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-www-form-urlencoded' },
      body: opts.body,
    },
    { signingDate: new Date(SIGNED_AT) },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  const rawQuery = Object.entries(opts.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { method: 'POST', path: '/000000000000/orders', rawQuery, headers, body: Buffer.from(opts.body), host: '127.0.0.1:4566', protocol: 'http' };
}

describe('createSandboxAuth', () => {
  let db: Database.Database;
  let now = SIGNED_AT + 1000;
  const auth = () => createSandboxAuth(db, config, () => now);

  beforeEach(() => {
    db = new Database(':memory:');
    now = SIGNED_AT + 1000;
    auth();
    insertSession(db, session);
  });
  afterEach(() => db.close());

  it('accepts a request signed with the session credentials and returns the assumed-role principal', async () => {
    const req = await signedRequest({ body: 'Action=SendMessage&MessageBody=hello%20world', query: { 'a b': 'c/d', z: '1' } });
    expect(auth().authenticate(req, 'sqs')).toEqual({
      ok: true,
      principal: {
        kind: 'assumed-role',
        accountId: '000000000000',
        arn: 'arn:aws:sts::000000000000:assumed-role/apigw-sqs/test-session',
        roleArn: session.roleArn,
        roleName: 'apigw-sqs',
        sessionName: 'test-session',
        accessKeyId: session.accessKeyId,
      },
    });
  });

  it('answers SignatureDoesNotMatch when one byte of the body changed after signing', async () => {
    const req = await signedRequest({ body: 'Action=SendMessage&MessageBody=hello' });
    const tampered = Buffer.from(req.body);
    tampered[tampered.length - 1] = 'O'.charCodeAt(0);
    expect(auth().authenticate({ ...req, body: tampered }, 'sqs')).toEqual({
      ok: false,
      error: {
        code: 'SignatureDoesNotMatch',
        status: 403,
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      },
    });
  });

  it('also notices an altered query string or a wrong secret', async () => {
    const req = await signedRequest({ body: 'Action=SendMessage&MessageBody=x', query: { QueueUrl: 'a' } });
    expect(auth().authenticate({ ...req, rawQuery: 'QueueUrl=b' }, 'sqs')).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
    const wrongSecret = await signedRequest({ body: 'x', credentials: { ...session, secretAccessKey: 'not-the-secret' } });
    expect(auth().authenticate(wrongSecret, 'sqs')).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
  });

  it('answers ExpiredToken once the session has expired', async () => {
    const req = await signedRequest({ body: 'Action=SendMessage&MessageBody=hello' });
    now = session.expiresAt + 1;
    expect(auth().authenticate(req, 'sqs')).toEqual({
      ok: false,
      error: { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 },
    });
  });

  it('keeps refusing a sandbox-issued key after its session was purged, instead of treating it as root', async () => {
    const issued = newTemporaryAccessKeyId();
    expect(issued).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const req = await signedRequest({ body: 'x', credentials: { ...session, accessKeyId: issued } });
    expect(auth().authenticate(req, 'sqs')).toMatchObject({ ok: false, error: { code: 'ExpiredToken' } });
    const foreign = await signedRequest({ body: 'x', credentials: { ...session, accessKeyId: 'ASIAREALAWSKEY000000' } });
    expect(auth().authenticate(foreign, 'sqs')).toMatchObject({ ok: true, principal: { kind: 'root' } });
  });

  it('answers InvalidClientTokenId when the session token does not belong to the key', async () => {
    const req = await signedRequest({ body: 'x' });
    const result = auth().authenticate({ ...req, headers: { ...req.headers, 'x-amz-security-token': 'forged' } }, 'sqs');
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });
  });

  it('rejects signatures older than 15 minutes', async () => {
    const req = await signedRequest({ body: 'x' });
    now = SIGNED_AT + 16 * 60_000;
    expect(auth().authenticate(req, 'sqs')).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch', message: expect.stringMatching(/^Signature expired: 20261121T090000Z is now earlier than/) } });
  });

  it('treats any other key as the account root without checking the signature', async () => {
    const req = await signedRequest({ body: 'x', credentials: { ...session, accessKeyId: 'test', secretAccessKey: 'whatever' } });
    expect(auth().authenticate({ ...req, body: Buffer.from('changed') }, 'sqs')).toEqual({
      ok: true,
      principal: { kind: 'root', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'test' },
    });
  });

  it('answers MissingAuthenticationToken when the request carries no credentials', () => {
    const req: SandboxRequest = { method: 'POST', path: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), host: 'x', protocol: 'http' };
    expect(auth().authenticate(req, 'sqs')).toMatchObject({ ok: false, error: { code: 'MissingAuthenticationToken', status: 403 } });
  });

  it('verifies presigned URLs', async () => {
    const signer = new SignatureV4({ credentials: session, region: 'us-east-1', service: 'sqs', sha256: Sha256 });
    const presigned = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/000000000000/orders', query: { Action: 'GetQueueUrl' }, headers: { host: '127.0.0.1:4566' } },
      { signingDate: new Date(SIGNED_AT), expiresIn: 300 },
    );
    const rawQuery = Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const req: SandboxRequest = { method: 'GET', path: '/000000000000/orders', rawQuery, headers: { host: '127.0.0.1:4566' }, body: Buffer.alloc(0), host: '127.0.0.1:4566', protocol: 'http' };
    expect(auth().authenticate(req, 'sqs')).toMatchObject({ ok: true, principal: { kind: 'assumed-role' } });
    expect(auth().authenticate({ ...req, rawQuery: rawQuery.replace('GetQueueUrl', 'DeleteQueue') }, 'sqs')).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
    now = SIGNED_AT + 301_000;
    expect(auth().authenticate(req, 'sqs')).toMatchObject({ ok: false, error: { code: 'AccessDenied', message: 'Request has expired' } });
  });

  it('authorizes a role session by its role policies; root is always allowed', () => {
    insertRole(db, {
      roleName: 'apigw-sqs',
      roleId: session.roleId,
      path: '/',
      arn: session.roleArn,
      assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      maxSessionDuration: 3600,
      createDate: '2026-11-21T09:00:00Z',
      tags: [],
    });
    const principal = {
      kind: 'assumed-role' as const,
      accountId: '000000000000',
      arn: 'arn:aws:sts::000000000000:assumed-role/apigw-sqs/test-session',
      roleArn: session.roleArn,
      roleName: 'apigw-sqs',
      sessionName: 'test-session',
      accessKeyId: session.accessKeyId,
    };
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN)).toBe('implicitDeny');
    putRolePolicy(db, 'apigw-sqs', 'send', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }] }));
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN)).toBe('allowed');
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN + '-other')).toBe('implicitDeny');
    putRolePolicy(db, 'apigw-sqs', 'guard', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }] }));
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN)).toBe('explicitDeny');
    expect(auth().authorize({ kind: 'root', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'test' }, 'sqs:SendMessage', QUEUE_ARN)).toBe('allowed');

    // Re-created under the same name, the role has a new id; the old session gets nothing from it.
    db.exec("DELETE FROM iam_role_policies WHERE policy_name = 'guard'");
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN)).toBe('allowed');
    db.exec("UPDATE iam_roles SET role_id = 'AROAOTHEROTHEROTHER1' WHERE role_name = 'apigw-sqs'");
    expect(auth().authorize(principal, 'sqs:SendMessage', QUEUE_ARN)).toBe('implicitDeny');
  });

  it('one auth instance sees every IAM/STS change on the next call, and nothing of a rolled-back one', async () => {
    const cached = auth();
    const role = {
      roleName: 'apigw-sqs',
      roleId: session.roleId,
      path: '/',
      arn: session.roleArn,
      assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
      maxSessionDuration: 3600,
      createDate: '2026-11-21T09:00:00Z',
      tags: [],
    };
    const principal = {
      kind: 'assumed-role' as const,
      accountId: '000000000000',
      arn: 'arn:aws:sts::000000000000:assumed-role/apigw-sqs/test-session',
      roleArn: session.roleArn,
      roleName: 'apigw-sqs',
      sessionName: 'test-session',
      accessKeyId: session.accessKeyId,
    };
    const decision = () => cached.authorize(principal, 'sqs:SendMessage', QUEUE_ARN);
    const allowSend = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }] });

    expect(decision()).toBe('implicitDeny');
    insertRole(db, role);
    expect(decision()).toBe('implicitDeny');
    putRolePolicy(db, 'apigw-sqs', 'send', allowSend);
    expect(decision()).toBe('allowed');
    deleteRolePolicy(db, 'apigw-sqs', 'send');
    expect(decision()).toBe('implicitDeny');
    attachRolePolicy(db, 'apigw-sqs', 'arn:aws:iam::aws:policy/AmazonSQSFullAccess');
    expect(decision()).toBe('allowed');
    detachRolePolicy(db, 'apigw-sqs', 'arn:aws:iam::aws:policy/AmazonSQSFullAccess');
    expect(decision()).toBe('implicitDeny');

    // A write that is rolled back must not leave what was read inside the transaction behind.
    expect(() =>
      inTransaction(db, () => {
        putRolePolicy(db, 'apigw-sqs', 'send', allowSend);
        expect(decision()).toBe('allowed');
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(decision()).toBe('implicitDeny');

    putRolePolicy(db, 'apigw-sqs', 'send', allowSend);
    expect(decision()).toBe('allowed');
    deleteRolePolicy(db, 'apigw-sqs', 'send');
    deleteRole(db, 'apigw-sqs');
    insertRole(db, { ...role, roleId: 'AROAOTHEROTHEROTHER1' });
    putRolePolicy(db, 'apigw-sqs', 'send', allowSend);
    expect(decision()).toBe('implicitDeny');

    const req = await signedRequest({ body: 'x' });
    expect(cached.authenticate(req, 'sqs')).toMatchObject({ ok: true, principal: { kind: 'assumed-role' } });
    purgeOldSessions(db, session.expiresAt + 2 * 86_400_000);
    expect(cached.authenticate(req, 'sqs')).toEqual(auth().authenticate(req, 'sqs'));
    expect(cached.authenticate(req, 'sqs')).toMatchObject({ ok: true, principal: { kind: 'root' } });
  });
});
