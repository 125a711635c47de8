import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeAuthorization, startTestSandbox } from '@/lib/sandbox/sqs/test-helpers';

const root = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function startCli(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/sluice.mjs', 'sandbox', '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Sandbox listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${out}`)));
  });
  return child;
}

async function sqs(port: number, op: string, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${op}`,
      'x-amzn-query-mode': 'true',
      authorization: fakeAuthorization(),
    },
    body: JSON.stringify(body),
  });
}

describe('durability', () => {
  test('kill -9 mid-stream: every acknowledged SendMessage is there after restart, none twice', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-durable-'));
    try {
      const port = await freePort();
      const first = await startCli(port, dataDir);
      const created = await sqs(port, 'CreateQueue', { QueueName: 'durable' });
      const { QueueUrl } = (await created.json()) as { QueueUrl: string };

      const acked = new Set<string>();
      let killed = false;
      let next = 0;
      const total = 5000;
      const worker = async () => {
        while (next < total && !killed) {
          const i = next++;
          try {
            const res = await sqs(port, 'SendMessage', { QueueUrl, MessageBody: `message ${i}` });
            if (res.status === 200) acked.add(((await res.json()) as { MessageId: string }).MessageId);
          } catch {
            // connection dropped by the kill: not acknowledged
          }
        }
      };
      const workers = Array.from({ length: 50 }, worker);
      while (acked.size < 500) await new Promise((r) => setTimeout(r, 5));
      killed = true;
      first.kill('SIGKILL');
      await Promise.all(workers);
      expect(acked.size).toBeGreaterThanOrEqual(500);

      await startCli(port, dataDir);
      const received: string[] = [];
      for (;;) {
        const res = await sqs(port, 'ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 });
        const out = (await res.json()) as { Messages?: Array<{ MessageId: string }> };
        if (!out.Messages) break;
        received.push(...out.Messages.map((m) => m.MessageId));
      }
      const receivedSet = new Set(received);
      expect(received.length).toBe(receivedSet.size);
      const lost = [...acked].filter((id) => !receivedSet.has(id));
      console.log(`durability: ${acked.size} acknowledged before kill -9, ${received.length} received after restart, lost ${lost.length}`);
      expect(lost).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('server and router', () => {
  test('routing by SigV4 scope (header or presigned query); unknown service; oversized body', async () => {
    const sb = await startTestSandbox();
    try {
      const presigned = await fetch(
        `${sb.url}/?Action=ListQueues&Version=2012-11-05&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('test/20260101/us-east-1/sqs/aws4_request')}&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=00`,
      );
      expect(presigned.status).toBe(200);
      expect(await presigned.text()).toContain('<ListQueuesResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">');

      const kinesis = await fetch(`${sb.url}/`, {
        method: 'POST',
        headers: { authorization: fakeAuthorization('kinesis'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
        body: '{}',
      });
      expect(kinesis.status).toBe(400);
      expect((await kinesis.json()).__type).toBe('com.amazon.coral.service#UnknownOperationException');

      const big = await fetch(`${sb.url}/000000000000/q`, {
        method: 'POST',
        headers: { authorization: fakeAuthorization(), 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.alloc(33 * 1024 * 1024, 0x61),
      }).catch(() => undefined);
      if (big) expect(big.status).toBe(413);
    } finally {
      await sb.stop();
    }
  });
});
