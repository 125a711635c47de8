import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-support';

/*
 * The invoke path caches what AWS treats as deployed and immutable (the deployment snapshot and the method
 * configuration built from it, compiled templates, role sessions, the role's id). These tests warm every cache with
 * several invocations, then change the configuration and expect the very next invocation to see the change.
 */
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const ACCOUNT = '000000000000';
let n = 0;

function policy(actions: string[], queue: string, effect: 'Allow' | 'Deny' = 'Allow'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: actions, Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] });
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function deployedApi() {
  const name = `cache-${++n}`;
  const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const role = await sb.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  await sb.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'send', PolicyDocument: policy(['sqs:SendMessage'], name) }));
  const api = await sb.apigw.send(new CreateRestApiCommand({ name }));
  const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'send' }));
  const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'POST' };
  await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await sb.apigw.send(
    new PutIntegrationCommand({
      ...ids,
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:sqs:path/${ACCOUNT}/${name}`,
      credentials: role.Role!.Arn!,
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=v1-$input.path(\'$.n\')' },
    }),
  );
  await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200' }));
  await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '403' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '403', selectionPattern: '403' }));
  await sb.apigw.send(new CreateDeploymentCommand({ restApiId: ids.restApiId, stageName: 'prod' }));
  const invokeUrl = `${sb.url}/_aws/execute-api/${api.id}/prod/send`;
  const post = async (value: number) => {
    const res = await fetch(invokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n: value }) });
    return { status: res.status, body: await res.text() };
  };
  const received = async () => {
    const out = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    return (out.Messages ?? []).map((m) => m.Body ?? '').sort();
  };
  return { name, ids, post, received };
}

describe('invoke path caches', () => {
  it('serves a redeployed template from the very next request', async () => {
    const api = await deployedApi();
    for (let i = 1; i <= 3; i++) expect((await api.post(i)).status).toBe(200);
    await sb.apigw.send(
      new UpdateIntegrationCommand({
        ...api.ids,
        patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: "Action=SendMessage&MessageBody=v2-$input.path('$.n')" }],
      }),
    );
    expect((await api.post(4)).status).toBe(200);
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.ids.restApiId, stageName: 'prod' }));
    expect((await api.post(5)).status).toBe(200);
    expect(await api.received()).toEqual(['v1-1', 'v1-2', 'v1-3', 'v1-4', 'v2-5']);
  });

  it('denies from the very next request once the role policy stops allowing SendMessage', async () => {
    const api = await deployedApi();
    for (let i = 1; i <= 3; i++) expect((await api.post(i)).status).toBe(200);
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: api.name, PolicyName: 'send', PolicyDocument: policy(['sqs:ReceiveMessage'], api.name) }));
    const denied = await api.post(4);
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('AccessDenied');
    // An explicit Deny added next to a restored Allow wins at once too.
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: api.name, PolicyName: 'send', PolicyDocument: policy(['sqs:SendMessage'], api.name) }));
    expect((await api.post(5)).status).toBe(200);
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: api.name, PolicyName: 'deny', PolicyDocument: policy(['sqs:*'], api.name, 'Deny') }));
    expect((await api.post(6)).status).toBe(403);
    await sb.iam.send(new DeleteRolePolicyCommand({ RoleName: api.name, PolicyName: 'deny' }));
    expect((await api.post(7)).status).toBe(200);
    expect(await api.received()).toEqual(['v1-1', 'v1-2', 'v1-3', 'v1-5', 'v1-7']);
  });

  it('a role deleted and created again under the same name grants only what the new role allows, at once', async () => {
    const api = await deployedApi();
    for (let i = 1; i <= 3; i++) expect((await api.post(i)).status).toBe(200);
    await sb.iam.send(new DeleteRolePolicyCommand({ RoleName: api.name, PolicyName: 'send' }));
    await sb.iam.send(new DeleteRoleCommand({ RoleName: api.name }));
    await sb.iam.send(new CreateRoleCommand({ RoleName: api.name, AssumeRolePolicyDocument: TRUST }));
    // The cached session belongs to the old role: the new role, without a policy yet, allows nothing.
    expect((await api.post(4)).status).toBe(403);
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: api.name, PolicyName: 'send', PolicyDocument: policy(['sqs:SendMessage'], api.name) }));
    expect((await api.post(5)).status).toBe(200);
    expect(await api.received()).toEqual(['v1-1', 'v1-2', 'v1-3', 'v1-5']);
  });
});
