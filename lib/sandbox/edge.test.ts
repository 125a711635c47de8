import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/lib/sandbox/apigateway/test-support';
import { defaultServices, startSandbox } from '@/lib/sandbox/server';
import { fakeAuthorization } from '@/lib/sandbox/sqs/test-helpers';
import type { SandboxResponse, SandboxService } from '@/lib/sandbox/types';

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** A raw HTTP request, Host and all, as a browser or a hand-written client sends it. */
function send(base: string, pathAndQuery: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = http.request(`${base}${pathAndQuery}`, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    r.on('error', reject);
    r.end(opts.body);
  });
}

describe('a failing handler never takes the sandbox down', () => {
  const misbehaving = (name: string, handle: () => Promise<SandboxResponse>): SandboxService => ({
    name,
    migrate() {},
    matches: (req) => req.path === `/${name}`,
    handle,
  });
  const services: SandboxService[] = [
    misbehaving('throws', () => Promise.reject(new Error('boom'))),
    // A body that is neither a string nor a Buffer, as a lookup hitting an inherited `constructor` would give.
    misbehaving('function-body', () => Promise.resolve({ status: 200, headers: {}, body: Object as unknown as string })),
    misbehaving('bad-header', () => Promise.resolve({ status: 200, headers: { 'x-bad': 'line\nbreak' }, body: 'x' })),
    ...defaultServices,
  ];
  let dir: string;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sluice-edge-'));
    sandbox = await startSandbox({ port: 0, dataDir: dir, services });
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['throws', 'function-body', 'bad-header'])('/%s answers 500 InternalFailure and the next request is served', async (name) => {
    const res = await send(sandbox.url, `/${name}`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('<Code>InternalFailure</Code>');
    expect(res.body).toContain('<Message>The request processing has failed because of an unknown error, exception or failure.</Message>');
    const after = await send(sandbox.url, '/?Action=ListQueues&Version=2012-11-05', { headers: { authorization: fakeAuthorization() } });
    expect(after.status).toBe(200);
  });
});

describe('requests from web pages and foreign host names', () => {
  let sb: TestSandbox;
  let port: string;
  let apiId: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    port = new URL(sb.url).port;
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'cors' }));
    apiId = api.id!;
    const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'send' }));
    const ids = { restApiId: apiId, resourceId: resource.id!, httpMethod: 'OPTIONS' };
    await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    await sb.apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }));
    await sb.apigw.send(
      new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } }),
    );
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  });
  afterAll(async () => {
    await sb.stop();
  });

  const queueNames = async () => (await sb.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];

  it('a cross-site form with fake presigned parameters creates nothing: MissingAuthenticationToken, then refused for its Origin', async () => {
    const fake = `Action=CreateQueue&Version=2012-11-05&QueueName=evil&X-Amz-Credential=${encodeURIComponent('test/20260101/us-east-1/sqs/aws4_request')}&X-Amz-Signature=anything`;
    const partial = await send(sb.url, `/?${fake}`);
    expect(partial.status).toBe(403);
    expect(partial.body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(partial.body).toContain('<Message>Request is missing Authentication Token</Message>');

    const full = `${fake}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host`;
    const fromPage = await send(sb.url, '/', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: full,
    });
    expect(fromPage.status).toBe(403);
    expect(fromPage.body).toContain('<Code>AccessDenied</Code>');
    expect(fromPage.body).toContain('refuses requests sent by web pages (this one carries an Origin header)');
    expect((await queueNames()).some((u) => u.endsWith('/evil'))).toBe(false);
  });

  it.each(['cross-site', 'same-site', 'same-origin'])('Sec-Fetch-Site: %s (an <img> tag) is refused', async (site) => {
    const res = await send(sb.url, '/?Action=ListQueues&Version=2012-11-05', { headers: { authorization: fakeAuthorization(), 'sec-fetch-site': site } });
    expect(res.status).toBe(403);
    expect(res.body).toContain(`this one carries Sec-Fetch-Site: ${site}`);
  });

  it('Sec-Fetch-Site: none (a URL typed into the address bar) is served', async () => {
    const res = await send(sb.url, '/?Action=ListQueues&Version=2012-11-05', { headers: { authorization: fakeAuthorization(), 'sec-fetch-site': 'none' } });
    expect(res.status).toBe(200);
  });

  it('the AWS JSON protocol gets the refusal as JSON', async () => {
    const res = await send(sb.url, '/', {
      method: 'POST',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues', authorization: fakeAuthorization() },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).__type).toBe('com.amazon.coral.service#AccessDenied');
  });

  // `PORT` stands for the sandbox's port, known once it listens.
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.nip.io:PORT', 'localhost.evil.example', 'abcdefghij.execute-api.localhost.evil.example:PORT'])(
    'Host %s (DNS rebinding) is refused',
    async (template) => {
      const host = template.replace('PORT', port);
      const res = await send(sb.url, '/?Action=ListQueues&Version=2012-11-05', { headers: { host, authorization: fakeAuthorization() } });
      expect(res.status).toBe(403);
      expect(res.body).toContain('<Code>AccessDenied</Code>');
      expect(res.body).toContain('does not answer to the host name');
    },
  );

  it.each(['127.0.0.1:PORT', '127.8.9.10:PORT', 'localhost:PORT', 'LOCALHOST', '[::1]:PORT'])('Host %s is served', async (template) => {
    const host = template.replace('PORT', port);
    const res = await send(sb.url, '/?Action=ListQueues&Version=2012-11-05', { headers: { host, authorization: fakeAuthorization() } });
    expect(res.status).toBe(200);
  });

  it('an invoke URL answers a CORS preflight from a web page, by path and by execute-api host', async () => {
    const preflight = { origin: 'https://app.example', 'access-control-request-method': 'POST', 'sec-fetch-site': 'cross-site' };
    const byPath = await send(sb.url, `/_aws/execute-api/${apiId}/dev/send`, { method: 'OPTIONS', headers: preflight });
    expect(byPath.status).toBe(200);
    expect(byPath.headers['access-control-allow-origin']).toBe('*');
    const byHost = await send(sb.url, '/dev/send', { method: 'OPTIONS', headers: { ...preflight, host: `${apiId}.execute-api.localhost:${port}` } });
    expect(byHost.status).toBe(200);
    expect(byHost.headers['access-control-allow-origin']).toBe('*');
  });
});
