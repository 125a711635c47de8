import 'server-only';
import type { IntegrationDesign } from '@/lib/design';
import type { Connection } from './connections';
import { createClients } from './clients';
import { liveMethodToDesign } from './live-design';
import { readLiveMethod } from './test-send';

/**
 * A deployed method read from a connection as a design ("adopt into a design"): the REST API, queue and role stay
 * the existing ones, so deploying the design updates that method in place.
 */
export async function adoptLiveMethod(connection: Connection, method: { restApiId: string; resourceId: string; httpMethod: string }): Promise<IntegrationDesign> {
  const clients = createClients(connection);
  try {
    const live = await readLiveMethod(clients.apigateway, method);
    const stage = live.stages.find((s) => s.deployed);
    return liveMethodToDesign(live.method, {
      restApiId: method.restApiId,
      apiName: live.apiName,
      resourcePath: live.resourcePath,
      ...(stage ? { stageName: stage.name, stageVariables: stage.variables } : {}),
    });
  } finally {
    for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
  }
}
