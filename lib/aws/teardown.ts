import 'server-only';
import { DeleteApiKeyCommand, DeleteResourceCommand, DeleteRestApiCommand } from '@aws-sdk/client-api-gateway';
import { DeleteRoleCommand, DeleteRolePolicyCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import type { CreatedResources } from '@/lib/store/deployments';
import type { AwsClients } from './clients';
import { type AwsErrorInfo, isNotFound, toAwsErrorInfo } from './errors';
import { deleteUsagePlan } from './usage-plans';

export type TeardownItem = { description: string; run: (c: AwsClients) => Promise<unknown> };

/** What tearing a design down deletes: only what Sluice's applies created, usage plan and key first, queue last. */
export function teardownItems(created: CreatedResources): TeardownItem[] {
  const items: TeardownItem[] = [];
  if (created.usagePlanId) {
    const usagePlanId = created.usagePlanId;
    items.push({ description: `Usage plan ${usagePlanId} (its stages are removed from it first)`, run: (c) => deleteUsagePlan(c, usagePlanId) });
  }
  if (created.apiKeyId) {
    const apiKey = created.apiKeyId;
    items.push({ description: `API key ${apiKey}`, run: (c) => c.apigateway.send(new DeleteApiKeyCommand({ apiKey })) });
  }
  if (created.restApiId) {
    const restApiId = created.restApiId;
    items.push({ description: `REST API ${restApiId} with its resources, methods, deployments and stages`, run: (c) => c.apigateway.send(new DeleteRestApiCommand({ restApiId })) });
  } else {
    const paths = Object.keys(created.resources).sort();
    // Deleting a resource deletes its children: only the top-most created resources need a call.
    const tops = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}/`)));
    for (const path of tops) {
      const [restApiId, resourceId] = created.resources[path]!.split(':');
      items.push({ description: `Resource ${path} (${resourceId}) of REST API ${restApiId}`, run: (c) => c.apigateway.send(new DeleteResourceCommand({ restApiId, resourceId })) });
    }
  }
  if (created.roleName) {
    const RoleName = created.roleName;
    items.push({
      description: `IAM role ${RoleName} and its inline policies`,
      run: async (c) => {
        const names = (await c.iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [];
        for (const PolicyName of names) await c.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
        await c.iam.send(new DeleteRoleCommand({ RoleName }));
      },
    });
  }
  if (created.queueUrl) {
    const QueueUrl = created.queueUrl;
    items.push({ description: `SQS queue ${QueueUrl.slice(QueueUrl.lastIndexOf('/') + 1)} and its messages`, run: (c) => c.sqs.send(new DeleteQueueCommand({ QueueUrl })) });
  }
  return items;
}

export async function teardown(created: CreatedResources, clients: AwsClients): Promise<{ description: string; ok: boolean; error?: AwsErrorInfo }[]> {
  const results: { description: string; ok: boolean; error?: AwsErrorInfo }[] = [];
  for (const item of teardownItems(created)) {
    try {
      await item.run(clients);
      results.push({ description: item.description, ok: true });
    } catch (err) {
      // Already gone counts as deleted.
      if (isNotFound(err)) results.push({ description: item.description, ok: true });
      else results.push({ description: item.description, ok: false, error: toAwsErrorInfo(err) });
    }
  }
  return results;
}
