'use server';

import { z } from 'zod';
import { sendRequestSchema } from '@/lib/test-panel/request';
import { getActiveConnection } from '@/lib/aws/active';
import { createClients } from '@/lib/aws/clients';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { deleteTestMessage } from '@/lib/aws/test-send';
import { getHistoryRun, updateHistoryRun } from '@/lib/store/history';
import { authorizedAction } from '../authorized';
import { fail, ok, type ActionResult } from '../result';
import { targetSchema, destroy, resolveTarget, sendAndRecord, type SendView } from './shared';

const sendInputSchema = z.object({
  target: targetSchema,
  kind: z.enum(['test-invoke', 'invoke-url']),
  request: sendRequestSchema,
  /** Sent as x-api-key for this request only; never stored. */
  apiKey: z.string().max(256).optional(),
  deliveryCheck: z.boolean().default(true),
});

/** One send (TestInvokeMethod or the invoke URL), the delivery check, the history record and, on failure, the doctor's explanation. */
export const sendTestAction = authorizedAction({ role: 'tester', audit: 'test.send', input: sendInputSchema, invalid: 'The request is not valid.' }, async (input): Promise<ActionResult<SendView>> => {
  const resolved = await resolveTarget(input.target);
  if (!resolved.ok) return resolved.error;
  try {
    return await sendAndRecord(resolved.value, input.kind, input.request, { ...(input.apiKey ? { apiKey: input.apiKey } : {}), deliveryCheck: input.deliveryCheck });
  } finally {
    destroy(resolved.value);
  }
});

/** Deletes the test message a delivery check found (by its receipt handle) from the queue recorded with the run. */
export const deleteTestMessageAction = authorizedAction({ role: 'tester', audit: 'test.delete-message', input: z.object({ runId: z.uuid(), receiptHandle: z.string().min(1).max(4096) }), invalid: 'Not a run and receipt handle.' }, async (input): Promise<ActionResult<{ deleted: true }>> => {
  const run = await getHistoryRun(input.runId);
  if (!run?.delivery?.queueUrl || run.delivery.state !== 'found') return fail('not_found', 'That run found no message to delete.');
  const connection = await getActiveConnection();
  if (connection.id !== run.connectionId) return fail('conflict', `That run was made on another connection (${run.connectionName}); switch to it to delete the message.`);
  // SQS must be called in the queue's region (`https://sqs.{region}.amazonaws.com/…`); sandbox URLs carry none.
  const region = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//.exec(run.delivery.queueUrl)?.[1];
  const clients = createClients(connection, region);
  try {
    await deleteTestMessage(clients.sqs, run.delivery.queueUrl, input.receiptHandle);
    await updateHistoryRun({ ...run, delivery: { ...run.delivery, deleted: true } });
    return ok({ deleted: true });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `Could not delete the message: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroy(clients);
  }
});
