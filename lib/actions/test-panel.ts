'use server';

import { z } from 'zod';
import { furthestValidStep, stepForField } from '@/components/wizard/steps';
import { parseSendResult, type SendRequest, sendRequestSchema } from '@/components/test-panel/request';
import { getActiveConnection } from '@/lib/aws/active';
import { invokeUrl } from '@/lib/aws/apply';
import { type AwsClients, createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { deployStoredDesign } from '@/lib/aws/deploy-design';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { runningJobFor } from '@/lib/aws/jobs';
import { diagnoseLive, liveMethodToDesign } from '@/lib/aws/live-design';
import {
  checkDelivery,
  countDelivered,
  createBatchJob,
  deleteTestMessage,
  getBatchJob,
  invokeUrlSend,
  type MethodTarget,
  parseQueueUrl,
  readLiveMethod,
  resolveQueueUrl,
  runBatchSends,
  type SendOutcome,
  testInvoke,
} from '@/lib/aws/test-send';
import { type IntegrationDesign, validateDesign } from '@/lib/design';
import { applyFix, diagnose, type ErrorExplanation, explainError, type RuleId } from '@/lib/doctor';
import { getDesign, updateDesign } from '@/lib/store';
import { getDeployment } from '@/lib/store/deployments';
import { addHistoryRun, clearHistory, getHistoryRun, type HistoryRun, type HistoryTarget, listHistory, updateHistoryRun } from '@/lib/store/history';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('design'), designId: z.string().regex(/^[a-z2-9]{10}$/, 'Not a design id.') }),
  z.object({
    kind: z.literal('integration'),
    restApiId: z.string().regex(/^[a-z0-9]{1,32}$/),
    resourceId: z.string().regex(/^[a-z0-9]{1,32}$/),
    httpMethod: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']),
    stageName: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional(),
  }),
]);
export type TestTarget = z.infer<typeof targetSchema>;

/** A finding that explains a failed send, with the wizard step that holds its field (designs only). */
export type FixView = { ruleId: RuleId; title: string; explanation: string; field: string; stepHref?: string; fixDescription?: string };
export type ExplanationView = ErrorExplanation & { findings: FixView[]; canFixAndResend: boolean };
export type SendView = { run: HistoryRun; receiptHandle?: string; explanation?: ExplanationView };

type Resolved = {
  connection: Connection;
  /** API Gateway in the API's region; `sqs` in the queue's region. */
  clients: AwsClients;
  sqs: SQSClient;
  history: HistoryTarget;
  method: MethodTarget;
  region: string;
  design: IntegrationDesign;
  stageUrl?: string;
  stageVariables: Record<string, string>;
  queueUrl?: string;
};

function destroy(c: AwsClients | Resolved) {
  if ('clients' in c) {
    destroy(c.clients);
    if (c.sqs !== c.clients.sqs) c.sqs.destroy();
    return;
  }
  for (const x of [c.sqs, c.iam, c.sts, c.apigateway]) x.destroy();
}

async function resolveTarget(target: TestTarget): Promise<{ ok: true; value: Resolved } | { ok: false; error: ActionResult<never> }> {
  const connection = await getActiveConnection();
  if (target.kind === 'design') {
    const stored = getDesign(target.designId);
    if (!stored) return { ok: false, error: fail('not_found', 'This design does not exist (it may have been deleted).') };
    const record = getDeployment(target.designId, connection.id);
    if (!record?.restApiId || !record.resourceId) return { ok: false, error: fail('not_found', `This design is not deployed on ${connection.name}; deploy it first.`) };
    const d = stored.design;
    const clients = createClients(connection, d.region);
    return {
      ok: true,
      value: {
        connection,
        clients,
        sqs: clients.sqs,
        history: { kind: 'design', designId: target.designId, name: stored.name },
        method: { restApiId: record.restApiId, resourceId: record.resourceId, httpMethod: d.method.httpMethod },
        region: d.region,
        design: d,
        stageUrl: invokeUrl(connection, d.region, record.restApiId, record.stageName, ''),
        stageVariables: d.stageVariables,
        ...(record.queueUrl ? { queueUrl: record.queueUrl } : {}),
      },
    };
  }
  const method = { restApiId: target.restApiId, resourceId: target.resourceId, httpMethod: target.httpMethod };
  const clients = createClients(connection);
  let live;
  try {
    live = await readLiveMethod(clients.apigateway, method);
  } catch (err) {
    destroy(clients);
    const info = toAwsErrorInfo(err);
    return { ok: false, error: fail(info.name === 'NotFoundException' ? 'not_found' : 'aws_error', `Could not read ${target.httpMethod} on ${target.restApiId}: ${info.message}`, { awsError: { name: info.name, message: info.message } }) };
  }
  const stage = live.stages.find((s) => s.name === target.stageName) ?? live.stages.find((s) => s.deployed);
  const design = liveMethodToDesign(live.method, { restApiId: target.restApiId, apiName: live.apiName, resourcePath: live.resourcePath, ...(stage ? { stageName: stage.name, stageVariables: stage.variables } : {}) });
  const sqs = createClients(connection, live.region).sqs;
  let queueUrl: string | undefined;
  if (design.queue.name) queueUrl = await resolveQueueUrl(sqs, design.queue.name, design.accountId).catch(() => undefined);
  return {
    ok: true,
    value: {
      connection,
      clients,
      sqs,
      history: { kind: 'integration', ...method, name: `${live.apiName} ${target.httpMethod} ${live.resourcePath}` },
      method,
      region: live.apiRegion,
      design,
      ...(stage ? { stageUrl: invokeUrl(connection, live.apiRegion, target.restApiId, stage.name, '') } : {}),
      stageVariables: stage?.variables ?? {},
      ...(queueUrl ? { queueUrl } : {}),
    },
  };
}

/** The queue a JSON-protocol body addresses, when the target's own queue is unknown. */
async function queueFor(r: Resolved, body: string): Promise<string | undefined> {
  if (r.queueUrl) return r.queueUrl;
  try {
    const parsed = JSON.parse(body) as { QueueUrl?: unknown };
    const q = typeof parsed.QueueUrl === 'string' ? parseQueueUrl(parsed.QueueUrl) : undefined;
    return q ? await resolveQueueUrl(r.sqs, q.queueName, q.accountId) : undefined;
  } catch {
    return undefined;
  }
}

async function sendOnce(r: Resolved, kind: 'test-invoke' | 'invoke-url', req: SendRequest, apiKey?: string): Promise<SendOutcome | ActionResult<never>> {
  if (kind === 'test-invoke') return testInvoke(r.clients.apigateway, r.method, req, r.stageVariables);
  if (!r.stageUrl) return fail('not_found', 'This method is on no deployed stage; use Test invoke or deploy it first.');
  return invokeUrlSend(
    {
      stageUrl: r.stageUrl,
      region: r.region,
      ...(r.design.method.authorizationType === 'AWS_IAM' ? { iamCredentials: r.clients.apigateway.config.credentials } : {}),
      ...(apiKey ? { apiKey } : {}),
    },
    req,
  );
}

function explain(r: Resolved, res: { status: number; headers: [string, string][]; body: string; log?: string }): ExplanationView {
  const explanation = explainError(res.status, res.headers, res.body, res.log ?? '');
  const findings = (r.history.kind === 'design' ? diagnose(r.design) : diagnoseLive(r.design)).filter((f) => explanation.ruleIds.includes(f.id));
  const designId = r.history.kind === 'design' ? r.history.designId : undefined;
  return {
    ...explanation,
    canFixAndResend: r.connection.kind === 'sandbox' && designId !== undefined,
    findings: findings.map((f) => ({
      ruleId: f.id,
      title: f.title,
      explanation: f.explanation,
      field: f.field,
      ...(designId ? { stepHref: `/designs/${designId}/${stepForField(f.field)}` } : {}),
      ...(f.fix ? { fixDescription: f.fix.description } : {}),
    })),
  };
}

async function sendAndRecord(r: Resolved, kind: 'test-invoke' | 'invoke-url', req: SendRequest, opts: { apiKey?: string; deliveryCheck: boolean }): Promise<ActionResult<SendView>> {
  const outcome = await sendOnce(r, kind, req, opts.apiKey);
  if ('ok' in outcome && outcome.ok === false && 'code' in outcome) return outcome;
  const sent = outcome as SendOutcome;
  const base = {
    connectionId: r.connection.id,
    connectionName: r.connection.name,
    target: r.history,
    kind,
    request: { ...req, ...(kind === 'invoke-url' && r.stageUrl ? { url: `${r.stageUrl}${req.path}${req.query ? `?${req.query}` : ''}` } : {}) },
  };
  if (!sent.ok) return ok({ run: addHistoryRun({ ...base, error: { name: sent.error.name, message: sent.error.message } }) });
  const response = sent.response;
  const result = response.status < 300 ? parseSendResult(response.body) : {};
  let delivery: HistoryRun['delivery'];
  let receiptHandle: string | undefined;
  if (result.messageId && opts.deliveryCheck) {
    const queueUrl = await queueFor(r, req.body);
    if (!queueUrl) delivery = { state: 'skipped', queueUrl: '', waitedMs: 0, messageId: result.messageId, note: 'Sluice does not know which queue this method sends to.' };
    else {
      const d = await checkDelivery(r.sqs, { queueUrl, messageId: result.messageId, ...(result.md5OfMessageBody ? { md5Expected: result.md5OfMessageBody } : {}), fifo: queueUrl.endsWith('.fifo') });
      receiptHandle = d.message?.receiptHandle;
      delivery = {
        state: d.state,
        queueUrl: d.queueUrl,
        waitedMs: d.waitedMs,
        messageId: d.messageId,
        ...(d.message ? { body: d.message.body, attributes: d.message.attributes, messageAttributes: d.message.messageAttributes } : {}),
        ...(d.md5Expected ? { md5Expected: d.md5Expected } : {}),
        ...(d.md5Actual ? { md5Actual: d.md5Actual } : {}),
        ...(d.md5Matches !== undefined ? { md5Matches: d.md5Matches } : {}),
        ...(d.note ? { note: d.note } : {}),
        ...(d.error ? { error: { name: d.error.name, message: d.error.message } } : {}),
      };
    }
  }
  const run = addHistoryRun({ ...base, response, ...(delivery ? { delivery } : {}) });
  const failed = !result.messageId && (response.status >= 300 || explainError(response.status, response.headers, response.body).ruleIds.length > 0);
  return ok({ run, ...(receiptHandle ? { receiptHandle } : {}), ...(failed ? { explanation: explain(r, run.response ?? response) } : {}) });
}

const sendInputSchema = z.object({
  target: targetSchema,
  kind: z.enum(['test-invoke', 'invoke-url']),
  request: sendRequestSchema,
  /** Sent as x-api-key for this request only; never stored. */
  apiKey: z.string().max(256).optional(),
  deliveryCheck: z.boolean().default(true),
});

/** One send (TestInvokeMethod or the invoke URL), the delivery check, the history record and, on failure, the doctor's explanation. */
export async function sendTestAction(input: unknown): Promise<ActionResult<SendView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = sendInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'The request is not valid.', { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  const resolved = await resolveTarget(parsed.data.target);
  if (!resolved.ok) return resolved.error;
  try {
    return await sendAndRecord(resolved.value, parsed.data.kind, parsed.data.request, { ...(parsed.data.apiKey ? { apiKey: parsed.data.apiKey } : {}), deliveryCheck: parsed.data.deliveryCheck });
  } finally {
    destroy(resolved.value);
  }
}

/** Deletes the test message a delivery check found (by its receipt handle) from the queue recorded with the run. */
export async function deleteTestMessageAction(input: unknown): Promise<ActionResult<{ deleted: true }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ runId: z.uuid(), receiptHandle: z.string().min(1).max(4096) }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a run and receipt handle.');
  const run = getHistoryRun(parsed.data.runId);
  if (!run?.delivery?.queueUrl || run.delivery.state !== 'found') return fail('not_found', 'That run found no message to delete.');
  const connection = await getActiveConnection();
  if (connection.id !== run.connectionId) return fail('conflict', `That run was made on another connection (${run.connectionName}); switch to it to delete the message.`);
  // SQS must be called in the queue's region (`https://sqs.{region}.amazonaws.com/…`); sandbox URLs carry none.
  const region = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//.exec(run.delivery.queueUrl)?.[1];
  const clients = createClients(connection, region);
  try {
    await deleteTestMessage(clients.sqs, run.delivery.queueUrl, parsed.data.receiptHandle);
    updateHistoryRun({ ...run, delivery: { ...run.delivery, deleted: true } });
    return ok({ deleted: true });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `Could not delete the message: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroy(clients);
  }
}

const fixInputSchema = z.object({
  designId: z.string().regex(/^[a-z2-9]{10}$/),
  ruleId: z.string().min(1).max(64),
  kind: z.enum(['test-invoke', 'invoke-url']),
  request: sendRequestSchema,
  apiKey: z.string().max(256).optional(),
});

export type FixAndResendView = { fixDescription: string; version: number; apply: { ok: boolean; calls: number; wallMs: number; failed?: string }; send?: SendView };

/**
 * Sandbox only: applies the doctor's fix to the stored design (with the version check), re-applies and redeploys it
 * on the sandbox, then sends the same request again.
 */
export async function fixAndResendAction(input: unknown): Promise<ActionResult<FixAndResendView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = fixInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'The fix request is not valid.');
  const { designId, ruleId } = parsed.data;
  const connection = await getActiveConnection();
  if (connection.kind !== 'sandbox') return fail('forbidden', 'Fix and resend changes resources, so it runs only on the built-in sandbox; apply the fix in the wizard and deploy.');
  const stored = getDesign(designId);
  if (!stored) return fail('not_found', 'This design does not exist (it may have been deleted).');
  const finding = diagnose(stored.design).find((f) => f.id === ruleId && f.fix);
  if (!finding?.fix) return fail('not_found', 'The doctor no longer sees this problem in the design, or has no fix for it.');
  const valid = validateDesign(applyFix(stored.design, finding.fix));
  if (!valid.ok) return fail('invalid_input', `The fixed design does not validate: ${valid.errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`);
  if (runningJobFor(designId, connection.id)) return fail('conflict', 'This design is being applied right now; try again when it is done.');
  const saved = updateDesign(designId, valid.design, stored.version, furthestValidStep([]));
  if (!saved.ok) return fail(saved.reason === 'not_found' ? 'not_found' : 'conflict', saved.reason === 'not_found' ? 'This design was deleted.' : 'The design was changed elsewhere since this page loaded; reload and try again.');

  const design = valid.design;
  const clients = createClients(connection, design.region);
  let apply: FixAndResendView['apply'];
  try {
    const outcome = await deployStoredDesign(designId, design, connection, clients);
    if (outcome.kind === 'problems') return fail('conflict', `Cannot apply the fixed design: ${outcome.problems.join(' ')}`);
    const result = outcome.result;
    apply = { ok: result.ok, calls: result.calls, wallMs: result.wallMs, ...(result.failed ? { failed: `${result.failed.description}: ${result.failed.error.name}: ${result.failed.error.message}` } : {}) };
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `The fix was saved, but applying it failed: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroy(clients);
  }
  const view: FixAndResendView = { fixDescription: finding.fix.description, version: saved.version, apply };
  if (!apply.ok) return ok(view);
  const resolved = await resolveTarget({ kind: 'design', designId });
  if (!resolved.ok) return resolved.error;
  try {
    const sent = await sendAndRecord(resolved.value, parsed.data.kind, parsed.data.request, { ...(parsed.data.apiKey ? { apiKey: parsed.data.apiKey } : {}), deliveryCheck: true });
    return sent.ok ? ok({ ...view, send: sent.data }) : sent;
  } finally {
    destroy(resolved.value);
  }
}

const batchInputSchema = z.object({
  target: targetSchema,
  request: sendRequestSchema,
  count: z.number().int().min(1).max(1000),
  concurrency: z.number().int().min(1).max(25),
  apiKey: z.string().max(256).optional(),
});

/** Starts N invoke-URL sends in the background; progress comes from getBatchJobAction. */
export async function startBatchAction(input: unknown): Promise<ActionResult<{ jobId: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = batchInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'The batch request is not valid (1–1000 messages, 1–25 at a time).', { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  const resolved = await resolveTarget(parsed.data.target);
  if (!resolved.ok) return resolved.error;
  const r = resolved.value;
  if (!r.stageUrl) {
    destroy(r);
    return fail('not_found', 'Batch mode sends to the invoke URL, and this method is on no deployed stage.');
  }
  const { request, count, concurrency, apiKey } = parsed.data;
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
      addHistoryRun({
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
}

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

export async function getBatchJobAction(input: unknown): Promise<ActionResult<BatchView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ jobId: z.uuid() }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a batch id.');
  const job = getBatchJob(parsed.data.jobId);
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
}

function historyTargetOf(target: TestTarget): HistoryTarget {
  return target.kind === 'design' ? { kind: 'design', designId: target.designId, name: '' } : { kind: 'integration', restApiId: target.restApiId, resourceId: target.resourceId, httpMethod: target.httpMethod, name: '' };
}

export async function listHistoryAction(input: unknown): Promise<ActionResult<HistoryRun[]>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ target: targetSchema }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a test target.');
  return ok(listHistory(historyTargetOf(parsed.data.target)));
}

export async function clearHistoryAction(input: unknown): Promise<ActionResult<{ deleted: number }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ target: targetSchema }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a test target.');
  return ok({ deleted: clearHistory(historyTargetOf(parsed.data.target)) });
}
