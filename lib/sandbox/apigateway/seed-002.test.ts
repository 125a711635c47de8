import { createHash } from 'node:crypto';
import http from 'node:http';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutIntegrationCommandInput,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError, type RuleId } from '@/lib/doctor';
import { startTestSandbox, type TestSandbox } from './test-support';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
let counter = 0;

type Setup = {
  protocol: 'query' | 'json';
  /** Extra queue attributes, e.g. a customer-managed KMS key. */
  queueAttributes?: Record<string, string>;
  /** Actions of the role's inline policy on the queue (default sqs:SendMessage). */
  roleActions?: string[];
  /** Resources of that policy (default: the queue's ARN). */
  roleResources?: string[];
  /** More statements for the role's policy (e.g. KMS permissions on a key). */
  extraStatements?: Record<string, unknown>[];
  trustPolicy?: string;
  /** Changes to the integration seed 002 describes for the protocol. */
  integration?: (base: PutIntegrationCommandInput) => PutIntegrationCommandInput;
};

/** Seed 002's procedure, step by step, through the SDK clients only. */
async function deploy(setup: Setup) {
  const name = `seed002-${++counter}`;
  const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: name, ...(setup.queueAttributes ? { Attributes: setup.queueAttributes } : {}) }));
  const roleName = `apigw-sqs-${counter}`;
  const role = await sb.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: setup.trustPolicy ?? TRUST }));
  await sb.iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'send',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Resource: setup.roleResources ?? [`arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`], Action: setup.roleActions ?? ['sqs:SendMessage'] },
          ...(setup.extraStatements ?? []),
        ],
      }),
    }),
  );
  const api = await sb.apigw.send(new CreateRestApiCommand({ name }));
  const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'example-resource' }));
  const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'POST' };
  const json = setup.protocol === 'json';
  await sb.apigw.send(
    new PutMethodCommand({
      ...ids,
      authorizationType: 'NONE',
      ...(json ? { requestParameters: { 'method.request.header.Content-Type': false, 'method.request.header.X-Amz-Target': false } } : {}),
    }),
  );
  const base: PutIntegrationCommandInput = {
    ...ids,
    type: 'AWS',
    integrationHttpMethod: 'POST',
    uri: json ? 'arn:aws:apigateway:us-east-1:sqs:path//' : `arn:aws:apigateway:us-east-1:sqs:path/${ACCOUNT}/${name}`,
    credentials: role.Role!.Arn!,
    timeoutInMillis: 29000,
    requestParameters: json
      ? { 'integration.request.header.Content-Type': 'method.request.header.Content-Type', 'integration.request.header.X-Amz-Target': 'method.request.header.X-Amz-Target' }
      : { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
    ...(json ? {} : { requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' } }),
  };
  await sb.apigw.send(new PutIntegrationCommand(setup.integration ? setup.integration(base) : base));
  // Default 200 plus 4XX/5XX by selection pattern: SQS's own error body reaches the client with SQS's status class.
  for (const statusCode of ['200', '400', '500']) await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '400', selectionPattern: '4\\d{2}' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '500', selectionPattern: '5\\d{2}' }));
  await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'example-stage' }));
  return {
    queueUrl: queue.QueueUrl!,
    invokeUrl: `${sb.url}/_aws/execute-api/${api.id}/example-stage/example-resource`,
    hostInvokeUrl: `http://${api.id}.execute-api.localhost:${sb.port}/example-stage/example-resource`,
  };
}

const SEED_QUERY_BODY = '{\n"message": "Hello World"\n}';
const SEED_JSON_MESSAGE = 'This is a test message';

async function postQuery(url: string, body = SEED_QUERY_BODY) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function postJson(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' }) {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

function postWithHost(url: string, body: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: u.port, path: u.pathname, method: 'POST', headers: { Host: u.host, 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const jsonBody = (queueUrl: string, message = SEED_JSON_MESSAGE) => JSON.stringify({ QueueUrl: queueUrl, MessageBody: message });

function expectExplained(res: { status: number; headers: Headers; body: string }, code: string, rule: RuleId) {
  const explanation = explainError(res.status, Object.fromEntries(res.headers.entries()), res.body);
  expect(explanation.code).toBe(code);
  expect(explanation.ruleIds).toContain(rule);
}

describe('seed 002 through the sandbox: the documented setups work', () => {
  it('query protocol answers the seed curl with SendMessageResponse and stores the message with that MD5', async () => {
    const { invokeUrl, hostInvokeUrl, queueUrl } = await deploy({ protocol: 'query' });
    const res = await postQuery(invokeUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-amz-apigw-id')).toBeTruthy();
    expect(res.headers.get('x-amzn-trace-id')).toMatch(/^Root=1-/);
    const parsed = JSON.parse(res.body) as {
      SendMessageResponse: { ResponseMetadata: { RequestId: string }; SendMessageResult: Record<string, string | null> };
    };
    expect(Object.keys(parsed)).toEqual(['SendMessageResponse']);
    expect(parsed.SendMessageResponse.ResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed.SendMessageResponse.SendMessageResult).toMatchObject({
      MD5OfMessageAttributes: null,
      MD5OfMessageBody: md5(SEED_QUERY_BODY),
      MD5OfMessageSystemAttributes: null,
      SequenceNumber: null,
    });
    const received = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.[0]?.Body).toBe(SEED_QUERY_BODY);
    expect(received.Messages?.[0]?.MD5OfBody).toBe(parsed.SendMessageResponse.SendMessageResult.MD5OfMessageBody);
    expect(received.Messages?.[0]?.MessageId).toBe(parsed.SendMessageResponse.SendMessageResult.MessageId);

    // The host-style invoke URL serves the same deployment (sent to 127.0.0.1 with its Host: *.localhost does not
    // resolve through getaddrinfo here, while browsers and curl map it to loopback).
    const viaHost = await postWithHost(hostInvokeUrl, SEED_QUERY_BODY);
    expect(viaHost.status).toBe(200);
    expect(viaHost.body).toContain('"MD5OfMessageBody":"' + md5(SEED_QUERY_BODY) + '"');
  });

  it('JSON protocol answers the seed curl with {"MD5OfMessageBody":"fafb00f5…","MessageId":…}', async () => {
    const { invokeUrl, queueUrl } = await deploy({ protocol: 'json' });
    const res = await postJson(invokeUrl, jsonBody(queueUrl));
    expect(res.status).toBe(200);
    const parsed = JSON.parse(res.body) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(['MD5OfMessageBody', 'MessageId']);
    expect(parsed.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
    const received = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    expect(received.Messages?.[0]).toMatchObject({ Body: SEED_JSON_MESSAGE, MessageId: parsed.MessageId });
  });
});

describe("seed 002's eight errors, each caused by its misconfiguration and only by it", () => {
  it('UnknownOperationException: query protocol without the form Content-Type mapping, or without Action', async () => {
    const noContentType = await deploy({ protocol: 'query', integration: ({ requestParameters: _drop, ...rest }) => rest });
    const res = await postQuery(noContentType.invokeUrl);
    expect(res.body).toContain('UnknownOperationException');
    expect(res.status).toBe(400);
    expectExplained(res, 'UnknownOperationException', 'query-content-type');

    const noAction = await deploy({
      protocol: 'query',
      integration: (base) => ({ ...base, requestTemplates: { 'application/json': 'MessageBody=$input.body' } }),
    });
    const res2 = await postQuery(noAction.invokeUrl);
    expect(res2.body).toContain('UnknownOperationException');
    expectExplained(res2, 'UnknownOperationException', 'query-template-action');
  });

  it('UnknownOperationException: JSON protocol without X-Amz-Target', async () => {
    const { invokeUrl, queueUrl } = await deploy({ protocol: 'json' });
    const res = await postJson(invokeUrl, jsonBody(queueUrl), { 'Content-Type': 'application/x-amz-json-1.0' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('UnknownOperationException');
    expectExplained(res, 'UnknownOperationException', 'json-protocol-headers');
    // The same deployment with the header succeeds: the header is the cause.
    expect((await postJson(invokeUrl, jsonBody(queueUrl))).status).toBe(200);
  });

  it('AccessDenied: the execution role lacks sqs:SendMessage', async () => {
    const { invokeUrl } = await deploy({ protocol: 'query', roleActions: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'] });
    const res = await postQuery(invokeUrl);
    expect(res.status).toBe(400);
    expect(res.body).toContain('AccessDenied');
    expect(res.body).toContain('assumed-role/');
    expectExplained(res, 'AccessDenied', 'access-denied-policy');
  });

  it('KMS.AccessDeniedException: a customer-managed KMS key and no kms permissions', async () => {
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { invokeUrl } = await deploy({ protocol: 'query', queueAttributes: { KmsMasterKeyId: keyArn } });
    const res = await postQuery(invokeUrl);
    expect(res.body).toContain('KMS.AccessDeniedException');
    expectExplained(res, 'KMS.AccessDeniedException', 'kms-access-denied');

    // The same setup with seed 002's KMS permissions on the key succeeds.
    const allowed = await deploy({
      protocol: 'query',
      queueAttributes: { KmsMasterKeyId: keyArn },
      extraStatements: [{ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn }],
    });
    const res2 = await postQuery(allowed.invokeUrl);
    expect(res2.status).toBe(200);
    expect(res2.body).toContain('"MD5OfMessageBody":"' + md5(SEED_QUERY_BODY) + '"');
  });

  it('MalformedQueryString: an unencoded % in a query-protocol body', async () => {
    const { invokeUrl } = await deploy({ protocol: 'query' });
    const res = await postQuery(invokeUrl, '{"message": "100%zz off"}');
    expect(res.body).toContain('MalformedQueryString');
    expectExplained(res, 'MalformedQueryString', 'query-body-not-urlencoded');

    const encoded = await deploy({
      protocol: 'query',
      integration: (base) => ({ ...base, requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' } }),
    });
    expect((await postQuery(encoded.invokeUrl, '{"message": "100%zz off"}')).status).toBe(200);
  });

  it('SignatureDoesNotMatch: integration HTTP method GET instead of POST', async () => {
    const { invokeUrl } = await deploy({ protocol: 'query', integration: (base) => ({ ...base, integrationHttpMethod: 'GET' }) });
    const res = await postQuery(invokeUrl);
    expect(res.status).toBe(400);
    expect(res.body).toContain('SignatureDoesNotMatch');
    expectExplained(res, 'SignatureDoesNotMatch', 'integration-http-method-get');
  });

  it('InvalidAddress / QueueDoesNotExist: a wrong QueueUrl in a JSON-protocol body', async () => {
    // A role allowed on every queue of the account, so that the wrong queue is judged by SQS, not by IAM.
    const { invokeUrl, queueUrl } = await deploy({ protocol: 'json', roleResources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:*`] });
    const wrongAddress = await postJson(invokeUrl, jsonBody(`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders`));
    expect(wrongAddress.status).toBe(400);
    expect(wrongAddress.body).toContain('InvalidAddress');
    expectExplained(wrongAddress, 'InvalidAddress', 'json-queue-url');
    const wrongName = await postJson(invokeUrl, jsonBody(`${queueUrl}-typo`));
    expect(wrongName.body).toContain('QueueDoesNotExist');
    expectExplained(wrongName, 'QueueDoesNotExist', 'json-queue-url');
    expect((await postJson(invokeUrl, jsonBody(queueUrl))).status).toBe(200);
  });

  it('SerializationException: the body is not valid JSON', async () => {
    const { invokeUrl, queueUrl } = await deploy({ protocol: 'json' });
    const res = await postJson(invokeUrl, `{"QueueUrl": "${queueUrl}", "MessageBody": "x",}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('SerializationException');
    expectExplained(res, 'SerializationException', 'json-body-invalid');
  });

  it('MissingRequiredParameterException: no MessageBody', async () => {
    const { invokeUrl, queueUrl } = await deploy({ protocol: 'json' });
    const res = await postJson(invokeUrl, JSON.stringify({ QueueUrl: queueUrl }));
    expect(res.status).toBe(400);
    expect(res.body).toContain('MissingRequiredParameterException');
    expectExplained(res, 'MissingRequiredParameterException', 'missing-message-body');
  });

  it('an execution role that apigateway.amazonaws.com may not assume → 500 Internal server error', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const { invokeUrl } = await deploy({ protocol: 'query', trustPolicy: trust });
    const res = await postQuery(invokeUrl);
    expect(res.status).toBe(500);
    expect(res.body).toBe('{"message": "Internal server error"}');
  });
});
