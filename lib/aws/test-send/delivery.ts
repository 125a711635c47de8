import 'server-only';
import { createHash } from 'node:crypto';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, GetQueueUrlCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AwsErrorInfo, toAwsErrorInfo } from '../errors';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export type DeliveredMessage = {
  messageId: string;
  body: string;
  /** SQS system attributes (SentTimestamp, ApproximateReceiveCount, MessageGroupId…). */
  attributes: Record<string, string>;
  messageAttributes: Record<string, { dataType: string; value: string }>;
  md5OfBody: string;
  receiptHandle: string;
};

export type DeliveryResult = {
  state: 'found' | 'not-found' | 'error';
  queueUrl: string;
  waitedMs: number;
  messageId: string;
  message?: DeliveredMessage;
  /** MD5OfMessageBody from the send response. */
  md5Expected?: string;
  /** MD5 of the body the queue holds, computed here (aws-reference C.4). */
  md5Actual?: string;
  md5Matches?: boolean;
  error?: AwsErrorInfo;
  note?: string;
};

function toDelivered(m: Message): DeliveredMessage {
  const messageAttributes: DeliveredMessage['messageAttributes'] = {};
  for (const [k, v] of Object.entries(m.MessageAttributes ?? {})) {
    messageAttributes[k] = { dataType: v.DataType ?? 'String', value: v.StringValue ?? (v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : '') };
  }
  return {
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    attributes: { ...(m.Attributes ?? {}) },
    messageAttributes,
    md5OfBody: m.MD5OfBody ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
  };
}

export async function restoreVisibility(sqs: SQSClient, queueUrl: string, handles: string[]): Promise<void> {
  for (let i = 0; i < handles.length; i += 10) {
    const chunk = handles.slice(i, i + 10);
    await sqs
      .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((ReceiptHandle, n) => ({ Id: `m${n}`, ReceiptHandle, VisibilityTimeout: 0 })) }))
      .catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Looks for the message a send just created, without consuming anything by surprise.
 *
 * Why not ReceiveMessage with VisibilityTimeout 0: every receive would return the same oldest messages again, so on a
 * queue with more than ten waiting messages the new one might never be seen. Instead each receive hides what it
 * returns for the rest of the check (+5 s as a safety net), so the next receive pages on; every message is made
 * visible again (ChangeMessageVisibility 0) at the end — including the test message, whose receipt handle is kept
 * for an optional DeleteMessage.
 *
 * FIFO queues keep a group's messages in order and return nothing of a group while one of its messages is in flight,
 * so hiding a group's head would hide our message behind it. For FIFO every round is made visible again right away and
 * we rely on one receive returning up to ten messages of a group in order: the test message is found when it is
 * within the first ten waiting messages of its group (said so in `note` otherwise).
 */
export async function checkDelivery(
  sqs: SQSClient,
  input: { queueUrl: string; messageId: string; md5Expected?: string; fifo: boolean; timeoutMs?: number },
): Promise<DeliveryResult> {
  const t0 = Date.now();
  const deadline = t0 + (input.timeoutMs ?? 10_000);
  const hidden: string[] = [];
  let found: DeliveredMessage | undefined;
  let seenOthers = 0;
  const base = { queueUrl: input.queueUrl, messageId: input.messageId, ...(input.md5Expected ? { md5Expected: input.md5Expected } : {}) };
  try {
    while (!found && Date.now() < deadline) {
      const remainingS = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: input.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: remainingS + 5,
          WaitTimeSeconds: Math.min(1, remainingS),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const round: string[] = [];
      for (const m of out.Messages ?? []) {
        if (m.MessageId === input.messageId) found = toDelivered(m);
        else {
          seenOthers += 1;
          if (m.ReceiptHandle) round.push(m.ReceiptHandle);
        }
      }
      if (input.fifo) {
        await restoreVisibility(sqs, input.queueUrl, round);
        if (!found && round.length > 0) await sleep(250);
      } else hidden.push(...round);
    }
  } catch (err) {
    await restoreVisibility(sqs, input.queueUrl, [...hidden, ...(found ? [found.receiptHandle] : [])]);
    return { ...base, state: 'error', waitedMs: Date.now() - t0, error: toAwsErrorInfo(err) };
  }
  await restoreVisibility(sqs, input.queueUrl, [...hidden, ...(found ? [found.receiptHandle] : [])]);
  const waitedMs = Date.now() - t0;
  if (!found) {
    return {
      ...base,
      state: 'not-found',
      waitedMs,
      note: input.fifo && seenOthers > 0
        ? `Not among the first messages of any FIFO group (${seenOthers} other message${seenOthers === 1 ? '' : 's'} seen and left in the queue); it may be queued behind them.`
        : `Not in the queue after ${(waitedMs / 1000).toFixed(1)} s${seenOthers > 0 ? ` (${seenOthers} other message${seenOthers === 1 ? '' : 's'} seen and left in the queue)` : ''}.`,
    };
  }
  const md5Actual = md5Hex(found.body);
  return { ...base, state: 'found', waitedMs, message: found, md5Actual, ...(input.md5Expected ? { md5Matches: input.md5Expected === md5Actual } : {}) };
}

export async function deleteTestMessage(sqs: SQSClient, queueUrl: string, receiptHandle: string): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
}

/** A queue URL the SQS client can use, from a queue name (and owner account). */
export async function resolveQueueUrl(sqs: SQSClient, queueName: string, accountId?: string): Promise<string> {
  const out = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName, ...(accountId ? { QueueOwnerAWSAccountId: accountId } : {}) }));
  return out.QueueUrl ?? '';
}

/** `{account}/{queue}` of an SQS queue URL in any of its forms (AWS, legacy, sandbox). */
export function parseQueueUrl(url: string): { accountId: string; queueName: string } | undefined {
  const m = /^https?:\/\/[^/]+\/(\d{12})\/([A-Za-z0-9_-]+(?:\.fifo)?)\/?$/.exec(url.trim());
  return m ? { accountId: m[1]!, queueName: m[2]! } : undefined;
}

// ---- Batch mode ----------------------------------------------------------------------------------------------------
