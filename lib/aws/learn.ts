import 'server-only';
import { randomUUID } from 'node:crypto';
import { DeleteRestApiCommand, GetIntegrationCommand, GetRestApisCommand, UpdateIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { DeleteRoleCommand, DeleteRolePolicyCommand, ListRolePoliciesCommand, ListRolesCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DeleteQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { createPresetDesign, type IntegrationDesign, queueArn, roleArn, validateDesign } from '@/lib/design';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { explainError } from '@/lib/doctor';
import type { Exercise } from '@/lib/learn/course';
import type { Observation } from '@/lib/learn/evaluate';
import { exerciseResourceNames, learnerPrefix, ownedBy } from '@/lib/learn/names';
import { importConfig } from '@/lib/iac';
import { SERVERLESS_SQS_DIRECT_EXAMPLE } from '@/lib/iac/fixtures/serverless-sqs-direct';
import { createDesign, deleteDesign, getDesign, parseDesignDraft } from '@/lib/store';
import { deleteDeployment, getDeployment } from '@/lib/store/deployments';
import { listHistory } from '@/lib/store/history';
import type { Learner } from '@/lib/store/learners';
import { parseSendResult, type SendRequest } from '@/lib/test-panel/request';
import { initialRequest } from '@/lib/test-panel/samples';
import { invokeUrl } from './apply';
import { type AwsClients, createClients, destroyClients } from './clients';
import { type Connection, getConnection, SANDBOX_CONNECTION_ID } from './connections';
import { deployStoredDesign } from './deploy-design';
import { deployedIntegration, integrationDiff } from './discover';
import { isNotFound } from './errors';
import { checkDelivery, deleteTestMessage, invokeUrlSend } from './test-send';
import { teardown } from './teardown';

/** Learn mode always works on the built-in sandbox: exercises break things on purpose. */
export function sandboxConnection(): Connection {
  return getConnection(SANDBOX_CONNECTION_ID);
}

/** The design an exercise starts from: the scenario's preset under the learner's own resource names. */
export function scenarioDesign(learner: Learner, ex: Exercise): IntegrationDesign {
  const s = ex.scenario;
  const names = exerciseResourceNames(learner.slug, ex.id, s.preset === 'fifo');
  const design = s.imported ? importedExample(names) : createPresetDesign(s.preset, { name: `${learner.name} · ${ex.title}`.slice(0, 120), ...names });
  if (s.imported) design.name = `${learner.name} · ${ex.title}`.slice(0, 120);
  if (s.passthroughNever) design.integration.passthroughBehavior = 'NEVER';
  if (s.kmsKey) design.queue.encryption = { type: 'kms', kmsKeyId: randomUUID() };
  if (s.onlyDefaultResponse) {
    design.integrationResponses = design.integrationResponses.filter((r) => r.statusCode === '200').map((r) => ({ ...r, responseTemplates: {} }));
    design.methodResponses = design.methodResponses.filter((r) => r.statusCode === '200');
  }
  return design;
}

/**
 * The serverless.yml example as the Import page reads it (lib/iac), with its queue, role and API renamed to the
 * learner's names everywhere they occur (policy ARN, queue URL mapping…), mistakes kept.
 */
function importedExample(names: { queueName: string; roleName: string; apiName: string }): IntegrationDesign {
  const result = importConfig(SERVERLESS_SQS_DIRECT_EXAMPLE);
  const found = result.ok ? result.designs[0] : undefined;
  if (!found) throw new Error('The serverless.yml example no longer imports: lib/iac changed.');
  const d = found.design;
  const renames: [string, string][] = [
    [d.queue.name, names.queueName],
    ...(d.executionRole.mode === 'create' ? [[d.executionRole.roleName, names.roleName] as [string, string]] : []),
    ...(d.restApi.mode === 'create' ? [[d.restApi.name, names.apiName] as [string, string]] : []),
  ];
  let text = JSON.stringify(d);
  for (const [from, to] of renames) if (from) text = text.split(from).join(to);
  const renamed = parseDesignDraft(JSON.parse(text));
  if (!renamed.ok) throw new Error(`The imported example is not a design draft: ${renamed.message}`);
  return renamed.design;
}

export type SetUpResult = { ok: true; designId: string; deployed: boolean } | { ok: false; message: string };

/**
 * Creates (or re-creates) an exercise's scenario: removes what an earlier attempt left, stores the design and, when the
 * scenario says so, deploys it to the sandbox — and for the drift exercise changes the integration afterwards without
 * redeploying, as a colleague editing the API in the AWS console would.
 */
export async function setUpScenario(learner: Learner, ex: Exercise, previousDesignId?: string): Promise<SetUpResult> {
  const connection = sandboxConnection();
  if (previousDesignId) await removeDesignResources(previousDesignId, connection);
  const design = scenarioDesign(learner, ex);
  const valid = validateDesign(design);
  // An imported file keeps its mistakes: the learner fixes them in the wizard (drafts may be invalid).
  if (ex.scenario.imported) {
    const draft = await createDesign(design, furthestValidStep(valid.ok ? [] : valid.errors));
    return { ok: true, designId: draft.id, deployed: false };
  }
  if (!valid.ok) return { ok: false, message: `The exercise's design is not valid: ${valid.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` };
  const stored = await createDesign(valid.design, furthestValidStep([]));
  if (!ex.scenario.deploy) return { ok: true, designId: stored.id, deployed: false };
  const clients = createClients(connection, design.region);
  try {
    const outcome = await deployStoredDesign(stored.id, valid.design, connection, clients);
    if (outcome.kind === 'problems') return { ok: false, message: outcome.problems.join(' ') };
    if (!outcome.result.ok) return { ok: false, message: `Setting up the scenario failed at "${outcome.result.failed?.description ?? 'a step'}": ${outcome.result.failed?.error.message ?? 'unknown error'}` };
    if (ex.scenario.driftAfterDeploy) {
      const record = await getDeployment(stored.id, connection.id);
      if (record?.restApiId && record.resourceId) {
        await clients.apigateway.send(
          new UpdateIntegrationCommand({
            restApiId: record.restApiId,
            resourceId: record.resourceId,
            httpMethod: design.method.httpMethod,
            patchOperations: [{ op: 'replace', path: '/passthroughBehavior', value: 'NEVER' }],
          }),
        );
      }
    }
    return { ok: true, designId: stored.id, deployed: true };
  } finally {
    destroyClients(clients);
  }
}

/** Tears down what a design's applies created on the connection and deletes the design and its records. */
async function removeDesignResources(designId: string, connection: Connection): Promise<void> {
  const record = await getDeployment(designId, connection.id);
  if (record) {
    const clients = createClients(connection, (await getDesign(designId))?.design.region);
    try {
      await teardown(record.created, clients);
    } finally {
      destroyClients(clients);
    }
    await deleteDeployment(designId, connection.id);
  }
  await deleteDesign(designId);
}

/** The request the check replays: the learner's most recent request to the invoke URL, else the design's sample. */
async function replayRequest(designId: string, design: IntegrationDesign): Promise<{ source: 'last-send' | 'sample'; request: SendRequest }> {
  const last = (await listHistory({ kind: 'design', designId, name: '' }, 20)).find((r) => r.kind === 'invoke-url');
  if (last) {
    const method = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const).find((m) => m === last.request.method) ?? 'POST';
    return { source: 'last-send', request: { method, path: last.request.path, query: last.request.query, headers: last.request.headers, body: last.request.body } };
  }
  return { source: 'sample', request: initialRequest(design) };
}

async function simulate(clients: AwsClients, role: string, action: string, resource: string): Promise<boolean | undefined> {
  try {
    const out = await clients.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: role, ActionNames: [action], ResourceArns: [resource] }));
    const decision = out.EvaluationResults?.[0]?.EvalDecision;
    return decision === undefined ? undefined : decision === 'allowed';
  } catch {
    return undefined;
  }
}

/**
 * What the sandbox really holds and answers for the exercise's design: replays the learner's last request on the
 * invoke URL (and looks for the message it created, deleting it afterwards), reads the integration the stage serves
 * and the current one, and asks IAM about the execution role.
 */
export async function observeExercise(designId: string): Promise<Observation> {
  const stored = await getDesign(designId);
  const connection = sandboxConnection();
  const record = await getDeployment(designId, connection.id);
  if (!stored || !record?.restApiId || !record.resourceId) return { deployed: false, permissions: {} };
  const design = stored.design;
  const clients = createClients(connection, design.region);
  try {
    const { restApiId, resourceId, stageName } = record;
    const httpMethod = design.method.httpMethod;
    const [served, current] = await Promise.all([
      deployedIntegration(clients, restApiId, stageName, design.resourcePath, httpMethod).catch(() => undefined),
      clients.apigateway.send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod })).catch(() => undefined),
    ]);
    const stringMap = (v: unknown): Record<string, string> =>
      v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    const stage: Observation['stage'] = served
      ? { ...(typeof served.httpMethod === 'string' ? { httpMethod: served.httpMethod.toUpperCase() } : {}), requestParameters: stringMap(served.requestParameters), requestTemplates: stringMap(served.requestTemplates) }
      : undefined;
    const role = record.roleArn ?? roleArn(design);
    const enc = design.queue.encryption;
    const [sendAllowed, kmsAllowed] = await Promise.all([
      simulate(clients, role, 'sqs:SendMessage', queueArn(design)),
      enc.type === 'kms' ? simulate(clients, role, 'kms:GenerateDataKey', `arn:aws:kms:${design.region}:${design.accountId}:key/${enc.kmsKeyId}`) : Promise.resolve(undefined),
    ]);
    const permissions: Observation['permissions'] = {
      ...(sendAllowed !== undefined ? { 'sqs:SendMessage': sendAllowed } : {}),
      ...(kmsAllowed !== undefined ? { 'kms:GenerateDataKey': kmsAllowed } : {}),
    };

    const { source, request } = await replayRequest(designId, design);
    const sent = await invokeUrlSend({ stageUrl: invokeUrl(connection, design.region, restApiId, stageName, ''), region: design.region, timeoutMs: 15_000 }, request);
    const replayBase = { source, request: { method: request.method, path: request.path, headers: request.headers, body: request.body } };
    let replay: Observation['replay'];
    if (!sent.ok) replay = { ...replayBase, networkError: sent.error.message };
    else {
      const res = sent.response;
      const explained = explainError(res.status, res.headers, res.body);
      const result = res.status < 300 ? parseSendResult(res.body) : {};
      let delivery: NonNullable<Observation['replay']>['delivery'];
      if (result.messageId && record.queueUrl) {
        const d = await checkDelivery(clients.sqs, { queueUrl: record.queueUrl, messageId: result.messageId, ...(result.md5OfMessageBody ? { md5Expected: result.md5OfMessageBody } : {}), fifo: design.queue.fifo, timeoutMs: 5_000 });
        delivery = { found: d.state === 'found', ...(d.md5Matches !== undefined ? { md5Matches: d.md5Matches } : {}), messageAttributeCount: Object.keys(d.message?.messageAttributes ?? {}).length };
        // The check's own message is not the learner's: take it out again.
        if (d.message) await deleteTestMessage(clients.sqs, record.queueUrl, d.message.receiptHandle).catch(() => undefined);
      }
      replay = {
        ...replayBase,
        status: res.status,
        body: res.body,
        headers: res.headers,
        ...(explained.protocol !== 'unknown' ? { errorCode: explained.code } : {}),
        ...(result.messageId ? { messageId: result.messageId } : {}),
        ...(delivery ? { delivery } : {}),
      };
    }
    return {
      deployed: true,
      replay,
      ...(stage ? { stage } : {}),
      permissions,
      ...(served && current ? { drift: integrationDiff(served, current) } : {}),
    };
  } finally {
    destroyClients(clients);
  }
}

export type ResetSummary = { queues: number; roles: number; restApis: number; designs: number; failures: string[] };

/**
 * Deletes everything one learner's exercises created: every queue, role and REST API whose name carries the learner's
 * prefix (which also catches resources whose records a crash lost), then their designs with whatever else their
 * applies recorded. Nothing of other learners is touched: names are matched on the full `learn-{slug}-` prefix.
 */
export async function resetLearnerSandbox(learner: Learner, designIds: readonly string[]): Promise<ResetSummary> {
  const connection = sandboxConnection();
  const summary: ResetSummary = { queues: 0, roles: 0, restApis: 0, designs: 0, failures: [] };
  const clients = createClients(connection);
  const prefix = learnerPrefix(learner.slug);
  const attempt = async (what: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      summary.failures.push(`${what}: ${(err as Error).message}`);
      return false;
    }
  };
  try {
    const apis = (await clients.apigateway.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
    for (const api of apis) {
      if (api.id && api.name && ownedBy(learner.slug, api.name) && (await attempt(`REST API ${api.name}`, () => clients.apigateway.send(new DeleteRestApiCommand({ restApiId: api.id })))))
        summary.restApis += 1;
    }
    const roles = (await clients.iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [];
    for (const r of roles) {
      const RoleName = r.RoleName;
      if (!RoleName || !ownedBy(learner.slug, RoleName)) continue;
      const deleted = await attempt(`role ${RoleName}`, async () => {
        const names = (await clients.iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [];
        for (const PolicyName of names) await clients.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
        await clients.iam.send(new DeleteRoleCommand({ RoleName }));
      });
      if (deleted) summary.roles += 1;
    }
    const queues = (await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000 }))).QueueUrls ?? [];
    for (const QueueUrl of queues) {
      if (ownedBy(learner.slug, QueueUrl.slice(QueueUrl.lastIndexOf('/') + 1)) && (await attempt(`queue ${QueueUrl}`, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl })))))
        summary.queues += 1;
    }
  } finally {
    destroyClients(clients);
  }
  // Then what the records name (a learner may have renamed a queue or role in the wizard), and the designs themselves.
  for (const id of designIds) {
    if (!(await getDesign(id))) continue;
    await removeDesignResources(id, connection);
    summary.designs += 1;
  }
  return summary;
}
