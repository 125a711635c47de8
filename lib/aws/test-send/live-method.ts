import 'server-only';
import { type APIGatewayClient, GetMethodCommand, GetResourceCommand, GetRestApiCommand, GetStagesCommand, type Method } from '@aws-sdk/client-api-gateway';
import { parseIntegrationUri } from '@/lib/gateway';
import type { MethodTarget } from './types';

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
