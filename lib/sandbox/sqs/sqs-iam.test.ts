import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type SQSServiceException } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';

/** End to end through the default sandbox: real IAM roles, STS AssumeRole, SigV4 verification of session keys. */
const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';

let sb: RunningSandbox;
let dataDir: string;
let root: SQSClient;
let role: SQSClient;
let session: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-sqs-iam-'));
  sb = await startSandbox({ port: 0, dataDir });
  const common = { endpoint: sb.url, region: 'us-east-1', credentials: ROOT };
  const iam = new IAMClient(common);
  const sts = new STSClient(common);
  root = new SQSClient({ ...common, useQueueUrlAsEndpoint: false });
  clients.push(iam, sts, root);
  for (const QueueName of ['iam-allowed', 'iam-other']) await root.send(new CreateQueueCommand({ QueueName }));
  await root.send(new CreateQueueCommand({ QueueName: 'iam-kms', Attributes: { KmsMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } }));
  await iam.send(new CreateRoleCommand({ RoleName: 'producer', AssumeRolePolicyDocument: TRUST }));
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ['arn:aws:sqs:us-east-1:000000000000:iam-allowed', 'arn:aws:sqs:us-east-1:000000000000:iam-kms'] },
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    ],
  };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'producer', PolicyName: 'send', PolicyDocument: JSON.stringify(policy) }));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/producer', RoleSessionName: 'e2e' }));
  session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  role = new SQSClient({ endpoint: sb.url, region: 'us-east-1', credentials: session, useQueueUrlAsEndpoint: false });
  clients.push(role);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function sdkError(p: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await p;
  } catch (err) {
    return err as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

const url = (name: string) => `${sb.url}/000000000000/${name}`;

test('the role may send to its queue and nothing else', async () => {
  const ok = await role.send(new SendMessageCommand({ QueueUrl: url('iam-allowed'), MessageBody: 'This is a test message' }));
  expect(ok.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
  const other = await sdkError(role.send(new SendMessageCommand({ QueueUrl: url('iam-other'), MessageBody: 'x' })));
  expect(other.name).toBe('AccessDenied');
  expect(other.$metadata.httpStatusCode).toBe(403);
  expect(other.message).toBe(
    'User: arn:aws:sts::000000000000:assumed-role/producer/e2e is not authorized to perform: sqs:sendmessage on resource: ' +
      'arn:aws:sqs:us-east-1:000000000000:iam-other because no identity-based policy allows the sqs:sendmessage action',
  );
  const receive = await sdkError(role.send(new ReceiveMessageCommand({ QueueUrl: url('iam-allowed') })));
  expect(receive.name).toBe('AccessDenied');
});

test('customer-managed KMS key: kms:Decrypt missing → KMS.AccessDeniedException', async () => {
  const err = await sdkError(role.send(new SendMessageCommand({ QueueUrl: url('iam-kms'), MessageBody: 'x' })));
  expect(err.name).toBe('KmsAccessDenied');
  expect(err.$metadata.httpStatusCode).toBe(400);
  expect(err.message).toContain(
    'is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  );
});

test('a request altered after signing → SignatureDoesNotMatch in the JSON shape', async () => {
  const wrongSecret = new SQSClient({
    endpoint: sb.url,
    region: 'us-east-1',
    credentials: { ...session, secretAccessKey: 'not-the-secret' },
    useQueueUrlAsEndpoint: false,
  });
  clients.push(wrongSecret);
  const err = await sdkError(wrongSecret.send(new SendMessageCommand({ QueueUrl: url('iam-allowed'), MessageBody: 'x' })));
  expect(err.name).toBe('SignatureDoesNotMatch');
  expect(err.$metadata.httpStatusCode).toBe(403);
});
