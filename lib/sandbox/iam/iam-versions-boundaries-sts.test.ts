import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { CreateQueueCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { sqsService } from '@/lib/sandbox/sqs/service';
import { stsService } from '@/lib/sandbox/sts/service';
import { iamService } from './service';

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';
const doc = (action: string, effect = 'Allow') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
const AWS = '/usr/bin/aws';

let sandbox: RunningSandbox;
let dataDir: string;
let iam: IAMClient;
let sts: STSClient;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-iam14-'));
  sandbox = await startSandbox({ port: 0, dataDir, services: [iamService, stsService, sqsService], auth: createSandboxAuth });
  iam = new IAMClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT });
  sts = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT });
  clients.push(iam, sts);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function awsError(p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function assume(roleName: string) {
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${roleName}`, RoleSessionName: 'test' }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe('role tags and instance profiles', () => {
  it('tags, lists and untags a role; lists no instance profiles', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'a', Value: '1' }] }));
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '3' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags).toEqual([
      { Key: 'a', Value: '3' },
      { Key: 'b', Value: '2' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['a'] }));
    const listed = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }));
    expect(listed).toMatchObject({ Tags: [{ Key: 'b', Value: '2' }], IsTruncated: false });
    expect((await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role?.Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const profiles = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tagged' }));
    expect(profiles).toMatchObject({ InstanceProfiles: [], IsTruncated: false });
    const missing = await awsError(iam.send(new ListRoleTagsCommand({ RoleName: 'nope' })));
    expect(missing).toEqual({ name: 'NoSuchEntityException', message: 'The role with name nope cannot be found.', status: 404 });
  });
});

describe('managed policy versions', () => {
  it('creates, lists, switches and deletes versions, with the 5-version limit', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: doc('sqs:SendMessage'), Description: 'd' }));
    const arn = Policy!.Arn!;
    // ListPolicies leaves Description out; GetPolicy has it.
    const { Policies } = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(Policies?.find((p) => p.Arn === arn)).not.toHaveProperty('Description');
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Description).toBe('d');
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:ReceiveMessage'), SetAsDefault: true }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    expect(v2.PolicyVersion?.Document).toBeUndefined();
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v2');
    for (let i = 3; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`sqs:Get${i}`) }));
    const sixth = await awsError(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:X') })));
    expect(sixth).toEqual({
      name: 'LimitExceededException',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      status: 409,
    });
    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', false],
      ['v4', false],
      ['v3', false],
      ['v2', true],
      ['v1', false],
    ]);
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(decodeURIComponent(v1.PolicyVersion!.Document!)).toBe(doc('sqs:SendMessage'));
    const deleteDefault = await awsError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })));
    expect(deleteDefault).toEqual({ name: 'DeleteConflictException', message: 'Cannot delete the default version of a policy.', status: 409 });
    const hasVersions = await awsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(hasVersions.name).toBe('DeleteConflictException');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    const gone = await awsError(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })));
    expect(gone).toEqual({ name: 'NoSuchEntityException', message: `Policy ${arn} version v3 does not exist or is not attachable.`, status: 404 });
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it('the default version is the one evaluated for a role session', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'sender', PolicyDocument: doc('sqs:ReceiveMessage') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'versioned-user', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'versioned-user', PolicyArn: Policy!.Arn! }));
    const root = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT, useQueueUrlAsEndpoint: false });
    const session = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: await assume('versioned-user'), useQueueUrlAsEndpoint: false });
    clients.push(root, session);
    const url = (await root.send(new CreateQueueCommand({ QueueName: 'versions-q' }))).QueueUrl!;
    expect((await awsError(session.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })))).name).toBe('AccessDenied');
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn!, PolicyDocument: doc('sqs:SendMessage'), SetAsDefault: true }));
    await expect(session.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).resolves.toHaveProperty('MessageId');
  });
});

describe('permissions boundaries', () => {
  it('caps the role session, shows on GetRole and ListEntitiesForPolicy, and can be removed', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary-receive-only', PolicyDocument: doc('sqs:ReceiveMessage') }))).Policy!;
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'all-sqs', PolicyDocument: doc('sqs:*') }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: boundary.Arn }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: boundary.Arn,
    });
    // ListRoles leaves the boundary out, GetRole shows it.
    const { Roles } = await iam.send(new ListRolesCommand({}));
    expect(Roles?.find((r) => r.RoleName === 'bounded')).not.toHaveProperty('PermissionsBoundary');
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: boundary.Arn }));
    expect(entities).toMatchObject({ PolicyGroups: [], PolicyUsers: [], PolicyRoles: [{ RoleName: 'bounded' }], IsTruncated: false });
    expect((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: boundary.Arn, PolicyUsageFilter: 'PermissionsPolicy' }))).PolicyRoles).toEqual([]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: boundary.Arn }))).Policy?.PermissionsBoundaryUsageCount).toBe(1);

    const root = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT, useQueueUrlAsEndpoint: false });
    const session = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: await assume('bounded'), useQueueUrlAsEndpoint: false });
    clients.push(root, session);
    const url = (await root.send(new CreateQueueCommand({ QueueName: 'bounded-q' }))).QueueUrl!;
    expect((await awsError(session.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })))).name).toBe('AccessDenied');
    const malformed = await awsError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::000000000000:role/not-a-policy' })));
    expect(malformed).toEqual({ name: 'InvalidInputException', message: 'ARN arn:aws:iam::000000000000:role/not-a-policy is not valid.', status: 400 });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary).toBeUndefined();
    await expect(session.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).resolves.toHaveProperty('MessageId');
  });
});

describe('GetAccountAuthorizationDetails', () => {
  it('lists roles with their inline and attached policies, and local policies with their versions', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'details', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'details', PolicyName: 'inline', PolicyDocument: doc('sqs:GetQueueUrl') }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'details', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }));
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'AWSManagedPolicy'] }));
    const role = out.RoleDetailList?.find((r) => r.RoleName === 'details');
    expect(role).toMatchObject({
      RolePolicyList: [{ PolicyName: 'inline' }],
      AttachedManagedPolicies: [{ PolicyName: 'AmazonSQSFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }],
      InstanceProfileList: [],
    });
    expect(decodeURIComponent(role!.RolePolicyList![0]!.PolicyDocument!)).toBe(doc('sqs:GetQueueUrl'));
    expect(out.Policies?.map((p) => p.PolicyName)).toEqual(['AmazonSQSFullAccess']);
    expect(out.Policies![0]!.PolicyVersionList).toEqual([expect.objectContaining({ VersionId: 'v1', IsDefaultVersion: true })]);
    expect(out.UserDetailList).toEqual([]);
  });
});

describe('policy documents', () => {
  it('refuses duplicate Sids as IAM does', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'sids', AssumeRolePolicyDocument: TRUST }));
    const dup = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'same', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
        { Sid: 'same', Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' },
      ],
    });
    const err = await awsError(iam.send(new PutRolePolicyCommand({ RoleName: 'sids', PolicyName: 'p', PolicyDocument: dup })));
    expect(err).toEqual({ name: 'MalformedPolicyDocumentException', message: 'Statement IDs (SID) in a single policy must be unique.', status: 400 });
  });
});

describe('STS', () => {
  it('GetSessionToken: credentials that act as the caller; refused to role sessions', async () => {
    const { Credentials } = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    // The account root's session credentials last at most an hour.
    expect(Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    const bySession = new STSClient({
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
    });
    clients.push(bySession);
    expect(await bySession.send(new GetCallerIdentityCommand({}))).toMatchObject({
      UserId: '000000000000',
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    });
    const again = await awsError(bySession.send(new GetSessionTokenCommand({})));
    expect(again).toEqual({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials', status: 403 });
    const short = await awsError(sts.send(new GetSessionTokenCommand({ DurationSeconds: 60 })));
    expect(short.message).toBe("1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
  });

  it('GetCallerIdentity for root, another account and a role session; AssumeRole error texts', async () => {
    const other = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' } });
    clients.push(other);
    expect(await other.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:root' });
    await iam.send(new CreateRoleCommand({ RoleName: 'who', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'who' }))).Role!;
    const asRole = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: await assume('who') });
    clients.push(asRole);
    expect(await asRole.send(new GetCallerIdentityCommand({}))).toMatchObject({
      UserId: `${role.RoleId}:test`,
      Account: '000000000000',
      Arn: 'arn:aws:sts::000000000000:assumed-role/who/test',
    });
    const missing = await awsError(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/absent', RoleSessionName: 's' + 'x' })));
    expect(missing).toEqual({
      name: 'AccessDenied',
      message: 'User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/absent',
      status: 403,
    });
    const notTrusted = await awsError(other.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'sx' })));
    expect(notTrusted.message).toBe(`User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`);
    const tooLong = await awsError(sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'sx', DurationSeconds: 7200 })));
    expect(tooLong).toEqual({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', status: 400 });
  });
});

describe('role chaining', () => {
  it('a trust policy naming the role lets its sessions assume without identity permission; naming the account does not', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'first', AssumeRolePolicyDocument: TRUST }));
    const byRole = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/first"},"Action":"sts:AssumeRole"}]}';
    await iam.send(new CreateRoleCommand({ RoleName: 'second-direct', AssumeRolePolicyDocument: byRole }));
    await iam.send(new CreateRoleCommand({ RoleName: 'second-account', AssumeRolePolicyDocument: TRUST }));
    const first = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: await assume('first') });
    clients.push(first);
    const direct = await first.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/second-direct', RoleSessionName: 'chain' }));
    expect(direct.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/second-direct/chain');
    const viaAccount = await awsError(first.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/second-account', RoleSessionName: 'chain' })));
    expect(viaAccount.message).toBe(
      'User: arn:aws:sts::000000000000:assumed-role/first/test is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/second-account',
    );
  });
});

describe.skipIf(!existsSync(AWS))('Debian AWS CLI (query protocol, XML)', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  const aws = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(AWS, ['--endpoint-url', sandbox.url, '--region', 'us-east-1', '--output', 'json', ...args], { env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('create-role prints AWS’s shape; tags, boundary, policy versions and session tokens', async () => {
    const created = await aws('iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', TRUST, '--description', 'd');
    const role = (JSON.parse(created.stdout) as { Role: Record<string, unknown> }).Role;
    expect(Object.keys(role)).toEqual(['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description']);
    expect((await aws('iam', 'tag-role', '--role-name', 'cli-role', '--tags', 'Key=k,Value=v')).code).toBe(0);
    expect(JSON.parse((await aws('iam', 'list-role-tags', '--role-name', 'cli-role')).stdout)).toEqual({ Tags: [{ Key: 'k', Value: 'v' }], IsTruncated: false });
    const policy = JSON.parse((await aws('iam', 'create-policy', '--policy-name', 'cli-pol', '--policy-document', doc('sqs:SendMessage'))).stdout) as { Policy: { Arn: string } };
    const v2 = JSON.parse((await aws('iam', 'create-policy-version', '--policy-arn', policy.Policy.Arn, '--policy-document', doc('sqs:*'), '--set-as-default')).stdout) as {
      PolicyVersion: { VersionId: string; IsDefaultVersion: boolean };
    };
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    expect((await aws('iam', 'put-role-permissions-boundary', '--role-name', 'cli-role', '--permissions-boundary', policy.Policy.Arn)).code).toBe(0);
    const got = JSON.parse((await aws('iam', 'get-role', '--role-name', 'cli-role')).stdout) as { Role: { PermissionsBoundary: unknown } };
    expect(got.Role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policy.Policy.Arn });
    const entities = JSON.parse((await aws('iam', 'list-entities-for-policy', '--policy-arn', policy.Policy.Arn)).stdout) as { PolicyRoles: Array<{ RoleName: string }> };
    expect(entities.PolicyRoles.map((r) => r.RoleName)).toEqual(['cli-role']);
    const profiles = JSON.parse((await aws('iam', 'list-instance-profiles-for-role', '--role-name', 'cli-role')).stdout) as unknown;
    expect(profiles).toEqual({ InstanceProfiles: [] });
    const token = JSON.parse((await aws('sts', 'get-session-token')).stdout) as { Credentials: { AccessKeyId: string } };
    expect(token.Credentials.AccessKeyId).toMatch(/^ASIA/);
  }, 60_000);
});
