import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inTransaction } from '@/lib/sandbox/db';
import type { MessageAttributeValue, QueueRecord, StoredMessage } from './model';
import type { Entry } from './input';
import { md5OfBody, md5OfMessageAttributes } from './md5';
import { SqsError, sqsErrors } from './errors';
import type { NewMessage } from './store';
import {
  attrMap,
  authorize,
  entries,
  getQueueOrThrow,
  int,
  queueArn,
  requireKms,
  resolveQueueRef,
  str,
  strList,
  type OpContext,
  type OutObject,
} from './context';
import { parseRedrivePolicy, queueByArn } from './queues';
import { emptyRecord } from '@/lib/records';

const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const MAX_BATCH_BYTES = 1048576;
/** XML 1.0 characters; anything else is InvalidMessageContents (SDK-SQS SendMessageRequest.MessageBody doc). */
const INVALID_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ID_CHARS = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
// Letters and digits of any script are accepted, as by AWS ("alphanumeric" in SQS-DG message attribute naming).
const ATTRIBUTE_NAME = /^[\p{L}\p{N}_\-.]{1,256}$/u;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

function invalidCharMessage(text: string, where: string): string {
  const m = INVALID_CHAR.exec(text);
  const code = m ? m[0].codePointAt(0)!.toString(16).toUpperCase() : '0';
  // Text of a production SQS rejection quoted in a public repository (body with U+FFFF).
  return (
    `Invalid binary character '#x${code}' was found in the ${where}, the set of allowed characters is ` +
    '#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].'
  );
}

function validateMessageAttributes(attrs: Record<string, MessageAttributeValue>, kind: 'user' | 'system'): number {
  const names = Object.keys(attrs);
  if (kind === 'user' && names.length > 10) {
    throw sqsErrors.invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [10].`);
  }
  let size = 0;
  for (const name of names) {
    const a = attrs[name]!;
    if (kind === 'system') {
      if (name !== 'AWSTraceHeader') throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    } else if (
      !ATTRIBUTE_NAME.test(name) ||
      name.includes('..') ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      /^(aws\.|amazon\.)/i.test(name)
    ) {
      throw sqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
    }
    if (!a.DataType) throw sqsErrors.invalidParameterValue(`The message (${kind}) attribute '${name}' must contain a non-empty attribute type.`);
    const base = a.DataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw sqsErrors.invalidParameterValue(
        `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    if (base === 'Binary') {
      if (!a.BinaryValue || a.BinaryValue.length === 0) {
        throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
      }
      size += a.BinaryValue.length;
    } else {
      if (a.StringValue === undefined || a.StringValue === '') {
        throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`);
      }
      if (base === 'Number' && !/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(a.StringValue.trim())) {
        throw sqsErrors.invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
      }
      if (INVALID_CHAR.test(a.StringValue)) {
        throw sqsErrors.invalidMessageContents(invalidCharMessage(a.StringValue, `message attribute '${name}'`));
      }
      size += Buffer.byteLength(a.StringValue, 'utf8');
    }
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType, 'utf8');
  }
  return size;
}

type Prepared = { message: NewMessage; size: number; queue: QueueRecord };

/** Validates one SendMessage(-BatchEntry) against its queue; throws SqsError. Order follows AWS's (aws-reference C.3). */
function prepareMessage(ctx: OpContext, queue: QueueRecord, e: Entry): Prepared {
  const body = str(e, 'MessageBody');
  if (body === undefined || body === '') throw sqsErrors.missingParameter('MessageBody');
  const delay = int(e, 'DelaySeconds');
  if (delay !== undefined) {
    if (delay < 0 || delay > 900) throw sqsErrors.invalidValue(String(delay), 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.');
    if (queue.isFifo && delay !== 0) {
      throw sqsErrors.invalidValue(String(delay), 'DelaySeconds', 'The request include parameter that is not valid for this queue type.');
    }
  }
  const attributes = attrMap(e, 'MessageAttributes');
  const systemAttributes = attrMap(e, 'MessageSystemAttributes');
  let size = validateMessageAttributes(attributes, 'user');
  validateMessageAttributes(systemAttributes, 'system');
  if (INVALID_CHAR.test(body)) throw sqsErrors.invalidMessageContents(invalidCharMessage(body, 'message body'));
  size += Buffer.byteLength(body, 'utf8');
  const max = Number(queue.attributes.MaximumMessageSize ?? '1048576');
  if (size > max) {
    throw sqsErrors.invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
  }
  let groupId = str(e, 'MessageGroupId');
  let dedupId = str(e, 'MessageDeduplicationId');
  if (queue.isFifo) {
    if (groupId === undefined || groupId === '') throw sqsErrors.missingParameter('MessageGroupId');
    if (dedupId === undefined) {
      if (queue.attributes.ContentBasedDeduplication !== 'true') {
        throw sqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      dedupId = createHash('sha256').update(body, 'utf8').digest('hex');
    } else if (!ID_CHARS.test(dedupId)) {
      throw sqsErrors.invalidValue(
        dedupId,
        'MessageDeduplicationId',
        'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      );
    }
  } else if (dedupId !== undefined) {
    throw sqsErrors.invalidValue(dedupId, 'MessageDeduplicationId', 'The request include parameter that is not valid for this queue type.');
  }
  if (groupId !== undefined && !ID_CHARS.test(groupId)) {
    throw sqsErrors.invalidValue(
      groupId,
      'MessageGroupId',
      'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
  if (groupId === '') groupId = undefined;
  const now = Date.now();
  // FIFO queues have no per-message delay: the queue's DelaySeconds applies even to a message that says 0.
  const queueDelay = Number(queue.attributes.DelaySeconds ?? '0');
  const delaySeconds = queue.isFifo ? queueDelay : (delay ?? queueDelay);
  const trace = ctx.headers['x-amzn-trace-id'];
  const storedSystemAttributes =
    trace && !systemAttributes.AWSTraceHeader ? { ...systemAttributes, AWSTraceHeader: { DataType: 'String', StringValue: trace } } : systemAttributes;
  return {
    queue,
    size,
    message: {
      queueId: queue.id,
      messageId: randomUUID(),
      body,
      md5OfBody: md5OfBody(body),
      attributes,
      md5OfAttributes: md5OfMessageAttributes(attributes),
      systemAttributes: storedSystemAttributes,
      md5OfSystemAttributes: md5OfMessageAttributes(systemAttributes),
      groupId,
      deduplicationId: queue.isFifo ? dedupId : undefined,
      sequenceNumber: undefined,
      sentAt: now,
      senderId: ctx.principal.kind === 'root' ? ctx.principal.accessKeyId : `${ctx.principal.accessKeyId}:${ctx.principal.sessionName}`,
      visibleAt: now + delaySeconds * 1000,
      expiresAt: now + Number(queue.attributes.MessageRetentionPeriod ?? '345600') * 1000,
      deadLetterSourceArn: undefined,
    },
  };
}

type Stored = { messageId: string; sequenceNumber: string | undefined };

/**
 * Stores a prepared message inside the group-commit transaction. FIFO deduplication happens here, in commit order,
 * so two concurrent sends with one deduplication id cannot both be delivered: the second gets the first's MessageId
 * and is accepted without being stored (aws-reference C.5).
 */
function storeMessage(ctx: OpContext, p: Prepared): Stored {
  const store = ctx.rt.store;
  if (!store.getQueueById(p.queue.id)) throw sqsErrors.nonExistentQueue(ctx.protocol);
  const m = p.message;
  if (!p.queue.isFifo) {
    store.insertMessage(m);
    return { messageId: m.messageId, sequenceNumber: undefined };
  }
  const now = Date.now();
  const scope = p.queue.attributes.DeduplicationScope === 'messageGroup' ? (m.groupId ?? '') : '';
  const dup = store.getDedup(p.queue.id, scope, m.deduplicationId!, now);
  if (dup) return { messageId: dup.message_id, sequenceNumber: dup.sequence_number ?? undefined };
  const seq = ctx.rt.sequence.next();
  store.insertMessage({ ...m, sequenceNumber: seq });
  store.putDedup(p.queue.id, scope, m.deduplicationId!, m.messageId, seq, now + DEDUP_WINDOW_MS);
  return { messageId: m.messageId, sequenceNumber: seq };
}

function sendResult(p: Prepared, s: Stored): OutObject {
  return {
    MD5OfMessageBody: p.message.md5OfBody,
    MD5OfMessageAttributes: p.message.md5OfAttributes,
    MD5OfMessageSystemAttributes: p.message.md5OfSystemAttributes,
    MessageId: s.messageId,
    SequenceNumber: s.sequenceNumber,
  };
}

function commit(ctx: OpContext, queueId: number, run: () => Stored): Promise<Stored> {
  ctx.rt.writer.onCommit(() => ctx.rt.waiters.notify(queueId));
  return ctx.rt.writer.submit(run);
}

export async function sendMessage(ctx: OpContext, input: Entry): Promise<OutObject> {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const queue = getQueueOrThrow(ctx, ref);
  requireKms(ctx, queue, ['kms:GenerateDataKey', 'kms:Decrypt']);
  const p = prepareMessage(ctx, queue, input);
  const stored = await commit(ctx, queue.id, () => storeMessage(ctx, p));
  return sendResult(p, stored);
}

function validateBatchEntries(list: Entry[] | undefined, entryName: string): Entry[] {
  if (!list || list.length === 0) throw sqsErrors.emptyBatch(entryName);
  if (list.length > 10) throw sqsErrors.tooManyEntries(list.length);
  const seen = new Set<string>();
  for (const e of list) {
    const id = str(e, 'Id');
    if (id === undefined || !BATCH_ID.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.batchIdsNotDistinct(id);
    seen.add(id);
  }
  return list;
}

function failedEntry(id: string, err: unknown): OutObject {
  if (err instanceof SqsError) return { Id: id, SenderFault: true, Code: err.queryCode, Message: err.message };
  throw err;
}

export async function sendMessageBatch(ctx: OpContext, input: Entry): Promise<OutObject> {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const queue = getQueueOrThrow(ctx, ref);
  const list = validateBatchEntries(entries(input, 'Entries'), 'SendMessageBatchRequestEntry');
  requireKms(ctx, queue, ['kms:GenerateDataKey', 'kms:Decrypt']);
  if (queue.isFifo) {
    // On a FIFO queue these two fail the whole call, not just the entry (unlike every other per-entry error).
    for (const e of list) {
      const group = str(e, 'MessageGroupId');
      if (group === undefined || group === '') throw sqsErrors.missingParameter('MessageGroupId');
      if (str(e, 'MessageDeduplicationId') === undefined && queue.attributes.ContentBasedDeduplication !== 'true') {
        throw sqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    }
  }
  const prepared: Array<{ id: string; p?: Prepared; error?: unknown }> = list.map((e) => {
    const id = str(e, 'Id')!;
    try {
      return { id, p: prepareMessage(ctx, queue, e) };
    } catch (error) {
      return { id, error };
    }
  });
  const total = prepared.reduce((n, x) => n + (x.p?.size ?? 0), 0);
  if (total > MAX_BATCH_BYTES) throw sqsErrors.batchRequestTooLong(MAX_BATCH_BYTES, total);
  const results = await Promise.allSettled(
    prepared.map((x) => (x.p ? commit(ctx, queue.id, () => storeMessage(ctx, x.p!)) : Promise.reject(x.error))),
  );
  const successful: OutObject[] = [];
  const failed: OutObject[] = [];
  results.forEach((r, i) => {
    const x = prepared[i]!;
    if (r.status === 'fulfilled') successful.push({ Id: x.id, ...sendResult(x.p!, r.value) });
    else failed.push(failedEntry(x.id, r.reason));
  });
  return { Successful: successful, Failed: failed };
}

// ----------------------------------------------------------------------------------------------------- receiving

const receiptPrefix = 'AQEB';

function encodeReceipt(queueId: number, rowid: number, nonce: string): string {
  return receiptPrefix + Buffer.from(`${queueId}:${rowid}:${nonce}`, 'utf8').toString('base64');
}

function decodeReceipt(handle: string): { queueId: number; rowid: number; nonce: string } | undefined {
  if (!handle.startsWith(receiptPrefix)) return undefined;
  const m = /^([0-9]+):([0-9]+):([0-9a-f]+)$/.exec(Buffer.from(handle.slice(receiptPrefix.length), 'base64').toString('utf8'));
  return m ? { queueId: Number(m[1]), rowid: Number(m[2]), nonce: m[3]! } : undefined;
}

const systemAttributeNames = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];

function systemAttributes(m: StoredMessage, wanted: Set<string>, receiveCount: number, firstReceive: number): Record<string, string> {
  const all = wanted.has('All');
  const values: Record<string, string | undefined> = {
    SenderId: m.senderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(receiveCount),
    ApproximateFirstReceiveTimestamp: String(firstReceive),
    SequenceNumber: m.sequenceNumber,
    MessageDeduplicationId: m.deduplicationId,
    MessageGroupId: m.groupId,
    AWSTraceHeader: m.systemAttributes.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: m.deadLetterSourceArn,
  };
  const out = emptyRecord<string>();
  for (const n of systemAttributeNames) {
    const v = values[n];
    if (v !== undefined && (all || wanted.has(n))) out[n] = v;
  }
  return out;
}

function selectMessageAttributes(attrs: Record<string, MessageAttributeValue>, names: string[]): Record<string, MessageAttributeValue> {
  const out = emptyRecord<MessageAttributeValue>();
  for (const [name, value] of Object.entries(attrs)) {
    const match = names.some(
      (n) => n === 'All' || n === '*' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))),
    );
    if (match) out[name] = value;
  }
  return out;
}

function attributeOut(a: MessageAttributeValue): OutObject {
  return { StringValue: a.StringValue, BinaryValue: a.BinaryValue, DataType: a.DataType };
}

type ReceiveOptions = {
  max: number;
  visibilityMs: number;
  systemNames: Set<string>;
  attributeNames: string[];
};

/** Retention is enforced on receive, at most once a second per queue (the delete is a range scan). */
const lastExpiry = new Map<number, number>();

/** One receive attempt in one transaction: expire, redrive, then mark up to `max` messages in flight. */
function tryReceive(ctx: OpContext, queue: QueueRecord, opts: ReceiveOptions): OutObject[] {
  const store = ctx.rt.store;
  return inTransaction(store.db, () => {
    const now = Date.now();
    if (now - (lastExpiry.get(queue.id) ?? 0) >= 1000) {
      lastExpiry.set(queue.id, now);
      store.deleteExpired(queue.id, now);
    }
    const redrive = parseRedrivePolicy(queue);
    const dlq = redrive ? queueByArn(ctx, redrive.deadLetterTargetArn) : undefined;
    const out: OutObject[] = [];
    for (let round = 0; round < 20 && out.length < opts.max; round++) {
      const candidates = store.candidates(queue.id, queue.isFifo, now, opts.max - out.length);
      if (candidates.length === 0) break;
      let moved = 0;
      for (const m of candidates) {
        // Redrive: a message already received maxReceiveCount times moves to the DLQ instead of being received again.
        if (redrive && dlq && m.receiveCount >= redrive.maxReceiveCount) {
          const dlqRetention = Number(dlq.attributes.MessageRetentionPeriod ?? '345600') * 1000;
          store.moveToQueue(m.rowid, dlq.id, now, queueArn(queue.region, queue), (dlq.isFifo ? now : m.sentAt) + dlqRetention);
          moved++;
          continue;
        }
        const nonce = randomBytes(8).toString('hex');
        store.markReceived(m.rowid, now + opts.visibilityMs, nonce, now);
        const attributes = systemAttributes(m, opts.systemNames, m.receiveCount + 1, m.firstReceiveAt ?? now);
        const messageAttributes = selectMessageAttributes(m.attributes, opts.attributeNames);
        const md5Attrs = md5OfMessageAttributes(messageAttributes);
        out.push({
          MessageId: m.messageId,
          ReceiptHandle: encodeReceipt(queue.id, m.rowid, nonce),
          MD5OfBody: m.md5OfBody,
          Body: m.body,
          Attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
          MD5OfMessageAttributes: md5Attrs,
          MessageAttributes:
            md5Attrs !== undefined
              ? Object.fromEntries(Object.entries(messageAttributes).map(([k, v]) => [k, attributeOut(v)]))
              : undefined,
        });
      }
      if (moved === 0) break;
      if (dlq) setImmediate(() => ctx.rt.waiters.notify(dlq.id));
    }
    return out;
  });
}

export async function receiveMessage(ctx: OpContext, input: Entry): Promise<OutObject> {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  let queue = getQueueOrThrow(ctx, ref);
  requireKms(ctx, queue, ['kms:Decrypt']);
  const max = int(input, 'MaxNumberOfMessages') ?? 1;
  if (max < 1 || max > 10) throw sqsErrors.invalidValue(String(max), 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.');
  const vt = int(input, 'VisibilityTimeout') ?? Number(queue.attributes.VisibilityTimeout ?? '30');
  if (vt < 0 || vt > 43200) throw sqsErrors.invalidValue(String(vt), 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.');
  const wait = int(input, 'WaitTimeSeconds') ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds ?? '0');
  if (wait < 0 || wait > 20) throw sqsErrors.invalidValue(String(wait), 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.');
  const opts: ReceiveOptions = {
    max,
    visibilityMs: vt * 1000,
    systemNames: new Set([...strList(input, 'AttributeNames'), ...strList(input, 'MessageSystemAttributeNames')]),
    attributeNames: strList(input, 'MessageAttributeNames'),
  };
  const deadline = Date.now() + wait * 1000;
  for (;;) {
    const messages = tryReceive(ctx, queue, opts);
    const now = Date.now();
    if (messages.length > 0 || now >= deadline || ctx.rt.waiters.isClosed) {
      return messages.length > 0 ? { Messages: messages } : {};
    }
    const next = ctx.rt.store.nextVisibleAt(queue.id, now);
    await ctx.rt.waiters.wait(queue.id, Math.min(deadline, next ?? deadline) - now);
    if (ctx.rt.waiters.isClosed) return {};
    const current = ctx.rt.store.getQueueById(queue.id);
    if (!current) return {};
    queue = current;
  }
}

function resolveReceipt(ctx: OpContext, queue: QueueRecord, handle: string | undefined) {
  if (handle === undefined || handle === '') throw sqsErrors.missingParameter('ReceiptHandle');
  const r = decodeReceipt(handle);
  if (!r || r.queueId !== queue.id) throw sqsErrors.receiptHandleIsInvalid(handle);
  return r;
}

/**
 * A FIFO queue refuses a receipt handle once its message's visibility timeout has passed or the message was received
 * again; a standard queue accepts it (SQS-API DeleteMessage: the delete may then not take effect).
 */
function checkNotExpired(queue: QueueRecord, m: StoredMessage | undefined, r: { nonce: string }, handle: string, now: number): void {
  if (queue.isFifo && m && (m.receiptNonce !== r.nonce || m.visibleAt <= now)) throw sqsErrors.receiptHandleExpired(handle);
}

function deleteByReceipt(ctx: OpContext, queue: QueueRecord, handle: string | undefined): void {
  const r = resolveReceipt(ctx, queue, handle);
  if (queue.isFifo) checkNotExpired(queue, ctx.rt.store.getMessage(r.rowid, queue.id), r, handle!, Date.now());
  ctx.rt.store.deleteMessage(r.rowid, queue.id);
}

export function deleteMessage(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const queue = getQueueOrThrow(ctx, ref);
  const handle = str(input, 'ReceiptHandle');
  inTransaction(ctx.rt.store.db, () => deleteByReceipt(ctx, queue, handle));
  return {};
}

/**
 * The shape every per-message batch operation shares: one authorization for the queue, entries validated as a batch,
 * then each entry applied in one transaction with its own success or failure.
 */
function perEntryBatch(ctx: OpContext, input: Entry, entryShape: string, apply: (queue: QueueRecord, e: Entry) => void): { queue: QueueRecord; out: OutObject } {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const queue = getQueueOrThrow(ctx, ref);
  const list = validateBatchEntries(entries(input, 'Entries'), entryShape);
  const successful: OutObject[] = [];
  const failed: OutObject[] = [];
  inTransaction(ctx.rt.store.db, () => {
    for (const e of list) {
      const id = str(e, 'Id')!;
      try {
        apply(queue, e);
        successful.push({ Id: id });
      } catch (err) {
        failed.push(failedEntry(id, err));
      }
    }
  });
  return { queue, out: { Successful: successful, Failed: failed } };
}

export function deleteMessageBatch(ctx: OpContext, input: Entry): OutObject {
  return perEntryBatch(ctx, input, 'DeleteMessageBatchRequestEntry', (queue, e) => deleteByReceipt(ctx, queue, str(e, 'ReceiptHandle'))).out;
}

function changeVisibility(ctx: OpContext, queue: QueueRecord, handle: string | undefined, vt: number | undefined): void {
  const r = resolveReceipt(ctx, queue, handle);
  if (vt === undefined) throw sqsErrors.missingParameter('VisibilityTimeout');
  if (vt < 0 || vt > 43200) throw sqsErrors.invalidValue(String(vt), 'VisibilityTimeout', 'Must be between 0 and 43200, if provided.');
  const now = Date.now();
  const m = ctx.rt.store.getMessage(r.rowid, queue.id);
  checkNotExpired(queue, m, r, handle!, now);
  if (!m || m.receiptNonce !== r.nonce) {
    throw sqsErrors.invalidValue(handle!, 'ReceiptHandle', 'Message does not exist or is not available for visibility timeout change.');
  }
  // A standard queue accepts the change even after the visibility timeout ran out, as AWS does.
  ctx.rt.store.setVisibility(r.rowid, now + vt * 1000);
}

export function changeMessageVisibility(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const queue = getQueueOrThrow(ctx, ref);
  inTransaction(ctx.rt.store.db, () => changeVisibility(ctx, queue, str(input, 'ReceiptHandle'), int(input, 'VisibilityTimeout')));
  ctx.rt.waiters.notify(queue.id);
  return {};
}

export function changeMessageVisibilityBatch(ctx: OpContext, input: Entry): OutObject {
  const { queue, out } = perEntryBatch(ctx, input, 'ChangeMessageVisibilityBatchRequestEntry', (q, e) =>
    changeVisibility(ctx, q, str(e, 'ReceiptHandle'), int(e, 'VisibilityTimeout')),
  );
  ctx.rt.waiters.notify(queue.id);
  return out;
}
