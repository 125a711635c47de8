import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inTransaction, openSandboxDatabase } from '@/lib/sandbox/db';
import { md5OfBody } from '@/lib/sandbox/sqs/md5';
import { SqsStore, migrateSqs } from '@/lib/sandbox/sqs/store';
import { call, freePort, startProcess, stop } from './harness';
import { figure, median } from './report';

/** SLUICE_BENCH_SCALE_MESSAGES lowers the fill for a quick look; the goals are stated for 1,000,000. */
const MESSAGES = Number(process.env.SLUICE_BENCH_SCALE_MESSAGES ?? 1_000_000);
const QUEUES = 1_000;
const SAMPLES = 300;
const BODY = JSON.stringify({ orderId: 'A-1001', customer: 'c-42', items: [{ sku: 'sku-1', qty: 2 }], total: 31.5 });

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Sequential SendMessage and ReceiveMessage latencies (one message each, kept invisible so each receive is new work). */
async function sendReceiveMedians(port: number, queueUrl: string): Promise<{ send: number; receive: number }> {
  const send: number[] = [];
  const receive: number[] = [];
  for (let i = 0; i < SAMPLES; i++) send.push(await timed(() => call(port, 'SendMessage', { QueueUrl: queueUrl, MessageBody: BODY })));
  for (let i = 0; i < SAMPLES; i++) {
    receive.push(await timed(() => call(port, 'ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 3600 })));
  }
  return { send: median(send), receive: median(receive) };
}

/**
 * Fills a queue straight through the sandbox's own store (SqsStore.insertMessage, the statement SendMessage runs
 * inside its group commit) while the sandbox is stopped: a million SendMessageBatch calls would take longer than the
 * whole bench may, and the rows are the same ones SendMessage writes. `copyTo` gets the same messages. `dataDir` is what `sluice sandbox --data-dir` gets.
 */
function bulkFill(dataDir: string, queueName: string, count: number, copyTo: string): number {
  const t0 = performance.now();
  const db = openSandboxDatabase(path.join(dataDir, 'sandbox'));
  try {
    migrateSqs(db);
    const store = new SqsStore(db);
    const queue = store.getQueue('us-east-1', '000000000000', queueName);
    if (!queue) throw new Error(`queue ${queueName} not found`);
    const md5 = md5OfBody(BODY);
    const retention = Number(queue.attributes.MessageRetentionPeriod ?? '345600') * 1000;
    for (let done = 0; done < count; ) {
      const n = Math.min(50_000, count - done);
      inTransaction(db, () => {
        const now = Date.now();
        for (let i = 0; i < n; i++) {
          store.insertMessage({
            queueId: queue.id,
            messageId: randomUUID(),
            body: BODY,
            md5OfBody: md5,
            attributes: {},
            md5OfAttributes: undefined,
            systemAttributes: {},
            md5OfSystemAttributes: undefined,
            groupId: undefined,
            deduplicationId: undefined,
            sequenceNumber: undefined,
            sentAt: now,
            senderId: 'test',
            visibleAt: now,
            expiresAt: now + retention,
            deadLetterSourceArn: undefined,
          });
        }
      });
      done += n;
    }
    // The DeleteQueue target gets a copy of those rows in one INSERT … SELECT (all columns but the rowid), which
    // takes a fraction of the time of a second fill.
    const target = store.getQueue('us-east-1', '000000000000', copyTo);
    if (!target) throw new Error(`queue ${copyTo} not found`);
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('sqs_messages') as { name: string }[])
      .map((c) => c.name)
      .filter((c) => c !== 'id' && c !== 'queue_id');
    inTransaction(db, () => {
      db.prepare(`INSERT INTO sqs_messages (queue_id, ${columns.join(', ')}) SELECT ?, ${columns.join(', ')} FROM sqs_messages WHERE queue_id = ?`).run(target.id, queue.id);
    });
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return performance.now() - t0;
}

/**
 * Issue 18's scale goals: with MESSAGES waiting in one queue and 1,000 queues in the sandbox, SendMessage and
 * ReceiveMessage medians within 2× of an empty sandbox, PurgeQueue and DeleteQueue of the full queue under 2 s each,
 * sandbox RSS under 300 MB. The sandbox runs in a child process (its RSS is read from /proc).
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-scale-'));
  const start = async () => {
    const port = await freePort();
    const child = await startProcess(['bin/sluice.mjs', 'sandbox', '--port', String(port), '--data-dir', dataDir], 'Sandbox listening on');
    return { port, child };
  };
  let sandbox = await start();
  try {
    const url = (name: string) => `http://127.0.0.1:${sandbox.port}/000000000000/${name}`;
    await call(sandbox.port, 'CreateQueue', { QueueName: 'scale-full' });
    await call(sandbox.port, 'CreateQueue', { QueueName: 'scale-probe' });
    await call(sandbox.port, 'CreateQueue', { QueueName: 'scale-delete' });
    await sendReceiveMedians(sandbox.port, url('scale-probe')); // warm-up (JIT, statement cache)
    const empty = await sendReceiveMedians(sandbox.port, url('scale-full'));
    await call(sandbox.port, 'PurgeQueue', { QueueUrl: url('scale-full') });

    const t0 = performance.now();
    for (let i = 0; i < QUEUES - 3; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, QUEUES - 3 - i) }, (_, j) => call(sandbox.port, 'CreateQueue', { QueueName: `scale-q-${i + j}` })),
      );
    }
    const createMs = performance.now() - t0;
    await stop(sandbox.child);
    const fillMs = bulkFill(dataDir, 'scale-full', MESSAGES, 'scale-delete');
    console.log(`${QUEUES} queues created in ${(createMs / 1000).toFixed(1)} s; 2 × ${MESSAGES.toLocaleString('en-US')} messages stored in ${(fillMs / 1000).toFixed(1)} s`);
    sandbox = await start();

    await sendReceiveMedians(sandbox.port, url('scale-probe'));
    const full = await sendReceiveMedians(sandbox.port, url('scale-full'));
    const context = `empty ${empty.send.toFixed(2)} ms → full ${full.send.toFixed(2)} ms`;
    figure('SendMessage median, full ÷ empty', full.send / empty.send, '×', { op: '<=', value: 2 }, context);
    figure('ReceiveMessage median, full ÷ empty', full.receive / empty.receive, '×', { op: '<=', value: 2 },
      `empty ${empty.receive.toFixed(2)} ms → full ${full.receive.toFixed(2)} ms`);
    const attrs = (await call(sandbox.port, 'GetQueueAttributes', { QueueUrl: url('scale-full'), AttributeNames: ['ApproximateNumberOfMessages'] })) as {
      Attributes?: Record<string, string>;
    };
    figure('messages waiting in the full queue', Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0), 'count');
    figure('sandbox RSS with the full queue', rssMb(sandbox.child.pid!), 'MB', { op: '<=', value: 300 });
    figure('PurgeQueue of the full queue', await timed(() => call(sandbox.port, 'PurgeQueue', { QueueUrl: url('scale-full') })), 'ms', { op: '<=', value: 2000 });
    figure('DeleteQueue of a full queue', await timed(() => call(sandbox.port, 'DeleteQueue', { QueueUrl: url('scale-delete') })), 'ms', { op: '<=', value: 2000 });
    const after = await sendReceiveMedians(sandbox.port, url('scale-probe'));
    figure('SendMessage median after purge/delete ÷ empty', after.send / empty.send, '×', { op: '<=', value: 2 });
    figure('sandbox RSS at the end', rssMb(sandbox.child.pid!), 'MB', { op: '<=', value: 300 });
  } finally {
    await stop(sandbox.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
