import 'server-only';
import { DeleteUsagePlanCommand, GetUsagePlanCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import type { AwsClients } from './clients';

/**
 * Deletes a usage plan. API Gateway refuses "Cannot delete Usage Plan … because there are API Stages associated with
 * it", so the plan's stages are removed first (one remove operation per stage, path /apiStages, value apiId:stage).
 */
export async function deleteUsagePlan(clients: AwsClients, usagePlanId: string): Promise<void> {
  const plan = await clients.apigateway.send(new GetUsagePlanCommand({ usagePlanId }));
  const stages = (plan.apiStages ?? []).filter((s) => s.apiId && s.stage);
  if (stages.length > 0) {
    await clients.apigateway.send(
      new UpdateUsagePlanCommand({ usagePlanId, patchOperations: stages.map((s) => ({ op: 'remove', path: '/apiStages', value: `${s.apiId}:${s.stage}` })) }),
    );
  }
  await clients.apigateway.send(new DeleteUsagePlanCommand({ usagePlanId }));
}
