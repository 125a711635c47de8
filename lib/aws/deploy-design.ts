import 'server-only';
import type { IntegrationDesign } from '@/lib/design';
import { getDeployment, saveDeployment } from '@/lib/store/deployments';
import { type ApplyEvent, type ApplyResult, applyPlan } from './apply';
import type { AwsClients } from './clients';
import type { Connection } from './connections';
import { type Plan, planDesign } from './plan';

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
  const record = await getDeployment(designId, connection.id);
  const plan = await planDesign(design, clients, { ...(record?.restApiId ? { restApiId: record.restApiId } : {}), ...(record?.queueUrl ? { queueUrl: record.queueUrl } : {}) });
  if (plan.problems.length > 0) return { kind: 'problems', problems: plan.problems, plan };
  const result = await applyPlan(design, plan, clients, connection, onEvent ? { onEvent } : {});
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
}
