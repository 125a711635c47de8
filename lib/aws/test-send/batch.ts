import 'server-only';
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AwsErrorInfo, toAwsErrorInfo } from '../errors';
import { restoreVisibility } from './delivery';
import type { SendOutcome, SendResponse } from './types';

export type BatchDelivery = {
  /** How the check counted: receive, tally by MessageId, delete what was ours, leave everything else. */
  method: 'receive-and-delete-by-message-id';
  expected: number;
  received: number;
  missing: number;
  /** Messages seen that were not sent by this batch (left in the queue). */
  others: number;
  waitedMs: number;
  error?: AwsErrorInfo;
};

export type BatchJob = {
  id: string;
  status: 'sending' | 'checking' | 'done' | 'failed';
  total: number;
  concurrency: number;
  sent: number;
  succeeded: number;
  failed: number;
  /** "403 AccessDenied" → count. */
  errors: Record<string, number>;
  startedAt: number;
  sendFinishedAt?: number;
  finishedAt?: number;
  latencies: number[];
  messageIds: string[];
  delivery?: BatchDelivery;
  crash?: string;
};

const jobsKey = Symbol.for('sluice.test-panel.batches');
const g = globalThis as typeof globalThis & { [jobsKey]?: Map<string, BatchJob> };
const batches = (g[jobsKey] ??= new Map());

export function createBatchJob(total: number, concurrency: number): BatchJob {
  const now = Date.now();
  for (const [id, job] of batches) if (now - job.startedAt > 3_600_000) batches.delete(id);
  const job: BatchJob = { id: randomUUID(), status: 'sending', total, concurrency, sent: 0, succeeded: 0, failed: 0, errors: {}, startedAt: now, latencies: [], messageIds: [] };
  batches.set(job.id, job);
  return job;
}

export function getBatchJob(id: string): BatchJob | undefined {
  return batches.get(id);
}

/**
 * Sends `job.total` requests with at most `job.concurrency` in flight, updating the job as answers come in. A send
 * counts as succeeded when the status is 2xx and the body names a MessageId (`messageIdOf`).
 */
export async function runBatchSends(job: BatchJob, send: (n: number) => Promise<SendOutcome>, messageIdOf: (body: string) => string | undefined, describeError: (r: SendResponse) => string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < job.total) {
      const n = next;
      next += 1;
      const outcome = await send(n);
      job.sent += 1;
      if (outcome.ok) {
        job.latencies.push(outcome.response.latencyMs);
        const id = outcome.response.status < 300 ? messageIdOf(outcome.response.body) : undefined;
        if (id) {
          job.succeeded += 1;
          job.messageIds.push(id);
          continue;
        }
        job.failed += 1;
        const key = describeError(outcome.response);
        job.errors[key] = (job.errors[key] ?? 0) + 1;
      } else {
        job.failed += 1;
        const key = `${outcome.error.name}: ${outcome.error.message}`.slice(0, 200);
        job.errors[key] = (job.errors[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.total) }, worker));
  job.sendFinishedAt = Date.now();
}

/**
 * Counts which of `ids` reached the queue: receives (hiding for 30 s), deletes the batch's own messages as it tallies
 * them by MessageId, and makes every other message visible again. Stops when all are counted or at the timeout.
 */
export async function countDelivered(sqs: SQSClient, queueUrl: string, ids: readonly string[], timeoutMs = 30_000): Promise<BatchDelivery> {
  const t0 = Date.now();
  const wanted = new Set(ids);
  const received = new Set<string>();
  const othersHandles: string[] = [];
  const result = (error?: AwsErrorInfo): BatchDelivery => ({
    method: 'receive-and-delete-by-message-id',
    expected: wanted.size,
    received: received.size,
    missing: wanted.size - received.size,
    others: othersHandles.length,
    waitedMs: Date.now() - t0,
    ...(error ? { error } : {}),
  });
  const receiver = async () => {
    while (received.size < wanted.size && Date.now() - t0 < timeoutMs) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 1 }));
      const ours: Message[] = [];
      for (const m of out.Messages ?? []) {
        if (m.MessageId && wanted.has(m.MessageId)) {
          received.add(m.MessageId);
          ours.push(m);
        } else if (m.ReceiptHandle) othersHandles.push(m.ReceiptHandle);
      }
      if (ours.length > 0) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: ours.map((m, n) => ({ Id: `m${n}`, ReceiptHandle: m.ReceiptHandle ?? '' })) }));
      }
    }
  };
  try {
    await Promise.all([receiver(), receiver(), receiver()]);
  } catch (err) {
    await restoreVisibility(sqs, queueUrl, othersHandles);
    return result(toAwsErrorInfo(err));
  }
  await restoreVisibility(sqs, queueUrl, othersHandles);
  return result();
}
