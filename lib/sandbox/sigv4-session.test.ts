import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/lib/sandbox/apigateway/test-support';

/** SigV4 of sandbox-issued session keys (assumed roles) checked the way AWS checks it, driven as a raw HTTP client. */
const ACCOUNT = '000000000000';
const TRUST = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"sts:AssumeRole"}]}`;
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

let sb: TestSandbox;
let sts: STSClient;
let queueUrl: string;
let session: Credentials;
let invokeSession: Credentials;
let invokeUrl: URL;

async function assume(roleName: string, actions: string[], resource: string): Promise<Credentials> {
  await sb.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: TRUST }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] };
  await sb.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, RoleSessionName: 'session' }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}

beforeAll(async () => {
  sb = await startTestSandbox();
  sts = new STSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  queueUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'signed' }))).QueueUrl!;
  session = await assume('sender', ['sqs:SendMessage', 'sqs:PurgeQueue', 'sqs:GetQueueAttributes'], `arn:aws:sqs:us-east-1:${ACCOUNT}:signed`);

  const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'iam-api' }));
  const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'hello' }));
  const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'GET' };
  await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'AWS_IAM' }));
  await sb.apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }));
  await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
  invokeUrl = new URL(`${sb.url}/_aws/execute-api/${api.id}/dev/hello`);
  invokeSession = await assume('invoker', ['execute-api:Invoke'], `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.id}/dev/GET/hello`);
});
afterAll(async () => {
  sts.destroy();
  await sb.stop();
});

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

function send(url: URL, req: { method: string; headers: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = http.request(url, { method: req.method, headers: req.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

function signer(credentials: Credentials, service: string) {
  return new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Sha256 });
}

function httpRequest(url: URL, method: string, headers: Record<string, string>, body?: string): HttpRequest {
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  return { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers: { host: url.host, ...headers }, ...(body !== undefined ? { body } : {}) };
}

const form = (params: Record<string, string>) => new URLSearchParams({ Version: '2012-11-05', QueueUrl: queueUrl, ...params }).toString();

async function signedSqs(body: string, extraHeaders: Record<string, string> = {}, options: { unsignableHeaders?: Set<string> } = {}) {
  const url = new URL(`${sb.url}/`);
  const signed = await signer(session, 'sqs').sign(httpRequest(url, 'POST', { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders }, body), options);
  return { url, headers: signed.headers };
}

describe('SQS with session keys', () => {
  it('a correctly signed SendMessage is accepted', async () => {
    const body = form({ Action: 'SendMessage', MessageBody: 'hello' });
    const { url, headers } = await signedSqs(body);
    const res = await send(url, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<SendMessageResponse');
  });

  it('UNSIGNED-PAYLOAD is not honoured: a SendMessage whose body is swapped for PurgeQueue is SignatureDoesNotMatch', async () => {
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'keep me' }));
    const { url, headers } = await signedSqs(form({ Action: 'SendMessage', MessageBody: 'x' }), { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    const res = await send(url, { method: 'POST', headers, body: form({ Action: 'PurgeQueue' }) });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const attrs = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Number(attrs.Attributes?.ApproximateNumberOfMessages)).toBeGreaterThan(0);
  });

  it('a body swapped without UNSIGNED-PAYLOAD is SignatureDoesNotMatch too', async () => {
    const { url, headers } = await signedSqs(form({ Action: 'SendMessage', MessageBody: 'x' }));
    const res = await send(url, { method: 'POST', headers, body: form({ Action: 'PurgeQueue' }) });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('a signature that does not cover Host is IncompleteSignature', async () => {
    const body = form({ Action: 'SendMessage', MessageBody: 'x' });
    const { url, headers } = await signedSqs(body, {}, { unsignableHeaders: new Set(['host']) });
    expect(headers['authorization']).not.toMatch(/SignedHeaders=[^,]*host/);
    const res = await send(url, { method: 'POST', headers, body });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
    expect(res.body.replaceAll('&apos;', "'")).toContain("<Message>'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.</Message>");
  });

  async function presigned(expires: string): Promise<Reply> {
    const url = new URL(`${sb.url}/?${form({ Action: 'GetQueueAttributes', 'AttributeName.1': 'QueueArn' })}`);
    const signed = await signer(session, 'sqs').presign(httpRequest(url, 'GET', {}), { expiresIn: 900 });
    const query = new URLSearchParams(signed.query as Record<string, string>);
    query.set('X-Amz-Expires', expires);
    return send(new URL(`${sb.url}/?${query.toString()}`), { method: 'GET', headers: {} });
  }

  it('a presigned URL within X-Amz-Expires is accepted', async () => {
    const res = await presigned('900');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Name>QueueArn</Name>');
  });

  it.each([
    ['abc', 'X-Amz-Expires should be a number'],
    ['1.5', 'X-Amz-Expires should be a number'],
    ['-1', 'X-Amz-Expires must be non-negative'],
    ['0', 'X-Amz-Expires must be at least 1 second'],
    ['604801', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
  ])('X-Amz-Expires=%s is AuthorizationQueryParametersError', async (expires, message) => {
    const res = await presigned(expires);
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>AuthorizationQueryParametersError</Code>');
    expect(res.body).toContain(`<Message>${message}</Message>`);
  });
});

describe('execute-api AWS_IAM method', () => {
  it('Authorization: garbage is IncompleteSignatureException with API Gateway\'s message', async () => {
    const res = await send(invokeUrl, { method: 'GET', headers: { authorization: 'garbage' } });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    expect(JSON.parse(res.body)).toEqual({
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=garbage",
    });
  });

  it('a Bearer token is "not a valid key=value pair"', async () => {
    const res = await send(invokeUrl, { method: 'GET', headers: { authorization: 'Bearer abc.def' } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ message: "'abc.def' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc.def'." });
  });

  it('no signature at all is Missing Authentication Token', async () => {
    const res = await send(invokeUrl, { method: 'GET', headers: {} });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ message: 'Missing Authentication Token' });
  });

  it('a session allowed execute-api:Invoke gets through; a wrong secret is InvalidSignatureException', async () => {
    const ok = await signer(invokeSession, 'execute-api').sign(httpRequest(invokeUrl, 'GET', {}));
    const res = await send(invokeUrl, { method: 'GET', headers: ok.headers });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });

    const bad = await signer({ ...invokeSession, secretAccessKey: 'wrong' }, 'execute-api').sign(httpRequest(invokeUrl, 'GET', {}));
    const refused = await send(invokeUrl, { method: 'GET', headers: bad.headers });
    expect(refused.status).toBe(403);
    expect(refused.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(JSON.parse(refused.body).message).toMatch(/^The request signature we calculated does not match the signature you provided/);
  });

  it('a session without execute-api:Invoke is AccessDeniedException naming the method ARN', async () => {
    const signed = await signer(session, 'execute-api').sign(httpRequest(invokeUrl, 'GET', {}));
    const res = await send(invokeUrl, { method: 'GET', headers: signed.headers });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(res.body).Message).toMatch(/^User: arn:aws:sts::000000000000:assumed-role\/sender\/session is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:[a-z0-9]+\/dev\/GET\/hello$/);
  });

  it('a credential scoped to another service is refused', async () => {
    const signed = await signer(invokeSession, 'sqs').sign(httpRequest(invokeUrl, 'GET', {}));
    const res = await send(invokeUrl, { method: 'GET', headers: signed.headers });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ message: "Credential should be scoped to correct service: 'execute-api'. " });
  });
});
