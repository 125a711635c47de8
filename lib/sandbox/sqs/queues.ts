import 'server-only';
import { z } from 'zod';
import { parsePolicyDocument } from '@/lib/iam';
import { inTransaction } from '@/lib/sandbox/db';
import type { QueueRecord } from './model';
import type { Entry } from './input';
import { sqsErrors } from './errors';
import {
  authorize,
  getQueueOrThrow,
  int,
  queueArn,
  queueUrl,
  resolveQueueRef,
  str,
  strList,
  strMap,
  type OpContext,
  type OutObject,
} from './context';
import { emptyRecord, own } from '@/lib/records';

const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

const intRanges: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1048576],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};
const boolAttributes = new Set(['SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication']);
const fifoOnly = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const stringAttributes = new Set(['Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'RedrivePolicy']);
const enumAttributes: Record<string, string[]> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};

const computedAttributes = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
];
const configurableOrder = [
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];
const knownAttributes = new Set([...computedAttributes, ...configurableOrder]);

export const redrivePolicySchema = z.object({
  deadLetterTargetArn: z.string().min(1),
  maxReceiveCount: z.union([z.number().int(), z.string().regex(/^[0-9]+$/).transform(Number)]).pipe(z.number().int().min(1).max(1000)),
});
export type RedrivePolicy = z.infer<typeof redrivePolicySchema>;

export function parseRedrivePolicy(q: QueueRecord): RedrivePolicy | undefined {
  const raw = q.attributes.RedrivePolicy;
  if (!raw) return undefined;
  try {
    const parsed = redrivePolicySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function parseArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws:sqs:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function queueByArn(ctx: OpContext, arn: string): QueueRecord | undefined {
  const p = parseArn(arn);
  return p ? ctx.rt.store.getQueue(p.region, p.accountId, p.name) : undefined;
}

/** Validates attributes given to CreateQueue/SetQueueAttributes; returns them in AWS's canonical string form. */
function validateAttributes(
  ctx: OpContext,
  attrs: Record<string, string>,
  isFifo: boolean,
  forCreate: boolean,
): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [name, value] of Object.entries(attrs)) {
    if (!configurableOrder.includes(name)) throw sqsErrors.invalidAttributeName(name);
    if (fifoOnly.has(name) && !isFifo) {
      // AWS names the two FIFO throughput settings; ContentBasedDeduplication is simply unknown to a standard queue.
      if (name === 'ContentBasedDeduplication') throw sqsErrors.invalidAttributeName(name);
      throw sqsErrors.invalidAttributeNameMessage(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    if (name === 'FifoQueue' && !forCreate) throw sqsErrors.invalidAttributeName(name);
    const range = own(intRanges, name);
    const allowed = own(enumAttributes, name);
    if (range) {
      const n = /^[0-9]+$/.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!(n >= range[0] && n <= range[1])) throw sqsErrors.invalidAttributeValue(name);
      out[name] = String(n);
    } else if (boolAttributes.has(name)) {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw sqsErrors.invalidAttributeValue(name);
      out[name] = v;
    } else if (allowed) {
      if (!allowed.includes(value)) throw sqsErrors.invalidAttributeValue(name);
      out[name] = value;
    } else if (name === 'RedrivePolicy') {
      if (value === '') {
        out[name] = '';
        continue;
      }
      let policy: RedrivePolicy;
      try {
        const parsed = redrivePolicySchema.safeParse(JSON.parse(value));
        if (!parsed.success) throw new Error('invalid');
        policy = parsed.data;
      } catch {
        throw sqsErrors.invalidValue(value, 'RedrivePolicy', 'Redrive policy is not a valid JSON map.');
      }
      const dlq = queueByArn(ctx, policy.deadLetterTargetArn);
      if (!dlq) throw sqsErrors.invalidValue(value, 'RedrivePolicy', 'Dead letter target does not exist.');
      if (dlq.isFifo !== isFifo) {
        throw sqsErrors.invalidValue(value, 'RedrivePolicy', 'Dead-letter queue must be same type of queue as the source.');
      }
      out[name] = JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount });
    } else if (name === 'Policy' && value !== '' && !parsePolicyDocument(value).ok) {
      throw sqsErrors.invalidAttributeValue(name);
    } else if (stringAttributes.has(name)) {
      out[name] = value;
    }
  }
  if (out.KmsMasterKeyId) {
    if (out.SqsManagedSseEnabled === 'true') {
      throw sqsErrors.invalidParameterValue('You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
    }
    out.SqsManagedSseEnabled = 'false';
  }
  return out;
}

function defaults(isFifo: boolean): Record<string, string> {
  return {
    VisibilityTimeout: '30',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
    ...(isFifo
      ? { FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue' }
      : {}),
  };
}

function applyAttributes(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const next = { ...current, ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === '' && k !== 'Policy') delete next[k];
  if (next.KmsMasterKeyId && !next.KmsDataKeyReusePeriodSeconds) next.KmsDataKeyReusePeriodSeconds = '300';
  if (!next.KmsMasterKeyId) delete next.KmsDataKeyReusePeriodSeconds;
  return next;
}

export function createQueue(ctx: OpContext, input: Entry): OutObject {
  const name = str(input, 'QueueName');
  if (name === undefined || name === '') throw sqsErrors.missingParameter('QueueName');
  const given = strMap(input, 'Attributes') ?? {};
  const isFifo = (given.FifoQueue ?? '').toLowerCase() === 'true';
  if (isFifo && !FIFO_NAME.test(name)) {
    throw sqsErrors.invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!isFifo && !STANDARD_NAME.test(name)) {
    throw sqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  const ref = { accountId: ctx.principal.accountId, name };
  authorize(ctx, queueArn(ctx.region, ref));
  const attrs = validateAttributes(ctx, given, isFifo, true);
  // `FifoQueue=false` is accepted, and a standard queue then simply has no FifoQueue attribute.
  if (!isFifo) delete attrs.FifoQueue;
  const tags = strMap(input, 'tags') ?? {};
  return inTransaction(ctx.rt.store.db, () => {
    const existing = ctx.rt.store.getQueue(ctx.region, ref.accountId, name);
    if (existing) {
      const effective = applyAttributes(defaults(isFifo), attrs);
      for (const key of Object.keys(attrs)) {
        if ((existing.attributes[key] ?? '') !== (effective[key] ?? '')) throw sqsErrors.queueNameExists(key);
      }
      return { QueueUrl: queueUrl(ctx, ref) };
    }
    const now = Date.now();
    const id = ctx.rt.store.insertQueue({
      region: ctx.region,
      accountId: ref.accountId,
      name,
      isFifo,
      attributes: applyAttributes(defaults(isFifo), attrs),
      createdAt: now,
      modifiedAt: now,
    });
    for (const [k, v] of Object.entries(tags)) ctx.rt.store.setTag(id, k, v);
    return { QueueUrl: queueUrl(ctx, ref) };
  });
}

export function getQueueUrl(ctx: OpContext, input: Entry): OutObject {
  const name = str(input, 'QueueName');
  if (name === undefined || name === '') throw sqsErrors.missingParameter('QueueName');
  const ref = { accountId: str(input, 'QueueOwnerAWSAccountId') ?? ctx.principal.accountId, name };
  authorize(ctx, queueArn(ctx.region, ref));
  getQueueOrThrow(ctx, ref);
  return { QueueUrl: queueUrl(ctx, ref) };
}

export function getQueueAttributes(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  const arn = queueArn(ctx.region, ref);
  authorize(ctx, arn);
  const q = getQueueOrThrow(ctx, ref);
  const names = strList(input, 'AttributeNames');
  for (const n of names) if (n !== 'All' && !knownAttributes.has(n)) throw sqsErrors.invalidAttributeName(n);
  const all = names.includes('All');
  const wanted = (n: string) => all || names.includes(n);
  const out = emptyRecord<string>();
  const now = Date.now();
  const counts = names.some((n) => n === 'All' || n.startsWith('Approximate')) ? ctx.rt.store.counts(q.id, now) : undefined;
  const computed: Record<string, string> = {
    QueueArn: arn,
    ApproximateNumberOfMessages: String(counts?.visible ?? 0),
    ApproximateNumberOfMessagesNotVisible: String(counts?.inflight ?? 0),
    ApproximateNumberOfMessagesDelayed: String(counts?.delayed ?? 0),
    CreatedTimestamp: String(Math.floor(q.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(q.modifiedAt / 1000)),
  };
  for (const n of computedAttributes) if (wanted(n)) out[n] = computed[n]!;
  for (const n of configurableOrder) if (wanted(n) && q.attributes[n] !== undefined) out[n] = q.attributes[n];
  return Object.keys(out).length > 0 ? { Attributes: out } : {};
}

export function setQueueAttributes(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const given = strMap(input, 'Attributes');
  if (!given) throw sqsErrors.missingParameter('Attributes');
  return inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    const attrs = validateAttributes(ctx, given, q.isFifo, false);
    ctx.rt.store.updateQueueAttributes(q.id, applyAttributes(q.attributes, attrs), Date.now());
    return {};
  });
}

const nextTokenSchema = z.object({ after: z.string() });

function decodeNextToken(token: string | undefined): string {
  if (!token) return '';
  try {
    const parsed = nextTokenSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data.after;
  } catch {
    // fall through
  }
  throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
}

function page(ctx: OpContext, input: Entry, queues: QueueRecord[], listKey: 'QueueUrls' | 'queueUrls'): OutObject {
  const max = int(input, 'MaxResults');
  if (max !== undefined && (max < 1 || max > 1000)) {
    throw sqsErrors.invalidValue(String(max), 'MaxResults', 'MaxResults must be an integer between 1 and 1000.');
  }
  const limit = max ?? 1000;
  const pageItems = queues.slice(0, limit);
  const out: OutObject = {};
  if (pageItems.length > 0) out[listKey] = pageItems.map((q) => queueUrl(ctx, q));
  if (max !== undefined && queues.length > limit) {
    out.NextToken = Buffer.from(JSON.stringify({ after: pageItems[pageItems.length - 1]!.name })).toString('base64url');
  }
  return out;
}

export function listQueues(ctx: OpContext, input: Entry): OutObject {
  authorize(ctx, `arn:aws:sqs:${ctx.region}:${ctx.principal.accountId}:*`);
  const prefix = str(input, 'QueueNamePrefix') ?? '';
  const after = decodeNextToken(str(input, 'NextToken'));
  return page(ctx, input, ctx.rt.store.listQueues(ctx.region, ctx.principal.accountId, prefix, after), 'QueueUrls');
}

export function listDeadLetterSourceQueues(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  const arn = queueArn(ctx.region, ref);
  authorize(ctx, arn);
  getQueueOrThrow(ctx, ref);
  const after = decodeNextToken(str(input, 'NextToken'));
  const sources = ctx.rt.store
    .allQueues(ctx.region, ref.accountId)
    .filter((q) => q.name > after && parseRedrivePolicy(q)?.deadLetterTargetArn === arn);
  const out = page(ctx, input, sources, 'queueUrls');
  return { queueUrls: out.queueUrls ?? [], ...(out.NextToken ? { NextToken: out.NextToken } : {}) };
}

export function deleteQueue(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const id = inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    ctx.rt.store.deleteQueue(q.id);
    return q.id;
  });
  ctx.rt.waiters.notify(id);
  return {};
}

const PURGE_INTERVAL_MS = 60_000;

export function purgeQueue(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  const arn = queueArn(ctx.region, ref);
  authorize(ctx, arn);
  const queue = getQueueOrThrow(ctx, ref);
  const now = Date.now();
  const last = ctx.rt.purges.get(queue.id);
  if (last !== undefined && now - last < PURGE_INTERVAL_MS) throw sqsErrors.purgeInProgress(arn);
  // Purging gives the queue a fresh row (store.ts purge); the 60-second purge window moves with it.
  const id = inTransaction(ctx.rt.store.db, () => ctx.rt.store.purge(queue.id));
  ctx.rt.purges.delete(queue.id);
  ctx.rt.purges.set(id, now);
  // Long polls on the purged row end (empty) instead of waiting on a row that no longer receives messages.
  ctx.rt.waiters.notify(queue.id);
  return {};
}

export function listQueueTags(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const tags = ctx.rt.store.listTags(getQueueOrThrow(ctx, ref).id);
  return Object.keys(tags).length > 0 ? { Tags: tags } : {};
}

export function tagQueue(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const tags = strMap(input, 'Tags');
  if (!tags) throw sqsErrors.missingParameter('Tags');
  inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    for (const [k, v] of Object.entries(tags)) ctx.rt.store.setTag(q.id, k, v);
  });
  return {};
}

export function untagQueue(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const keys = strList(input, 'TagKeys');
  inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    for (const k of keys) ctx.rt.store.deleteTag(q.id, k);
  });
  return {};
}
