import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kmsKeyTarget } from './context';
import { CreateQueueCommand, SQSClient, SendMessageCommand, type SQSServiceException } from '@aws-sdk/client-sqs';
import type { EvalDecision, Principal, SandboxAuth } from '@/lib/sandbox/types';
import { requestCredential } from '@/lib/sandbox/http';
import { fakeAuthorization, startTestSandbox, type TestSandbox } from './test-helpers';

const ROLE = 'arn:aws:iam::000000000000:role/apigw-sqs';
const SESSION = 'arn:aws:sts::000000000000:assumed-role/apigw-sqs/BackplaneAssumeRoleSession';

/** `ASIA…` keys are an assumed role whose decisions come from `decisions` (`action resource` → decision). */
const decisions = new Map<string, EvalDecision>();
const testAuth = (): SandboxAuth => ({
  authenticate(req) {
    const credential = requestCredential(req);
    if (!credential) return { ok: false, error: { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token', status: 403 } };
    if (credential.accessKeyId === 'BADSIG') {
      return {
        ok: false,
        error: {
          code: 'SignatureDoesNotMatch',
          message:
            'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
          status: 403,
        },
      };
    }
    const principal: Principal = credential.accessKeyId.startsWith('ASIA')
      ? { kind: 'assumed-role', accountId: '000000000000', arn: SESSION, roleArn: ROLE, roleName: 'apigw-sqs', sessionName: 'BackplaneAssumeRoleSession', accessKeyId: credential.accessKeyId }
      : { kind: 'root', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: credential.accessKeyId };
    return { ok: true, principal };
  },
  authorize(principal, action, resource) {
    if (principal.kind === 'root') return 'allowed';
    return decisions.get(`${action} ${resource}`) ?? 'implicitDeny';
  },
});

let sb: TestSandbox;
let role: SQSClient;
let plainUrl: string;
let kmsUrl: string;
let awsKeyUrl: string;
beforeAll(async () => {
  sb = await startTestSandbox({ auth: testAuth });
  role = new SQSClient({
    endpoint: sb.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'ASIAROLESESSION', secretAccessKey: 'x', sessionToken: 'token' },
    useQueueUrlAsEndpoint: false,
  });
  plainUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'auth-plain' }))).QueueUrl!;
  kmsUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'auth-kms', Attributes: { KmsMasterKeyId: 'alias/orders-key' } }))).QueueUrl!;
  awsKeyUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'auth-awskey', Attributes: { KmsMasterKeyId: 'alias/aws/sqs' } }))).QueueUrl!;
});
afterAll(async () => {
  role.destroy();
  await sb.stop();
});

async function sdkError(p: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await p;
  } catch (err) {
    return err as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

const roleHeaders = (extra: Record<string, string>) => ({ authorization: fakeAuthorization('sqs', 'us-east-1', 'ASIAROLESESSION'), ...extra });

describe('AccessDenied', () => {
  const implicit = `User: ${SESSION} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:auth-plain because no identity-based policy allows the sqs:sendmessage action`;

  test('JSON protocol: 403 AccessDenied with the current AWS message (SDK names it by the query code)', async () => {
    decisions.clear();
    const err = await sdkError(role.send(new SendMessageCommand({ QueueUrl: plainUrl, MessageBody: 'x' })));
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe(implicit);
    const res = await fetch(`${sb.url}/`, {
      method: 'POST',
      headers: roleHeaders({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }),
      body: JSON.stringify({ QueueUrl: plainUrl, MessageBody: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-query-error')).toBe('AccessDenied;Sender');
    expect(await res.json()).toEqual({ __type: 'com.amazon.coral.service#AccessDeniedException', message: implicit });
  });

  test('query protocol: XML AccessDenied; explicit deny variant', async () => {
    decisions.clear();
    decisions.set('sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:auth-plain', 'explicitDeny');
    const res = await fetch(plainUrl, {
      method: 'POST',
      headers: roleHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'Action=SendMessage&MessageBody=x&Version=2012-11-05',
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toContain(
      `<Message>User: ${SESSION} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:auth-plain with an explicit deny in an identity-based policy</Message>`,
    );
  });

  test('allowed when the role may sqs:SendMessage on the queue', async () => {
    decisions.clear();
    decisions.set('sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:auth-plain', 'allowed');
    const out = await role.send(new SendMessageCommand({ QueueUrl: plainUrl, MessageBody: 'This is a test message' }));
    expect(out.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
  });
});

describe('KMS.AccessDeniedException for a customer-managed key', () => {
  // KMS authorizes the key behind the alias, not the alias.
  const kmsKey = kmsKeyTarget('alias/orders-key', 'us-east-1', '000000000000').arn;

  test('JSON: KmsAccessDenied (400) when kms:GenerateDataKey is not allowed', async () => {
    decisions.clear();
    decisions.set('sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:auth-kms', 'allowed');
    const err = await sdkError(role.send(new SendMessageCommand({ QueueUrl: kmsUrl, MessageBody: 'x' })));
    expect(err.name).toBe('KmsAccessDenied');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toMatch(
      new RegExp(
        `^User: ${SESSION} is not authorized to perform: kms:GenerateDataKey on resource: ${kmsKey} because no identity-based policy allows the kms:GenerateDataKey action \\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`,
      ),
    );
  });

  test('query: KMS.AccessDeniedException when only kms:Decrypt is missing; success with both', async () => {
    decisions.clear();
    decisions.set('sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:auth-kms', 'allowed');
    decisions.set(`kms:GenerateDataKey ${kmsKey}`, 'allowed');
    const send = () =>
      fetch(kmsUrl, {
        method: 'POST',
        headers: roleHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: 'Action=SendMessage&MessageBody=x&Version=2012-11-05',
      });
    const res = await send();
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>KMS.AccessDeniedException</Code>');
    expect(text).toContain(`is not authorized to perform: kms:Decrypt on resource: ${kmsKey}`);
    decisions.set(`kms:Decrypt ${kmsKey}`, 'allowed');
    expect((await send()).status).toBe(200);
  });

  test('the AWS-managed key alias/aws/sqs needs no kms permissions', async () => {
    decisions.clear();
    decisions.set('sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:auth-awskey', 'allowed');
    expect((await role.send(new SendMessageCommand({ QueueUrl: awsKeyUrl, MessageBody: 'x' }))).MessageId).toBeTruthy();
  });
});

test('SignatureDoesNotMatch from authentication keeps each protocol’s error shape', async () => {
  const auth = fakeAuthorization('sqs', 'us-east-1', 'BADSIG');
  const j = await fetch(`${sb.url}/`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
    body: JSON.stringify({ QueueUrl: plainUrl, MessageBody: 'x' }),
  });
  expect(j.status).toBe(403);
  expect(j.headers.get('x-amzn-query-error')).toBe('SignatureDoesNotMatch;Sender');
  expect((await j.json()).__type).toBe('com.amazon.coral.service#SignatureDoesNotMatch');
  const q = await fetch(plainUrl, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=SendMessage&MessageBody=x&Version=2012-11-05',
  });
  expect(q.status).toBe(403);
  expect(await q.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
});
