import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateRoleCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { iamService } from '@/lib/sandbox/iam/service';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { sqsService } from '@/lib/sandbox/sqs/service';
import { stsService } from '@/lib/sandbox/sts/service';

const run = promisify(execFile);
const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCOUNT_TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';
const APIGATEWAY_TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ORDERS_ARN = 'arn:aws:sqs:us-east-1:000000000000:orders';

let sandbox: RunningSandbox;
let dataDir: string;
let iam: IAMClient;
let sts: STSClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-sts-'));
  sandbox = await startSandbox({ port: 0, dataDir, services: [iamService, stsService, sqsService], auth: createSandboxAuth });
  const common = { endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT };
  iam = new IAMClient(common);
  sts = new STSClient(common);
  const sendOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ORDERS_ARN }] });
  for (const [RoleName, trust] of [
    ['producer', ACCOUNT_TRUST],
    ['apigw-orders', APIGATEWAY_TRUST],
  ] as const) {
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'send-orders', PolicyDocument: sendOnly }));
  }
});

afterAll(async () => {
  iam?.destroy();
  sts?.destroy();
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function awsError(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function assumeProducer(sessionName = 'ci') {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/producer', RoleSessionName: sessionName }));
  const c = out.Credentials!;
  return { out, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
}

describe('STS through @aws-sdk/client-sts', () => {
  it('identifies root credentials as the account root', async () => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
  });

  it('issues temporary credentials for a role whose trust policy allows the caller', async () => {
    const { out, credentials } = await assumeProducer();
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/producer/ci');
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:ci$/);

    const asRole = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
    const me = await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();
    expect(me).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:sts::000000000000:assumed-role/producer/ci', UserId: out.AssumedRoleUser?.AssumedRoleId });
  });

  it('refuses AssumeRole when the trust policy does not allow the caller, or the role does not exist', async () => {
    for (const RoleArn of ['arn:aws:iam::000000000000:role/apigw-orders', 'arn:aws:iam::000000000000:role/ghost']) {
      expect(await awsError(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'x1' })))).toEqual({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`,
        status: 403,
      });
    }
    expect(
      await awsError(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/producer', RoleSessionName: 'x1', DurationSeconds: 7200 }))),
    ).toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', status: 400 });
    expect(
      await awsError(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/producer', RoleSessionName: 'x1', DurationSeconds: 60 }))),
    ).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('greater than or equal to 900') });
  });

  it('lets the in-process API Gateway data plane assume a role trusted by apigateway.amazonaws.com', async () => {
    const assume = (role: string, headers: Record<string, string>, protocol: 'http' | 'https' = 'https') =>
      sandbox.ctx.dispatch({
        method: 'POST',
        path: '/',
        rawQuery: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'sts.us-east-1.amazonaws.com', ...headers },
        body: Buffer.from(`Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(`arn:aws:iam::000000000000:role/${role}`)}&RoleSessionName=BackplaneAssumeRoleSession`),
        host: 'sts.us-east-1.amazonaws.com',
        protocol,
      });
    const ok = await assume('apigw-orders', { 'x-sluice-service-principal': 'apigateway.amazonaws.com' });
    expect(ok.status).toBe(200);
    const parsed = new XMLParser().parse(String(ok.body));
    expect(parsed.AssumeRoleResponse.AssumeRoleResult.AssumedRoleUser.Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/apigw-orders/BackplaneAssumeRoleSession',
    );
    const wrongService = await assume('apigw-orders', { 'x-sluice-service-principal': 'lambda.amazonaws.com' });
    expect(wrongService.status).toBe(403);
    expect(String(wrongService.body)).toContain('<Code>AccessDenied</Code>');
    // Over the network (protocol http) the header means nothing: the request is simply unsigned.
    const fromNetwork = await assume('apigw-orders', { 'x-sluice-service-principal': 'apigateway.amazonaws.com' }, 'http');
    expect(fromNetwork.status).toBe(403);
    expect(String(fromNetwork.body)).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('authorizes SQS SendMessage for the role session by the role policy', async () => {
    const rootSqs = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT });
    const orders = (await rootSqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl!;
    const other = (await rootSqs.send(new CreateQueueCommand({ QueueName: 'other' }))).QueueUrl!;
    rootSqs.destroy();

    const { credentials } = await assumeProducer('producer-session');
    const roleSqs = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
    const sent = await roleSqs.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: 'This is a test message' }));
    expect(sent.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
    const denied = await awsError(roleSqs.send(new SendMessageCommand({ QueueUrl: other, MessageBody: 'nope' })));
    expect(denied).toMatchObject({
      status: 403,
      message:
        'User: arn:aws:sts::000000000000:assumed-role/producer/producer-session is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:other because no identity-based policy allows the sqs:sendmessage action',
    });

    const iamAsRole = new IAMClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
    expect(await awsError(iamAsRole.send(new ListRolesCommand({})))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message:
        'User: arn:aws:sts::000000000000:assumed-role/producer/producer-session is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action',
    });
    iamAsRole.destroy();

    // A session policy narrows the session below its role: SendMessage is no longer allowed even on orders.
    const narrowed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/producer',
        RoleSessionName: 'read-only',
        Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}]}',
      }),
    );
    const c = narrowed.Credentials!;
    const narrowSqs = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    expect(await awsError(narrowSqs.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: 'x' })))).toMatchObject({ status: 403, name: 'AccessDenied' });
    narrowSqs.destroy();
    roleSqs.destroy();
  });
});

describe('Debian AWS CLI against the sandbox', () => {
  const cliEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_CONFIG_FILE: path.join(dataDir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, 'none'),
    AWS_PAGER: '',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...vars,
  });
  const aws = async (args: string[], env: Record<string, string> = {}) => {
    const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', sandbox.url, '--region', 'us-east-1', '--output', 'json', ...args], {
      env: cliEnv(env),
    });
    // Commands without output (put-role-policy) print nothing.
    return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as Record<string, unknown>;
  };

  it('creates a role and reads its policy back decoded', async () => {
    const created = await aws(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', APIGATEWAY_TRUST]);
    expect(created).toMatchObject({
      Role: { RoleName: 'cli-role', Arn: 'arn:aws:iam::000000000000:role/cli-role', AssumeRolePolicyDocument: JSON.parse(APIGATEWAY_TRUST) },
    });
    await aws(['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'p', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}']);
    const policy = await aws(['iam', 'get-role-policy', '--role-name', 'cli-role', '--policy-name', 'p']);
    expect(policy.PolicyDocument).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] });
    const simulated = await aws(['iam', 'simulate-principal-policy', '--policy-source-arn', 'arn:aws:iam::000000000000:role/cli-role', '--action-names', 'sqs:SendMessage', 'sqs:ReceiveMessage']);
    expect((simulated.EvaluationResults as { EvalDecision: string }[]).map((r) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
  });

  it('reports the caller identity for root and for assumed-role credentials (signature verified)', async () => {
    expect(await aws(['sts', 'get-caller-identity'])).toEqual({ UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
    const assumed = await aws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/producer', '--role-session-name', 'cli']);
    const c = assumed.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const sessionEnv = { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken };
    expect(await aws(['sts', 'get-caller-identity'], sessionEnv)).toMatchObject({ Arn: 'arn:aws:sts::000000000000:assumed-role/producer/cli' });
    const wrongSecret = await run('/usr/bin/aws', ['--endpoint-url', sandbox.url, '--region', 'us-east-1', 'sts', 'get-caller-identity'], {
      env: cliEnv({ ...sessionEnv, AWS_SECRET_ACCESS_KEY: 'wrong' }),
    }).catch((e: { stderr: string }) => e);
    expect('stderr' in wrongSecret && wrongSecret.stderr).toContain('SignatureDoesNotMatch');
  });
});
