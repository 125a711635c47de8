import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  RemovePermissionCommand,
  SQSClient,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  type SQSServiceException,
} from '@aws-sdk/client-sqs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { iamService } from '@/lib/sandbox/iam/service';
import { stsService } from '@/lib/sandbox/sts/service';
import { sqsService } from './service';
import { startTestSandbox, type TestSandbox } from './test-helpers';

const AWS = '/usr/bin/aws';
const OTHER = '111122223333';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';

let sb: TestSandbox;
let other: SQSClient;
let session: SQSClient;
const clients: Array<{ destroy(): void }> = [];

function sqsAs(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): SQSClient {
  const c = new SQSClient({ endpoint: sb.url, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sb = await startTestSandbox({ services: [sqsService, iamService, stsService], auth: createSandboxAuth });
  // A 12-digit access key id acts as that account's root.
  other = sqsAs({ accessKeyId: OTHER, secretAccessKey: 'x' });
  const iam = new IAMClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const sts = new STSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  clients.push(iam, sts);
  await iam.send(new CreateRoleCommand({ RoleName: 'no-sqs', AssumeRolePolicyDocument: TRUST }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'no-sqs',
      PolicyName: 'deny-purge',
      PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:PurgeQueue","Resource":"*"}]}',
    }),
  );
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/no-sqs', RoleSessionName: 's1' }))).Credentials!;
  session = sqsAs({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
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

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const url = (await sb.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return { url, arn: `arn:aws:sqs:us-east-1:000000000000:${name}` };
}

async function policyOf(url: string): Promise<unknown> {
  const { Attributes } = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }));
  return Attributes?.Policy === undefined ? undefined : JSON.parse(Attributes.Policy);
}

describe('AddPermission / RemovePermission', () => {
  test('writes the statement AWS generates, grants the other account, and is removed by label', async () => {
    const q = await queue('perm-q');
    const denied = await sdkError(other.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toBe(
      `User: arn:aws:iam::${OTHER}:root is not authorized to perform: sqs:sendmessage on resource: ${q.arn} because no resource-based policy allows the sqs:sendmessage action`,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);

    await sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'share', AWSAccountIds: [OTHER], Actions: ['SendMessage'] }));
    expect(await policyOf(q.url)).toEqual({
      Version: '2012-10-17',
      Id: `${q.arn}/SQSDefaultPolicy`,
      Statement: [{ Sid: 'share', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'SQS:SendMessage', Resource: q.arn }],
    });
    await expect(other.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }))).resolves.toHaveProperty('MessageId');
    // The other account may not read the attributes: that action was not granted.
    expect((await sdkError(other.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] })))).name).toBe('AccessDenied');

    const dup = await sdkError(sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'share', AWSAccountIds: [OTHER], Actions: ['ReceiveMessage'] })));
    expect(dup.name).toBe('InvalidParameterValue');
    expect(dup.message).toBe('Value share for parameter Label is invalid. Reason: Already exists.');

    await sb.sqs.send(new RemovePermissionCommand({ QueueUrl: q.url, Label: 'share' }));
    expect(await policyOf(q.url)).toBeUndefined();
    expect((await sdkError(other.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })))).name).toBe('AccessDenied');
    const gone = await sdkError(sb.sqs.send(new RemovePermissionCommand({ QueueUrl: q.url, Label: 'share' })));
    expect(gone.message).toBe("Value share for parameter Label is invalid. Reason: can't find label on existing policy.");
  });

  test('refuses owner-only and unknown actions, and more than seven', async () => {
    const q = await queue('perm-bad');
    const owner = await sdkError(sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'a', AWSAccountIds: [OTHER], Actions: ['DeleteQueue'] })));
    expect(owner.message).toBe('Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.');
    const unknown = await sdkError(sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'a', AWSAccountIds: [OTHER], Actions: ['Fly'] })));
    expect(unknown.message).toBe('Value SQS:Fly for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.');
    const many = await sdkError(
      sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'a', AWSAccountIds: [OTHER], Actions: Array.from({ length: 8 }, () => 'SendMessage') })),
    );
    expect(many.name).toBe('OverLimit');
    expect(many.message).toBe('8 Actions were found, maximum allowed is 7.');
  });
});

describe('queue policies evaluated with identity policies', () => {
  test('same account: a queue policy naming the role allows what its identity policies do not; a Deny anywhere wins', async () => {
    const q = await queue('pol-same');
    expect((await sdkError(session.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })))).message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/no-sqs/s1 is not authorized to perform: sqs:sendmessage on resource: ${q.arn} because no identity-based policy allows the sqs:sendmessage action`,
    );
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'role', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/no-sqs' }, Action: ['sqs:SendMessage', 'sqs:PurgeQueue'], Resource: q.arn },
        { Sid: 'no-tags', Effect: 'Deny', Principal: '*', Action: 'sqs:TagQueue', Resource: q.arn },
      ],
    };
    await sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: JSON.stringify(policy) } }));
    await expect(session.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }))).resolves.toHaveProperty('MessageId');
    // The identity policy's Deny beats the queue policy's Allow.
    expect((await sdkError(session.send(new PurgeQueueCommand({ QueueUrl: q.url })))).message).toContain('with an explicit deny in an identity-based policy');
    // The queue policy's Deny binds even the account root.
    const tag = await sdkError(sb.sqs.send(new TagQueueCommand({ QueueUrl: q.url, Tags: { a: 'b' } })));
    expect(tag.message).toBe(
      `User: arn:aws:iam::000000000000:root is not authorized to perform: sqs:tagqueue on resource: ${q.arn} with an explicit deny in a resource-based policy`,
    );
  });

  test('same account: a queue policy naming only the account grants a role session nothing by itself', async () => {
    const q = await queue('pol-account');
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sqs:SendMessage', Resource: q.arn }] };
    await sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: JSON.stringify(policy) } }));
    expect((await sdkError(session.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })))).message).toContain(
      'because no identity-based policy allows the sqs:sendmessage action',
    );
  });

  test('a Policy that is not a policy document is refused', async () => {
    const q = await queue('pol-bad');
    const bad = await sdkError(sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: '{"Statement":' } })));
    expect([bad.name, bad.message]).toEqual(['InvalidAttributeValue', 'Invalid value for the parameter Policy.']);
  });

  test('cross account with aws:SourceArn / aws:SourceAccount conditions: granted only when the condition holds', async () => {
    const q = await queue('pol-cross');
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'from-topic',
          Effect: 'Allow',
          Principal: { AWS: OTHER },
          Action: 'sqs:SendMessage',
          Resource: q.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${OTHER}:orders` } },
        },
        { Sid: 'by-account', Effect: 'Allow', Principal: '*', Action: 'sqs:GetQueueAttributes', Resource: q.arn, Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } },
      ],
    };
    await sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: JSON.stringify(policy) } }));
    // A direct call carries no aws:SourceArn, so the first statement does not apply.
    expect((await sdkError(other.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })))).message).toContain('because no resource-based policy allows');
    const attrs = await other.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['QueueArn'] }));
    expect(attrs.Attributes?.QueueArn).toBe(q.arn);
    // Owner-only actions cannot be granted across accounts at all.
    expect((await sdkError(other.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { DelaySeconds: '1' } })))).name).toBe('AccessDenied');
  });
});

type Run = { code: number; stdout: string; stderr: string };
const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: OTHER, AWS_SECRET_ACCESS_KEY: 'x', AWS_PAGER: '' };
delete env.AWS_SESSION_TOKEN;
delete env.AWS_PROFILE;
function aws(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(AWS, ['--endpoint-url', sb.url, '--region', 'us-east-1', '--output', 'json', 'sqs', ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!existsSync(AWS))('query protocol (Debian AWS CLI, XML)', () => {
  test('add-permission by the owner lets the other account send; its AccessDenied before that', async () => {
    const q = await queue('perm-cli');
    const before = await aws('send-message', '--queue-url', q.url, '--message-body', 'x');
    expect(before.stderr).toContain('An error occurred (AccessDenied) when calling the SendMessage operation: User: arn:aws:iam::111122223333:root is not authorized');
    await sb.sqs.send(new AddPermissionCommand({ QueueUrl: q.url, Label: 'cli', AWSAccountIds: [OTHER], Actions: ['SendMessage', 'ReceiveMessage'] }));
    const after = await aws('send-message', '--queue-url', q.url, '--message-body', 'x');
    expect(after.code).toBe(0);
    const rec = JSON.parse((await aws('receive-message', '--queue-url', q.url)).stdout) as { Messages: unknown[] };
    expect(rec.Messages).toHaveLength(1);
  }, 60_000);
});
