import 'server-only';
import { z } from 'zod';
import { STEP_INFO, stepForField } from '@/lib/design/wizard-steps';
import { parseSendResult, type SendRequest } from '@/lib/test-panel/request';
import { getActiveConnection } from '@/lib/aws/active';
import { invokeUrl } from '@/lib/aws/apply';
import { type AwsClients, createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { diagnoseLive, liveMethodToDesign } from '@/lib/aws/live-design';
import { checkDelivery, invokeUrlSend, type MethodTarget, parseQueueUrl, readLiveMethod, resolveQueueUrl, type SendOutcome, testInvoke } from '@/lib/aws/test-send';
import { type IntegrationDesign } from '@/lib/design';
import { diagnose, type ErrorExplanation, explainError, type RuleId } from '@/lib/doctor';
import type { SampleRequest } from '@/lib/gateway';
import { getDesign } from '@/lib/store';
import { getDeployment } from '@/lib/store/deployments';
import { addHistoryRun, type HistoryRun, type HistoryTarget } from '@/lib/store/history';
import { designIdSchema } from '../ids';
import { fail, ok, type ActionResult } from '../result';

export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('design'), designId: designIdSchema }),
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
export type FixView = { ruleId: RuleId; title: string; explanation: string; field: string; stepHref?: string; stepTitle?: string; fixDescription?: string };
export type ExplanationView = ErrorExplanation & { findings: FixView[]; canFixAndResend: boolean };
export type SendView = { run: HistoryRun; receiptHandle?: string; explanation?: ExplanationView };

export type Resolved = {
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

export function destroy(c: AwsClients | Resolved) {
  if ('clients' in c) {
    destroy(c.clients);
    if (c.sqs !== c.clients.sqs) c.sqs.destroy();
    return;
  }
  for (const x of [c.sqs, c.iam, c.sts, c.apigateway]) x.destroy();
}

export async function resolveTarget(target: TestTarget): Promise<{ ok: true; value: Resolved } | { ok: false; error: ActionResult<never> }> {
  const connection = await getActiveConnection();
  if (target.kind === 'design') {
    const stored = await getDesign(target.designId);
    if (!stored) return { ok: false, error: fail('not_found', 'This design does not exist (it may have been deleted).') };
    const record = await getDeployment(target.designId, connection.id);
    if (!record?.restApiId || !record.resourceId) return { ok: false, error: fail('not_found', `This design is not deployed on ${connection.name}; deploy it first.`) };
    const d = stored.design;
    const clients = createClients(connection, d.region);
    return {
      ok: true,
      value: {
        connection,
        clients,
        sqs: clients.sqs,
        history: { kind: 'design', designId: target.designId, name: stored.name, version: stored.version },
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
export async function queueFor(r: Resolved, body: string): Promise<string | undefined> {
  if (r.queueUrl) return r.queueUrl;
  try {
    const parsed = JSON.parse(body) as { QueueUrl?: unknown };
    const q = typeof parsed.QueueUrl === 'string' ? parseQueueUrl(parsed.QueueUrl) : undefined;
    return q ? await resolveQueueUrl(r.sqs, q.queueName, q.accountId) : undefined;
  } catch {
    return undefined;
  }
}

export async function sendOnce(r: Resolved, kind: 'test-invoke' | 'invoke-url', req: SendRequest, apiKey?: string): Promise<SendOutcome | ActionResult<never>> {
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

/** The request the test panel sent, as the doctor's sample request. */
export function sentSample(req: SendRequest): SampleRequest {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of req.headers) (headers[k] ??= []).push(v);
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(req.query.replace(/^\?/, ''))) (query[k] ??= []).push(v);
  return { method: req.method, path: req.path, headers, query, body: req.body };
}

/** Explains a failed send with the request that was actually sent and the design's protocol. */
export function explain(r: Resolved, res: { status: number; headers: [string, string][]; body: string; log?: string }, req: SendRequest): ExplanationView {
  const explanation = explainError(res.status, res.headers, res.body, res.log ?? '', r.design.protocol);
  const sample = sentSample(req);
  const findings = (r.history.kind === 'design' ? diagnose(r.design, sample) : diagnoseLive(r.design, sample)).filter((f) => explanation.ruleIds.includes(f.id));
  const designId = r.history.kind === 'design' ? r.history.designId : undefined;
  return {
    ...explanation,
    canFixAndResend: r.connection.kind === 'sandbox' && designId !== undefined,
    findings: findings.map((f) => ({
      ruleId: f.id,
      title: f.title,
      explanation: f.explanation,
      field: f.field,
      ...(designId ? { stepHref: `/designs/${designId}/${stepForField(f.field)}`, stepTitle: STEP_INFO[stepForField(f.field)].title } : {}),
      ...(f.fix ? { fixDescription: f.fix.description } : {}),
    })),
  };
}

export async function sendAndRecord(r: Resolved, kind: 'test-invoke' | 'invoke-url', req: SendRequest, opts: { apiKey?: string; deliveryCheck: boolean }): Promise<ActionResult<SendView>> {
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
  if (!sent.ok) return ok({ run: await addHistoryRun({ ...base, error: { name: sent.error.name, message: sent.error.message }, errorCode: sent.error.name }) });
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
  const wireError = result.messageId ? undefined : explainError(response.status, response.headers, response.body, '', r.design.protocol);
  const failed = wireError !== undefined && (response.status >= 300 || wireError.ruleIds.length > 0);
  const run = await addHistoryRun({ ...base, response, ...(failed ? { errorCode: wireError.code } : {}), ...(delivery ? { delivery } : {}) });
  return ok({ run, ...(receiptHandle ? { receiptHandle } : {}), ...(failed ? { explanation: explain(r, run.response ?? response, req) } : {}) });
}


export function historyTargetOf(target: TestTarget): HistoryTarget {
  return target.kind === 'design' ? { kind: 'design', designId: target.designId, name: '' } : { kind: 'integration', restApiId: target.restApiId, resourceId: target.resourceId, httpMethod: target.httpMethod, name: '' };
}
