import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';

let sandbox: RunningSandbox;
let sqs: SQSClient;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-purge-'));
  sandbox = await startSandbox({ port: 0, dataDir: dir });
  sqs = new SQSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});
afterAll(async () => {
  sqs.destroy();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string) => (sandbox.ctx.db.prepare(sql).get() as { n: number }).n;
/** Rows of messages whose queue was deleted or purged (what the background reaper deletes). */
const orphanRows = () => count("SELECT COUNT(*) AS n FROM sqs_messages WHERE queue_id NOT IN (SELECT id FROM sqs_queues WHERE region <> '')");
const retiredQueues = () => count("SELECT COUNT(*) AS n FROM sqs_queues WHERE region = ''");

async function waitForReaper(): Promise<void> {
  for (let i = 0; i < 300 && retiredQueues() > 0; i++) await new Promise((r) => setTimeout(r, 10));
}

async function fill(QueueUrl: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `body ${i + j}` })) }));
  }
}

describe('PurgeQueue and DeleteQueue of a queue with messages', () => {
  it('purge empties the queue at once, keeps its tags and attributes, and invalidates earlier receipt handles', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'purged', tags: { team: 'orders' }, Attributes: { VisibilityTimeout: '45' } }));
    await fill(QueueUrl!, 50);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));

    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages).toBeUndefined();
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(attrs.Attributes?.VisibilityTimeout).toBe('45');
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: 'orders' });
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle }))).rejects.toThrow();

    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'after purge' }));
    const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(after.Messages?.map((m) => m.Body)).toEqual(['after purge']);
    // The 60-second purge window stays with the queue, although its row changed.
    await expect(sqs.send(new PurgeQueueCommand({ QueueUrl }))).rejects.toThrow(/PurgeQueue/);
    await waitForReaper();
    expect(retiredQueues()).toBe(0);
    expect(orphanRows()).toBe(0);
  });

  it('a deleted queue is gone at once, its name can be used again, and its messages are deleted in the background', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'deleted' }));
    await fill(QueueUrl!, 50);
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'deleted' }))).rejects.toThrow(/does not exist/);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }))).rejects.toThrow(/does not exist/);

    const again = await sqs.send(new CreateQueueCommand({ QueueName: 'deleted' }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: again.QueueUrl, MaxNumberOfMessages: 10 }))).Messages).toBeUndefined();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: again.QueueUrl }));
    await waitForReaper();
    expect(retiredQueues()).toBe(0);
    expect(orphanRows()).toBe(0);
  });
});
