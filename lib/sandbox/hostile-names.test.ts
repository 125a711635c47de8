import http from 'node:http';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/lib/sandbox/apigateway/test-support';
import { fakeAuthorization } from '@/lib/sandbox/sqs/test-helpers';

/** Names that are properties of every plain object: a lookup in `{}` finds them without anyone having stored them. */
const HOSTILE = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'] as const;

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const errorOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => e);

async function sqsJson(operation: string, body: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${sb.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}`, authorization: fakeAuthorization() },
    body,
  });
  return { status: res.status, body: await res.text() };
}

describe('SQS', () => {
  it.each(HOSTILE)('an operation named %s is unknown', async (name) => {
    const res = await sqsJson(name, '{}');
    expect(res.status).toBe(400);
    expect(res.body).toContain('UnknownOperationException');
  });

  it.each(HOSTILE)('queue, tag, message attribute named %s', async (name) => {
    const missing = await errorOf(sb.sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    expect(missing?.name).toBe('QueueDoesNotExist');
    const { QueueUrl } = await sb.sqs.send(new CreateQueueCommand({ QueueName: name, tags: { [name]: 'v' } }));
    expect(QueueUrl).toMatch(new RegExp(`/${name}$`));
    await sb.sqs.send(new TagQueueCommand({ QueueUrl, Tags: { [name]: 'w', other: 'x' } }));
    const tags = await sb.sqs.send(new ListQueueTagsCommand({ QueueUrl }));
    expect(tags.Tags).toEqual({ [name]: 'w', other: 'x' });
    const badAttr = await errorOf(sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { [name]: '1' } })));
    expect(badAttr?.name).toBe('InvalidAttributeName');
    const got = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Object.hasOwn(got.Attributes ?? {}, name)).toBe(false);
    // Read on the wire: the SDK's own deserializer reads a `__proto__` map key through the prototype.
    const attributes = `{${JSON.stringify(name)}: {"DataType": "String", "StringValue": "s"}}`;
    const sent = await sqsJson('SendMessage', `{"QueueUrl": ${JSON.stringify(QueueUrl)}, "MessageBody": "b", "MessageAttributes": ${attributes}}`);
    expect(sent.status).toBe(200);
    const received = await sqsJson('ReceiveMessage', JSON.stringify({ QueueUrl, MessageAttributeNames: ['All'] }));
    const messages = (JSON.parse(received.body) as { Messages: { MessageAttributes: unknown }[] }).Messages;
    expect(Object.entries(messages[0]!.MessageAttributes as object)).toEqual([[name, { DataType: 'String', StringValue: 's' }]]);
  });
});

describe('IAM', () => {
  it.each(HOSTILE)('role, inline policy and tag named %s', async (name) => {
    const missing = await errorOf(sb.iam.send(new GetRoleCommand({ RoleName: name })));
    expect(missing?.name).toBe('NoSuchEntityException');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await sb.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Tags: [{ Key: name, Value: 'v' }] }));
    const noPolicy = await errorOf(sb.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: name })));
    expect(noPolicy?.name).toBe('NoSuchEntityException');
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] });
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: name, PolicyDocument: doc }));
    expect((await sb.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: name }))).PolicyName).toBe(name);
    expect((await sb.iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Tags).toEqual([{ Key: name, Value: 'v' }]);
  });
});

function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('execute-api data plane', () => {
  let invokeUrl = '';
  beforeAll(async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'hostile' }));
    const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'echo' }));
    const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'GET' };
    await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    await sb.apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
    await sb.apigw.send(
      new PutIntegrationResponseCommand({
        ...ids,
        statusCode: '200',
        responseTemplates: { 'application/json': '{"q":"$input.params().querystring","h":"$input.params().header.get(\'constructor\')"}' },
      }),
    );
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    invokeUrl = `${sb.url}/_aws/execute-api/${api.id}/dev/echo`;
  });

  it.each(HOSTILE)('a header and a query parameter named %s reach the template', async (name) => {
    const res = await rawRequest(`${invokeUrl}?${encodeURIComponent(name)}=1`, { headers: { [name]: 'h' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`${name}=1`);
  });
});
