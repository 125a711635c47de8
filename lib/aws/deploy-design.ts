import 'server-only';
import { type IntegrationDesign, type ResourceUser, roleNameFromArn } from '@/lib/design';
import { listStoredDesigns } from '@/lib/store';
import { DesignBusyError, type DesignLocks, designLocks } from '@/lib/store/design-lock';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  clearPending,
  type CreatedResource,
  deleteDeployment,
  type DeploymentRecord,
  forgetCreated,
  getDeployment,
  type PendingCreate,
  recordCreated,
  recordCreating,
  saveDeployment,
} from '@/lib/store/deployments';
import { type ApplyEvent, type ApplyResult, applyPlan } from './apply';
import type { AwsClients } from './clients';
import type { Connection } from './connections';
import { discoverIntegrations } from './discover';
import { type AwsErrorInfo, isNotFound } from './errors';
import { type DeployedRecord, type Plan, planDesign, type ResourceUsers } from './plan';
import { teardown } from './teardown';

/**
 * Everything on the connection that uses a queue, role or REST API, other than this design: the other stored designs
 * (their deployed API on this connection) and the discovered integrations no design deployed.
 */
export function otherResourceUsers(designId: string, connection: Connection, clients: AwsClients): ResourceUsers {
  return async () => {
    const users: ResourceUser[] = [];
    const ownMethods = new Set<string>();
    for (const stored of await listStoredDesigns()) {
      const d = stored.design;
      const record = await getDeployment(stored.id, connection.id);
      if (record?.restApiId && record.resourceId) ownMethods.add(`${record.restApiId}/${record.resourceId}/${d.method.httpMethod}`);
      if (stored.id === designId) continue;
      users.push({
        label: `design "${d.name}"`,
        queueName: d.queue.name,
        roleName: d.executionRole.mode === 'create' ? d.executionRole.roleName : roleNameFromArn(d.executionRole.roleArn),
        ...(d.restApi.mode === 'existing' ? { restApiId: d.restApi.id } : record?.restApiId ? { restApiId: record.restApiId } : {}),
      });
    }
    for (const i of await discoverIntegrations(clients, connection)) {
      if (ownMethods.has(`${i.restApiId}/${i.resourceId}/${i.httpMethod}`)) continue;
      users.push({
        label: `the integration ${i.httpMethod} ${i.path} on API ${i.apiName || i.restApiId}`,
        ...(i.queueName ? { queueName: i.queueName } : {}),
        ...(i.credentials ? { roleName: roleNameFromArn(i.credentials) } : {}),
        restApiId: i.restApiId,
      });
    }
    return users;
  };
}

/** What planDesign needs from a deployment record. */
export function deployedRecordOf(record: DeploymentRecord | undefined): DeployedRecord {
  return { ...(record?.restApiId ? { restApiId: record.restApiId } : {}), ...(record?.queueUrl ? { queueUrl: record.queueUrl } : {}) };
}

export type DeployOutcome = { kind: 'problems'; problems: string[]; plan: Plan } | { kind: 'applied'; result: ApplyResult; plan: Plan };

/** Apply and teardown of one design on one connection never overlap (lib/store/design-lock.ts). */
const locks: DesignLocks = designLocks();
/** How long an apply or teardown waits for the other one to finish before giving up. */
const LOCK_WAIT_MS = 120_000;

/** The resource a pending create call made, if it made one (looked up by its name). */
async function findPending(p: PendingCreate, clients: AwsClients): Promise<CreatedResource | undefined> {
  try {
    if (p.kind === 'queue') {
      const url = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: p.name }))).QueueUrl;
      return url ? { kind: 'queue', queueUrl: url } : undefined;
    }
    if (p.kind === 'role') {
      await clients.iam.send(new GetRoleCommand({ RoleName: p.name }));
      return { kind: 'role', roleName: p.name };
    }
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  // REST API names are not unique: the API is the one of that name created after the call was sent.
  const since = Date.parse(p.since) - 1000;
  const apis = (await clients.apigateway.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  const made = apis.filter((a) => a.name === p.name && a.id && a.createdDate && a.createdDate.getTime() >= since).sort((a, b) => a.createdDate!.getTime() - b.createdDate!.getTime())[0];
  return made?.id ? { kind: 'restApi', restApiId: made.id } : undefined;
}

/** Settles the create calls a crashed apply left unanswered, so the record lists everything that exists. */
async function settlePending(designId: string, connection: Connection, clients: AwsClients): Promise<void> {
  const record = await getDeployment(designId, connection.id);
  for (const p of record?.pending ?? []) {
    const found = await findPending(p, clients);
    if (found) await recordCreated(designId, connection.id, record!.stageName, found);
    else await clearPending(designId, connection.id, p.kind);
  }
}

/**
 * Before showing a plan: settles what a crashed apply left pending, so the plan adopts it. Skipped while an apply or
 * teardown of the design runs (its calls are pending, not lost).
 */
export async function settleCrashedApply(designId: string, connection: Connection, clients: AwsClients): Promise<void> {
  try {
    await locks.withLock({ designId, connectionId: connection.id }, 'apply', () => settlePending(designId, connection, clients));
  } catch (err) {
    if (!(err instanceof DesignBusyError)) throw err;
  }
}

/**
 * Plans a stored design against its deployment record on the connection (so later applies update in place),
 * applies the plan, and records what the apply created — each resource as its create call returns, and the name
 * of a queue, role or REST API before its create call is sent, so a crash mid-apply leaves nothing unrecorded. Throws DesignBusyError when a teardown of the design runs past the wait,
 * and for unexpected errors (unreachable endpoint…); a failed step is an `applied` outcome with `result.ok === false`.
 */
export async function deployStoredDesign(
  designId: string,
  design: IntegrationDesign,
  connection: Connection,
  clients: AwsClients,
  onEvent?: (e: ApplyEvent) => void,
): Promise<DeployOutcome> {
  return locks.withLock({ designId, connectionId: connection.id }, 'apply', async () => {
    await settlePending(designId, connection, clients);
    const record = await getDeployment(designId, connection.id);
    const plan = await planDesign(design, clients, deployedRecordOf(record), otherResourceUsers(designId, connection, clients));
    if (plan.problems.length > 0) return { kind: 'problems', problems: plan.problems, plan };
    const result = await applyPlan(design, plan, clients, connection, {
      ...(onEvent ? { onEvent } : {}),
      onCreated: (resource) => recordCreated(designId, connection.id, design.stageName, resource),
      onDeleted: (resource) => forgetCreated(designId, connection.id, resource),
      onCreating: (intent) => recordCreating(designId, connection.id, design.stageName, intent),
      onCreateRefused: (kind) => clearPending(designId, connection.id, kind),
    });
    if (result.ok) {
      const o = result.outputs;
      await saveDeployment({
        designId,
        connectionId: connection.id,
        stageName: design.stageName,
        ...(o.restApiId ? { restApiId: o.restApiId } : {}),
        ...(o.resourceId ? { resourceId: o.resourceId } : {}),
        ...(o.deploymentId ? { deploymentId: o.deploymentId } : {}),
        ...(o.invokeUrl ? { invokeUrl: o.invokeUrl } : {}),
        ...(o.queueUrl ? { queueUrl: o.queueUrl } : {}),
        ...(o.roleArn ? { roleArn: o.roleArn } : {}),
        created: result.created,
        deployedAt: new Date().toISOString(),
      });
    }
    return { kind: 'applied', result, plan };
  }, { waitMs: LOCK_WAIT_MS });
}

export type TeardownOutcome = { kind: 'not_deployed' } | { kind: 'torn_down'; results: { description: string; ok: boolean; error?: AwsErrorInfo }[] };

/**
 * Deletes what Sluice's applies of the design created on the connection, reading the record only once it holds the
 * design's lock (a running apply finishes first, and its creations are deleted too). The record goes when every
 * deletion succeeded; otherwise it stays so a retry can finish the job.
 */
export async function teardownStoredDesign(designId: string, connection: Connection, clients: AwsClients): Promise<TeardownOutcome> {
  return locks.withLock({ designId, connectionId: connection.id }, 'teardown', async () => {
    await settlePending(designId, connection, clients);
    const record = await getDeployment(designId, connection.id);
    if (!record) return { kind: 'not_deployed' } as const;
    const results = await teardown(record.created, clients);
    if (results.every((r) => r.ok)) await deleteDeployment(designId, connection.id);
    return { kind: 'torn_down', results } as const;
  }, { waitMs: LOCK_WAIT_MS });
}
