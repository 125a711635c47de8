import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCurl, buildTestInvokeCli, maskLog, parseSendResult, type SendRequest } from '@/lib/test-panel/request';
import { createPresetDesign, jsonProtocolSampleBody, type IntegrationDesign } from '@/lib/design';
import { parseExecutionLog } from '@/lib/gateway';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { applyPlan, invokeUrl } from '../apply';
import { type AwsClients, createClients } from '../clients';
import type { Connection } from '../connections';
import { planDesign } from '../plan';
import { checkDelivery, countDelivered, invokeUrlSend, md5Hex, testInvoke } from '.';

const run = promisify(execFile);


let sandbox: RunningSandbox;
let connection: Connection;
let clients: AwsClients;

beforeAll(async () => {
  expect(defaultServices.map((s) => s.name)).toEqual(expect.arrayContaining(['sqs', 'iam', 'sts', 'apigateway', 'execute-api']));
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-test-send-')), services: [...defaultServices] });
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
});
afterAll(async () => {
  for (const c of [clients?.sqs, clients?.iam, clients?.sts, clients?.apigateway]) c?.destroy();
  await sandbox?.close();
});

let n = 0;
async function deploy(preset: Parameters<typeof createPresetDesign>[0], mutate?: (d: IntegrationDesign) => void) {
  n += 1;
  const d = createPresetDesign(preset, { queueName: `ts-${n}-${Date.now() % 100000}${preset === 'fifo' ? '.fifo' : ''}`, roleName: `ts-role-${n}-${Date.now() % 100000}`, apiName: `ts-api-${n}` });
  mutate?.(d);
  const result = await applyPlan(d, await planDesign(d, clients), clients, connection);
  expect(result.failed).toBeUndefined();
  return {
    design: d,
    queueUrl: result.outputs.queueUrl!,
    target: { restApiId: result.outputs.restApiId!, resourceId: result.outputs.resourceId!, httpMethod: 'POST' },
    stageUrl: invokeUrl(connection, d.region, result.outputs.restApiId!, d.stageName, ''),
  };
}

const hello: SendRequest = { method: 'POST', path: '/send', query: '', headers: [['Content-Type', 'application/json']], body: '{"message": "Hello World"}' };

/** Runs a generated command line in a shell and splits curl's `--write-out` status from the body. */
async function shell(command: string): Promise<{ status: number; body: string }> {
  const { stdout } = await run('sh', ['-c', `${command} --silent --show-error --write-out '\\n%{http_code}'`]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

function shape(body: string): unknown {
  const walk = (v: unknown): unknown =>
    v === null || typeof v !== 'object' ? typeof v : Array.isArray(v) ? v.map(walk) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  return walk(JSON.parse(body));
}

describe('test sends against the sandbox', () => {
  it('invoke URL: seed 002 Hello World → 200 with a MessageId; the delivery check finds it with a matching MD5 and leaves it in the queue', async () => {
    const { queueUrl, stageUrl } = await deploy('query-documented');
    const sent = await invokeUrlSend({ stageUrl, region: 'us-east-1' }, hello);
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.response.status).toBe(200);
    const result = parseSendResult(sent.response.body);
    expect(result.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.md5OfMessageBody).toBe(md5Hex(hello.body));
    expect(sent.response.latencyMs).toBeGreaterThanOrEqual(0);

    // A message that was there before must not hide ours, nor be consumed by the check.
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'someone else' }));
    const d = await checkDelivery(clients.sqs, { queueUrl, messageId: result.messageId!, md5Expected: result.md5OfMessageBody!, fifo: false, timeoutMs: 5000 });
    expect(d.state).toBe('found');
    expect(d.message?.body).toBe(hello.body);
    expect(d.md5Matches).toBe(true);
    const after = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    expect((after.Messages ?? []).map((m) => m.Body).sort()).toEqual([hello.body, 'someone else'].sort());
  });

  it('test invoke: the log shows the transformed body, and the response is the same shape', async () => {
    const { target } = await deploy('query-urlencoded');
    const out = await testInvoke(clients.apigateway, target, hello);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.response.status).toBe(200);
    expect(JSON.parse(out.response.body)).toMatchObject({ messageId: expect.stringMatching(/[0-9a-f-]{36}/) });
    const log = parseExecutionLog(out.response.log ?? '');
    const transformed = log.steps.find((s) => s.label === 'Endpoint request body after transformations');
    expect(transformed?.value).toBe(`Action=SendMessage&MessageBody=${encodeURIComponent(hello.body).replace(/%20/g, '+')}`);
    expect(out.response.log).not.toMatch(/X-Amz-Security-Token=(?!\*\*\*\*)/);
  });

  it('Copy as curl, run in a shell, gives the same status and body shape as the panel (query and JSON protocol)', async () => {
    const q = await deploy('query-documented');
    const panel = await invokeUrlSend({ stageUrl: q.stageUrl, region: 'us-east-1' }, hello);
    if (!panel.ok) throw new Error(panel.error.message);
    const curl = await shell(buildCurl(hello, { stageUrl: q.stageUrl }));
    expect(curl.status).toBe(panel.response.status);
    expect(shape(curl.body)).toEqual(shape(panel.response.body));
    expect(Object.keys(JSON.parse(curl.body))).toEqual(['SendMessageResponse']);

    const j = await deploy('json-documented');
    const jsonReq: SendRequest = {
      method: 'POST',
      path: '/send',
      query: '',
      headers: [['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', 'AmazonSQS.SendMessage']],
      body: jsonProtocolSampleBody(j.design),
    };
    const jsonPanel = await invokeUrlSend({ stageUrl: j.stageUrl, region: 'us-east-1' }, jsonReq);
    if (!jsonPanel.ok) throw new Error(jsonPanel.error.message);
    expect(jsonPanel.response.status).toBe(200);
    expect(JSON.parse(jsonPanel.response.body)).toMatchObject({ MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1' });
    const jsonCurl = await shell(buildCurl(jsonReq, { stageUrl: j.stageUrl }));
    expect(jsonCurl.status).toBe(200);
    expect(Object.keys(JSON.parse(jsonCurl.body))).toEqual(['MD5OfMessageBody', 'MessageId']);
    expect(shape(jsonCurl.body)).toEqual(shape(jsonPanel.response.body));

    // Quotes survive the shell: the unencoded template breaks on & and % (seed 002's MalformedQueryString) the same
    // way for the panel and for curl.
    const tricky: SendRequest = { ...hello, body: `{"message": "it's \\"quoted\\" & 100%zz + more"}` };
    const trickyPanel = await invokeUrlSend({ stageUrl: q.stageUrl, region: 'us-east-1' }, tricky);
    const trickyCurl = await shell(buildCurl(tricky, { stageUrl: q.stageUrl }));
    expect(trickyPanel.ok && trickyPanel.response.status).toBe(trickyCurl.status);
    expect(trickyPanel.ok && trickyPanel.response.body.replace(/[0-9a-f-]{36}/g, 'id')).toBe(trickyCurl.body.replace(/[0-9a-f-]{36}/g, 'id'));
  });

  it('the AWS CLI command names the method, path, headers and body', () => {
    const cli = buildTestInvokeCli({ ...hello, headers: [...hello.headers, ['x-api-key', 'secret-key'], ['Authorization', 'AWS4-HMAC-SHA256 Credential=AKIA']] }, { restApiId: 'abc123defg', resourceId: 'r1', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' });
    expect(cli).toContain("--rest-api-id 'abc123defg'");
    expect(cli).toContain("--path-with-query-string '/send'");
    expect(cli).toContain(`--headers '{"Content-Type":"application/json"}'`);
    expect(cli).not.toContain('secret-key');
    expect(cli).not.toContain('AKIA');
    expect(buildCurl({ ...hello, headers: [['x-api-key', 'secret-key']] }, { stageUrl: 'http://x/prod', apiKeyRequired: true })).not.toContain('secret-key');
  });

  it('signs invoke-URL requests with SigV4 for execute-api when the method uses AWS_IAM', async () => {
    const { stageUrl } = await deploy('query-urlencoded', (d) => {
      d.method.authorizationType = 'AWS_IAM';
    });
    const seen: Record<string, string>[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push(Object.fromEntries(Object.entries((init?.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v])));
      return original(url, init);
    }) as typeof fetch;
    try {
      const out = await invokeUrlSend({ stageUrl, region: 'us-east-1', iamCredentials: clients.apigateway.config.credentials, apiKey: 'k-123' }, hello);
      expect(out.ok && out.response.status).toBe(200);
    } finally {
      globalThis.fetch = original;
    }
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIASLUICESANDBOX000\/\d{8}\/us-east-1\/execute-api\/aws4_request/);
    expect(seen[0]?.['x-api-key']).toBe('k-123');
  });

  it('batch delivery check counts every message by MessageId and deletes only those', async () => {
    const { queueUrl, stageUrl } = await deploy('query-urlencoded');
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not ours' }));
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const out = await invokeUrlSend({ stageUrl, region: 'us-east-1' }, hello);
        if (out.ok) ids.push(parseSendResult(out.response.body).messageId!);
      }),
    );
    expect(ids).toHaveLength(30);
    const counted = await countDelivered(clients.sqs, queueUrl, ids, 15_000);
    expect(counted).toMatchObject({ expected: 30, received: 30, missing: 0, others: 1 });
    const left = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect((left.Messages ?? []).map((m) => m.Body)).toEqual(['not ours']);
  });

  it('FIFO: finds a message behind others of its group without consuming or reordering them', async () => {
    const queueUrl = (await clients.sqs.send(new CreateQueueCommand({ QueueName: `ts-fifo-${Date.now() % 100000}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    const ids: string[] = [];
    for (const i of [1, 2, 3]) {
      const out = await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `{"n": ${i}}`, MessageGroupId: 'g1', MessageDeduplicationId: `d${i}` }));
      ids.push(out.MessageId!);
    }
    const d = await checkDelivery(clients.sqs, { queueUrl, messageId: ids[2]!, md5Expected: md5Hex('{"n": 3}'), fifo: true, timeoutMs: 5000 });
    expect(d.state).toBe('found');
    expect(d.md5Matches).toBe(true);
    const after = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect((after.Messages ?? []).map((m) => m.Body)).toEqual(['{"n": 1}', '{"n": 2}', '{"n": 3}']);
  });

  it('FIFO preset through the invoke URL: the group id header reaches SQS and the delivery check finds the message', async () => {
    const { queueUrl, stageUrl } = await deploy('fifo');
    const out = await invokeUrlSend({ stageUrl, region: 'us-east-1' }, { ...hello, headers: [...hello.headers, ['X-Message-Group-Id', 'g1']] });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.response.status, out.response.body).toBe(200);
    const sent = parseSendResult(out.response.body);
    expect(sent.sequenceNumber).toMatch(/^\d+$/);
    const d = await checkDelivery(clients.sqs, { queueUrl, messageId: sent.messageId!, md5Expected: sent.md5OfMessageBody!, fifo: true, timeoutMs: 5000 });
    expect(d).toMatchObject({ state: 'found', md5Matches: true });
    expect(d.message?.attributes.MessageGroupId).toBe('g1');
  });

  it('masks credentials in execution logs', () => {
    expect(maskLog('Endpoint request headers: {Authorization=****abcdef, X-Amz-Security-Token=IQoJb3JpZ2lu [TRUNCATED]')).toBe('Endpoint request headers: {Authorization=****, X-Amz-Security-Token=****');
  });
});

describe('invoke URL path guard', () => {
  it('never sends a request whose path resolves outside the stage (%2e%2e, \\..\\)', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_aws/execute-api/abc123defg/prod`;
    try {
      const base: SendRequest = { method: 'POST', path: '/send', query: '', headers: [], body: '{}' };
      for (const path of ['/%2e%2e/other/send', '/\\..\\..\\other']) {
        const out = await invokeUrlSend({ stageUrl, region: 'us-east-1' }, { ...base, path });
        expect(out).toMatchObject({ ok: false, error: { name: 'BadRequest', message: `The path ${path} would leave the stage /_aws/execute-api/abc123defg/prod; remove ".." and "." segments (also written %2e%2e) and backslashes.` } });
      }
      expect(seen).toEqual([]);
      expect(await invokeUrlSend({ stageUrl, region: 'us-east-1' }, base)).toMatchObject({ ok: true, response: { status: 200 } });
      expect(seen).toEqual(['/_aws/execute-api/abc123defg/prod/send']);
    } finally {
      server.close();
    }
  });
});

