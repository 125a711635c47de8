import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  DeletePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { iamService } from '@/lib/sandbox/iam/service';
import { stsService } from '@/lib/sandbox/sts/service';

const APIGATEWAY_TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:orders';
const SEND_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE_ARN] }] }, null, 2);

let sandbox: RunningSandbox;
let dataDir: string;
let iam: IAMClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-iam-'));
  sandbox = await startSandbox({ port: 0, dataDir, services: [iamService, stsService], auth: createSandboxAuth });
  iam = new IAMClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  iam?.destroy();
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

describe('IAM roles through @aws-sdk/client-iam', () => {
  it('creates a role with AWS-shaped id, ARN, date and a URL-encoded trust policy', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'apigw-orders',
        Path: '/service-role/',
        AssumeRolePolicyDocument: APIGATEWAY_TRUST,
        Description: 'API Gateway → SQS',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'app', Value: 'sluice' }],
      }),
    );
    expect(Role).toMatchObject({
      RoleName: 'apigw-orders',
      Path: '/service-role/',
      Arn: 'arn:aws:iam::000000000000:role/service-role/apigw-orders',
      Description: 'API Gateway → SQS',
      Tags: [{ Key: 'app', Value: 'sluice' }],
    });
    // CreateRole's Role has no MaxSessionDuration and no RoleLastUsed (IAM API reference example; GetRole has both).
    expect(Object.keys(Role!)).toEqual(['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description', 'Tags']);
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22%3A%222012-10-17%22/);
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(APIGATEWAY_TRUST);

    const got = await iam.send(new GetRoleCommand({ RoleName: 'apigw-orders' }));
    expect(got.Role?.RoleId).toBe(Role?.RoleId);
    const listed = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['apigw-orders']);
  });

  it('refuses duplicates, bad names and bad policy documents with AWS errors', async () => {
    expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'APIGW-ORDERS', AssumeRolePolicyDocument: APIGATEWAY_TRUST })))).toEqual({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name APIGW-ORDERS already exists.',
      status: 409,
    });
    expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'bad name!', AssumeRolePolicyDocument: APIGATEWAY_TRUST })))).toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      status: 400,
    });
    expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{"Version":' })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
      status: 400,
    });
    const withResource = APIGATEWAY_TRUST.replace('"Action"', '"Resource":"*","Action"');
    expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: withResource })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Has prohibited field Resource',
    });
    expect(await awsError(iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toEqual({
      name: 'NoSuchEntityException',
      message: 'The role with name nope cannot be found.',
      status: 404,
    });
  });

  it('stores inline policies and returns them URL-encoded', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'apigw-orders', PolicyName: 'send-orders', PolicyDocument: SEND_POLICY }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'apigw-orders', PolicyName: 'send-orders' }));
    expect(got).toMatchObject({ RoleName: 'apigw-orders', PolicyName: 'send-orders' });
    expect(got.PolicyDocument).toContain('%0A');
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(SEND_POLICY);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'apigw-orders' }))).PolicyNames).toEqual(['send-orders']);
    expect(
      await awsError(iam.send(new PutRolePolicyCommand({ RoleName: 'apigw-orders', PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage"}]}' }))),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException', message: 'Policy statement must contain resources.' });
  });

  it('attaches customer and AWS managed policies and refuses to delete a role that still has policies', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'deny-purge',
        PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:Purge*","Resource":"*"}]}',
      }),
    );
    expect(Policy).toMatchObject({ Arn: 'arn:aws:iam::000000000000:policy/deny-purge', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'apigw-orders', PolicyArn: Policy!.Arn! }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'apigw-orders', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'apigw-orders' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'deny-purge', PolicyArn: 'arn:aws:iam::000000000000:policy/deny-purge' },
      { PolicyName: 'AmazonAPIGatewayPushToCloudWatchLogs', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' },
    ]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }))).Policy?.AttachmentCount).toBe(1);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess', VersionId: 'v1' }));
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toContain('"sqs:*"');
    expect(
      await awsError(iam.send(new AttachRolePolicyCommand({ RoleName: 'apigw-orders', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }))),
    ).toEqual({ name: 'NoSuchEntityException', message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.', status: 404 });
    expect(await awsError(iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });

    expect(await awsError(iam.send(new DeleteRoleCommand({ RoleName: 'apigw-orders' })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete policies first.',
      status: 409,
    });
  });

  it('simulates the role: allowed, explicitDeny and implicitDeny with matched statement positions', async () => {
    const roleArn = 'arn:aws:iam::000000000000:role/service-role/apigw-orders';
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: ['sqs:SendMessage', 'sqs:PurgeQueue', 'sqs:DeleteQueue'],
        ResourceArns: [QUEUE_ARN],
      }),
    );
    const byAction = Object.fromEntries(out.EvaluationResults!.map((r) => [r.EvalActionName, r]));
    expect(byAction['sqs:SendMessage']).toMatchObject({
      EvalResourceName: QUEUE_ARN,
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'send-orders', SourcePolicyType: 'role', StartPosition: { Line: 4, Column: 6 }, EndPosition: { Line: 12, Column: 6 } }],
      ResourceSpecificResults: [{ EvalResourceName: QUEUE_ARN, EvalResourceDecision: 'allowed' }],
    });
    expect(byAction['sqs:PurgeQueue']).toMatchObject({
      EvalDecision: 'explicitDeny',
      MatchedStatements: [{ SourcePolicyId: 'deny-purge', SourcePolicyType: 'user-managed' }],
    });
    expect(byAction['sqs:DeleteQueue']).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [] });
    expect(out.IsTruncated).toBe(false);

    const custom = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: ['sqs:DeleteQueue'],
        PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:Delete*","Resource":"*"}}'],
      }),
    );
    expect(custom.EvaluationResults?.[0]).toMatchObject({ EvalResourceName: '*', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1' }] });

    expect(await awsError(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::000000000000:role/ghost', ActionNames: ['sqs:SendMessage'] })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    expect(await awsError(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'not-an-arn', ActionNames: ['sqs:SendMessage'] })))).toMatchObject({
      name: 'InvalidInputException',
      status: 400,
    });
  });

  it('updates the trust policy, detaches and deletes', async () => {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'apigw-orders', PolicyDocument: APIGATEWAY_TRUST.replace('apigateway', 'lambda') }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'apigw-orders' }));
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toContain('lambda.amazonaws.com');

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'apigw-orders', PolicyName: 'send-orders' }));
    expect(await awsError(iam.send(new DeleteRoleCommand({ RoleName: 'apigw-orders' })))).toMatchObject({ message: 'Cannot delete entity, must detach all policies first.' });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'apigw-orders', PolicyArn: 'arn:aws:iam::000000000000:policy/deny-purge' }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'apigw-orders', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'apigw-orders' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::000000000000:policy/deny-purge' }));
    expect(await awsError(iam.send(new GetRoleCommand({ RoleName: 'apigw-orders' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('answers an unknown action and an unsigned request like AWS', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const unsigned = await post('Action=ListRoles&Version=2010-05-08');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(
      /^<\?xml version="1.0"\?><ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    const auth = { authorization: 'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=abc', 'x-amz-date': '20261121T090000Z' };
    const unknown = await post('Action=FlyToTheMoon&Version=2010-05-08', auth);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code><Message>Could not find operation FlyToTheMoon for version 2010-05-08</Message>');
  });
});

describe('IAM state durability', () => {
  it('keeps roles and policies across a sandbox restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-iam-restart-'));
    const start = () => startSandbox({ port: 0, dataDir: dir, services: [iamService, stsService], auth: createSandboxAuth });
    try {
      let running = await start();
      let client = new IAMClient({ endpoint: running.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const created = await client.send(new CreateRoleCommand({ RoleName: 'durable', AssumeRolePolicyDocument: APIGATEWAY_TRUST }));
      await client.send(new PutRolePolicyCommand({ RoleName: 'durable', PolicyName: 'send', PolicyDocument: SEND_POLICY }));
      client.destroy();
      await running.close();

      running = await start();
      client = new IAMClient({ endpoint: running.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      expect((await client.send(new GetRoleCommand({ RoleName: 'durable' }))).Role?.RoleId).toBe(created.Role?.RoleId);
      expect((await client.send(new ListRolePoliciesCommand({ RoleName: 'durable' }))).PolicyNames).toEqual(['send']);
      client.destroy();
      await running.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
