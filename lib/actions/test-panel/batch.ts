'use server';

import { z } from 'zod';
import { BATCH_LIMITS, parseSendResult, sendRequestSchema } from '@/lib/test-panel/request';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { countDelivered, createBatchJob, getBatchJob, runBatchSends, type SendOutcome } from '@/lib/aws/test-send';
import { explainError } from '@/lib/doctor';
import { addHistoryRun } from '@/lib/store/history';
import { authorizedAction } from '../authorized';
import { fail, ok, type ActionResult } from '../result';
import { targetSchema, destroy, resolveTarget, queueFor, sendOnce } from './shared';

const batchInputSchema = z.object({
  target: targetSchema,
  request: sendRequestSchema,
  count: z.number().int().min(1).max(BATCH_LIMITS.count),
  concurrency: z.number().int().min(1).max(BATCH_LIMITS.concurrency),
  apiKey: z.string().max(256).optional(),
});

/** Starts N invoke-URL sends in the background; progress comes from getBatchJobAction. */
export const startBatchAction = authorizedAction({ role: 'tester', audit: 'test.batch', input: batchInputSchema, invalid: 'The batch request is not valid (1–1000 messages, 1–25 at a time).' }, async (input): Promise<ActionResult<{ jobId: string }>> => {
  const resolved = await resolveTarget(input.target);
  if (!resolved.ok) return resolved.error;
  const r = resolved.value;
  if (!r.stageUrl) {
    destroy(r);
    return fail('not_found', 'Batch mode sends to the invoke URL, and this method is on no deployed stage.');
  }
  const { request, count, concurrency, apiKey } = input;
  const job = createBatchJob(count, concurrency);
  void (async () => {
    try {
      await runBatchSends(
        job,
        () => sendOnce(r, 'invoke-url', request, apiKey) as Promise<SendOutcome>,
        (body) => parseSendResult(body).messageId,
        (res) => `${res.status} ${explainError(res.status, res.headers, res.body).code}`.slice(0, 200),
      );
      job.status = 'checking';
      const queueUrl = job.messageIds.length > 0 ? await queueFor(r, request.body) : undefined;
      if (queueUrl) job.delivery = await countDelivered(r.sqs, queueUrl, job.messageIds);
      job.status = 'done';
    } catch (err) {
      job.status = 'failed';
      job.crash = toAwsErrorInfo(err).message;
    } finally {
      job.finishedAt = Date.now();
      destroy(r);
      const wallMs = (job.sendFinishedAt ?? Date.now()) - job.startedAt;
      const sorted = [...job.latencies].sort((a, b) => a - b);
      await addHistoryRun({
        connectionId: r.connection.id,
        connectionName: r.connection.name,
        target: r.history,
        kind: 'batch',
        request: { ...request, url: `${r.stageUrl}${request.path}${request.query ? `?${request.query}` : ''}` },
        batch: {
          total: job.total,
          concurrency: job.concurrency,
          succeeded: job.succeeded,
          failed: job.failed,
          errors: job.errors,
          wallMs,
          ratePerSecond: wallMs > 0 ? Math.round((job.sent / wallMs) * 10_000) / 10 : 0,
          ...(sorted.length > 0 ? { latencyP50Ms: sorted[Math.floor(sorted.length / 2)]!, latencyMaxMs: sorted[sorted.length - 1]! } : {}),
          ...(job.delivery ? { delivery: { ...job.delivery, ...(job.delivery.error ? { error: { name: job.delivery.error.name, message: job.delivery.error.message } } : {}) } } : {}),
        },
      });
    }
  })();
  return ok({ jobId: job.id });
});

export type BatchView = {
  status: 'sending' | 'checking' | 'done' | 'failed';
  total: number;
  sent: number;
  succeeded: number;
  failed: number;
  errors: { key: string; count: number }[];
  elapsedMs: number;
  ratePerSecond: number;
  delivery?: { method: string; expected: number; received: number; missing: number; others: number; waitedMs: number; error?: string };
  crash?: string;
};

export const getBatchJobAction = authorizedAction({ role: 'viewer', input: z.object({ jobId: z.uuid() }), invalid: 'Not a batch id.' }, async ({ jobId }): Promise<ActionResult<BatchView>> => {
  const job = getBatchJob(jobId);
  if (!job) return fail('not_found', 'This batch is no longer known to the server (it restarted or the batch is over an hour old).');
  const sendMs = (job.sendFinishedAt ?? Date.now()) - job.startedAt;
  return ok({
    status: job.status,
    total: job.total,
    sent: job.sent,
    succeeded: job.succeeded,
    failed: job.failed,
    errors: Object.entries(job.errors).map(([key, count]) => ({ key, count })),
    elapsedMs: (job.finishedAt ?? Date.now()) - job.startedAt,
    ratePerSecond: sendMs > 0 ? Math.round((job.sent / sendMs) * 10_000) / 10 : 0,
    ...(job.delivery ? { delivery: { method: job.delivery.method, expected: job.delivery.expected, received: job.delivery.received, missing: job.delivery.missing, others: job.delivery.others, waitedMs: job.delivery.waitedMs, ...(job.delivery.error ? { error: `${job.delivery.error.name}: ${job.delivery.error.message}` } : {}) } } : {}),
    ...(job.crash ? { crash: job.crash } : {}),
  });
});
