import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import {
  type APIGatewayClient,
  GetMethodCommand,
  GetResourceCommand,
  GetRestApiCommand,
  GetStagesCommand,
  type Method,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { type HeaderPairs, maskHeaders, maskLog, type SendRequest, stageRequestUrl } from '@/lib/test-panel/request';
import { parseIntegrationUri } from '@/lib/gateway';
import { groupPairs } from '@/lib/records';
import { type AwsErrorInfo, toAwsErrorInfo } from './errors';

/** What a test send got back; secrets in headers and the execution log are already masked. */
export type SendResponse = { status: number; headers: HeaderPairs; body: string; latencyMs: number; log?: string };
export type SendOutcome = { ok: true; response: SendResponse } | { ok: false; error: AwsErrorInfo; latencyMs: number };

export type MethodTarget = { restApiId: string; resourceId: string; httpMethod: string };

const elapsed = (t0: number) => Math.round(performance.now() - t0);

function headerRecords(headers: HeaderPairs): { headers: Record<string, string>; multiValueHeaders?: Record<string, string[]> } {
  const multi = groupPairs(headers);
  const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.join(',')]));
  return Object.values(multi).some((v) => v.length > 1) ? { headers: single, multiValueHeaders: multi } : { headers: single };
}

/**
 * TestInvokeMethod on the method's current configuration — no deployment needed, no stage (`$context.stage` unset,
 * aws-reference D). `latencyMs` is API Gateway's own `latency`. Never throws: an SDK error becomes `ok: false`.
 */
export async function testInvoke(apigateway: APIGatewayClient, target: MethodTarget, req: SendRequest, stageVariables?: Record<string, string>): Promise<SendOutcome> {
  const t0 = performance.now();
  try {
    const out = await apigateway.send(
      new TestInvokeMethodCommand({
        ...target,
        pathWithQueryString: `${req.path}${req.query ? `?${req.query}` : ''}`,
        ...(req.body !== '' ? { body: req.body } : {}),
        ...headerRecords(req.headers),
        ...(stageVariables && Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
      }),
    );
    const pairs: HeaderPairs = out.multiValueHeaders
      ? Object.entries(out.multiValueHeaders).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))
      : Object.entries(out.headers ?? {});
    return {
      ok: true,
      response: { status: out.status ?? 0, headers: maskHeaders(pairs), body: out.body ?? '', latencyMs: out.latency ?? elapsed(t0), log: maskLog(out.log ?? '') },
    };
  } catch (err) {
    return { ok: false, error: toAwsErrorInfo(err), latencyMs: elapsed(t0) };
  }
}

export type InvokeUrlOptions = {
  /** `…/{stage}` without a trailing slash. */
  stageUrl: string;
  region: string;
  /** Set when the method uses AWS_IAM: the request is SigV4-signed for `execute-api` with these credentials. */
  iamCredentials?: Provider<AwsCredentialIdentity>;
  /** The caller's API key for this one send; used for the header and forgotten. */
  apiKey?: string;
  timeoutMs?: number;
};

/**
 * A real HTTP request from the server to the deployed stage. Latency is wall time from sending the request to having
 * read the whole body. Never throws: network errors become `ok: false`.
 */
export async function invokeUrlSend(options: InvokeUrlOptions, req: SendRequest): Promise<SendOutcome> {
  const target = stageRequestUrl(options.stageUrl, req);
  if (!target.ok) return { ok: false, error: { name: 'BadRequest', message: target.message }, latencyMs: 0 };
  const url = target.url;
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) {
    const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
    if (existing) headers[existing] = `${headers[existing]},${v}`;
    else headers[k] = v;
  }
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const hasBody = req.body !== '' && req.method !== 'GET' && req.method !== 'HEAD';
  const t0 = performance.now();
  try {
    let sendHeaders = headers;
    if (options.iamCredentials) {
      const signer = new SignatureV4({ service: 'execute-api', region: options.region, credentials: options.iamCredentials, sha256: Sha256 });
      const query = groupPairs(url.searchParams);
      const signed = await signer.sign({
        method: req.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers: { ...headers, host: url.host },
        ...(hasBody ? { body: req.body } : {}),
      });
      sendHeaders = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
    }
    const res = await fetch(url, {
      method: req.method,
      headers: sendHeaders,
      ...(hasBody ? { body: req.body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 35_000),
      redirect: 'manual',
    });
    const body = await res.text();
    const latencyMs = elapsed(t0);
    return { ok: true, response: { status: res.status, headers: maskHeaders([...res.headers.entries()]), body, latencyMs } };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const name = e.name === 'TimeoutError' ? 'TimeoutError' : e.cause?.code ?? e.name ?? 'Error';
    return { ok: false, error: { name, message: e.cause?.message ?? e.message ?? String(err) }, latencyMs: elapsed(t0) };
  }
}

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

async function restoreVisibility(sqs: SQSClient, queueUrl: string, handles: string[]): Promise<void> {
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

// ---- Live methods (integrations Sluice did not create) -------------------------------------------------------------

export type LiveMethod = {
  method: Method;
  resourcePath: string;
  apiName: string;
  /** The SQS region from the integration URI. */
  region: string;
  /** The region the REST API lives in (its invoke URL's region). */
  apiRegion: string;
  stages: { name: string; deployed: boolean; variables: Record<string, string> }[];
};

/** GetMethod plus the resource path, API name and stages; throws the SDK error (NotFoundException…). */
export async function readLiveMethod(apigateway: APIGatewayClient, target: MethodTarget): Promise<LiveMethod> {
  const [method, resource, api, stages] = await Promise.all([
    apigateway.send(new GetMethodCommand(target)),
    apigateway.send(new GetResourceCommand({ restApiId: target.restApiId, resourceId: target.resourceId })),
    apigateway.send(new GetRestApiCommand({ restApiId: target.restApiId })),
    apigateway.send(new GetStagesCommand({ restApiId: target.restApiId })),
  ]);
  const apiRegion = await apigateway.config.region();
  const region = parseIntegrationUri(method.methodIntegration?.uri ?? '')?.region ?? apiRegion;
  return {
    method,
    resourcePath: resource.path ?? '/',
    apiName: api.name ?? target.restApiId,
    region,
    apiRegion,
    stages: (stages.item ?? []).map((s) => ({ name: s.stageName ?? '', deployed: Boolean(s.deploymentId), variables: { ...(s.variables ?? {}) } })),
  };
}
