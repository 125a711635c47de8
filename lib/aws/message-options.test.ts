import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { generateQueryTemplate, requiredHeaders, type MessageOptions } from '@/lib/design/message-options';
import { type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { applyPlan } from './apply';
import { type AwsClients, createClients, destroyClients } from './clients';
import type { Connection } from './connections';
import { planDesign } from './plan';

let sandbox: RunningSandbox;
let clients: AwsClients;
let connection: Connection;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-message-options-')) });
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
});
afterAll(async () => {
  destroyClients(clients);
  await sandbox?.close();
});

async function deployWith(options: MessageOptions, fifo: boolean, suffix: string) {
  const d = createPresetDesign(fifo ? 'fifo' : 'query-urlencoded', { queueName: `opts-${suffix}${fifo ? '.fifo' : ''}` });
  d.integration.requestTemplates['application/json'] = generateQueryTemplate(options, d.queue);
  // The FIFO preset reads its group id from a header; these options read it from where they say.
  delete d.method.requestParameters['method.request.header.X-Message-Group-Id'];
  for (const h of requiredHeaders(options)) d.method.requestParameters[`method.request.header.${h}`] = true;
  const applied = await applyPlan(d, await planDesign(d, clients), clients, connection);
  expect(applied.ok).toBe(true);
  return { url: applied.outputs.invokeUrl!, queueUrl: applied.outputs.queueUrl! };
}

describe('generated templates against the sandbox', () => {
  it('message attributes from a header, a body field, the request context and a fixed value arrive in SQS', async () => {
    const options: MessageOptions = {
      attributes: [
        { name: 'orderType', dataType: 'String', source: { from: 'header', name: 'X-Order-Type' } },
        { name: 'customer', dataType: 'String', source: { from: 'body', path: 'customer.id' } },
        { name: 'sourceIp', dataType: 'String', source: { from: 'context', variable: 'identity.sourceIp' } },
        { name: 'quantity', dataType: 'Number', source: { from: 'body', path: 'qty' } },
      ],
    };
    const { url, queueUrl } = await deployWith(options, false, 'attrs');
    const missing = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Order-Type': 'express & gift' }, body: '{"customer": {"id": "c-42"}, "qty": 3}' });
    expect(res.status, await res.clone().text()).toBe(200);
    const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    const attrs = got.Messages?.[0]?.MessageAttributes ?? {};
    expect(attrs.orderType).toEqual({ DataType: 'String', StringValue: 'express & gift' });
    expect(attrs.customer?.StringValue).toBe('c-42');
    expect(attrs.quantity).toEqual({ DataType: 'Number', StringValue: '3' });
    expect(attrs.sourceIp?.StringValue).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });

  it('FIFO: a retry with the same deduplication header is delivered once; request-id deduplication delivers it twice', async () => {
    const byHeader = await deployWith({ attributes: [], groupId: { from: 'body', path: 'customer' }, deduplicationId: { from: 'header', name: 'Idempotency-Key' } }, true, 'dedup-header');
    const send = (url: string, key: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: '{"customer": "c-1"}' });
    for (let i = 0; i < 2; i++) {
      const r = await send(byHeader.url, 'k-1');
      expect(r.status, await r.text()).toBe(200);
    }
    const once = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: byHeader.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(once.Messages).toHaveLength(1);

    const byRequest = await deployWith({ attributes: [], groupId: { from: 'body', path: 'customer' }, deduplicationId: { from: 'context', variable: 'requestId' } }, true, 'dedup-request');
    expect((await send(byRequest.url, 'k-1')).status).toBe(200);
    expect((await send(byRequest.url, 'k-1')).status).toBe(200);
    const seen = new Set<string>();
    for (let i = 0; i < 3 && seen.size < 2; i++) {
      const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: byRequest.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
      for (const m of out.Messages ?? []) seen.add(m.MessageId ?? '');
    }
    expect(seen.size).toBe(2);
  });

  it('DelaySeconds keeps the message invisible until the delay has passed', async () => {
    const { url, queueUrl } = await deployWith({ attributes: [], delaySeconds: 2 }, false, 'delay');
    expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' })).status).toBe(200);
    const early = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    expect(early.Messages ?? []).toHaveLength(0);
    const later = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 4 }));
    expect(later.Messages).toHaveLength(1);
  });
});
