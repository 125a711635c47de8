import 'server-only';
import { type IntegrationDesign, type ResourceUser, roleNameFromArn } from '@/lib/design';
import { listStoredDesigns } from '@/lib/store';
import { type DeploymentRecord, getDeployment, saveDeployment } from '@/lib/store/deployments';
import { type ApplyEvent, type ApplyResult, applyPlan } from './apply';
import type { AwsClients } from './clients';
import type { Connection } from './connections';
import { discoverIntegrations } from './discover';
import { type DeployedRecord, type Plan, planDesign, type ResourceUsers } from './plan';

/**
 * Everything on the connection that uses a queue, role or REST API, other than this design: the other stored designs
 * (their deployed API on this connection) and the discovered integrations no design deployed.
 */
export function otherResourceUsers(designId: string, connection: Connection, clients: AwsClients): ResourceUsers {
  return async () => {
    const users: ResourceUser[] = [];
    const ownMethods = new Set<string>();
    for (const stored of listStoredDesigns()) {
      const d = stored.design;
      const record = getDeployment(stored.id, connection.id);
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

/**
 * Plans a stored design against its deployment record on the connection (so later applies update in place),
 * applies the plan, and records what the apply created. Throws only for unexpected errors (unreachable endpoint…);
 * a failed step is an `applied` outcome with `result.ok === false`.
 */
export async function deployStoredDesign(
  designId: string,
  design: IntegrationDesign,
  connection: Connection,
  clients: AwsClients,
  onEvent?: (e: ApplyEvent) => void,
): Promise<DeployOutcome> {
  const record = getDeployment(designId, connection.id);
  const plan = await planDesign(design, clients, deployedRecordOf(record), otherResourceUsers(designId, connection, clients));
  if (plan.problems.length > 0) return { kind: 'problems', problems: plan.problems, plan };
  const result = await applyPlan(design, plan, clients, connection, onEvent ? { onEvent } : {});
  if (result.ok) {
    const o = result.outputs;
    saveDeployment({
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
}
