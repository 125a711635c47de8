import 'server-only';
import {
  GetExportCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type Integration,
} from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import { parseSqsIntegrationUri } from '@/lib/gateway';
import type { AwsClients } from './clients';
import { invokeUrl } from './apply';
import type { Connection } from './connections';
import { toAwsErrorInfo } from './errors';

export type IntegrationDrift =
  | { state: 'in-sync' }
  | { state: 'not-deployed' }
  | { state: 'drifted'; fields: string[] }
  | { state: 'unknown'; reason: string };

export type DiscoveredIntegration = {
  restApiId: string;
  apiName: string;
  resourceId: string;
  path: string;
  httpMethod: string;
  uri: string;
  /** Queue name from the path override, or undefined when the queue is named in the request body (JSON protocol). */
  queueName?: string;
  accountId?: string;
  region?: string;
  protocol: 'query' | 'json';
  credentials?: string;
  stages: { name: string; deploymentId?: string; invokeUrl: string; lastUpdated?: string; drift: IntegrationDrift }[];
};


/** The JSON protocol is recognisable by the X-Amz-Target header API Gateway sends to SQS. */
export function integrationProtocol(integration: Pick<Integration, 'requestParameters' | 'requestTemplates' | 'uri'>): 'query' | 'json' {
  const params = integration.requestParameters ?? {};
  const hasTarget = Object.keys(params).some((k) => k.toLowerCase() === 'integration.request.header.x-amz-target');
  const jsonType = Object.entries(params).some(([k, v]) => k.toLowerCase() === 'integration.request.header.content-type' && /x-amz-json/.test(v));
  const templateTarget = Object.values(integration.requestTemplates ?? {}).some((t) => /requestOverride\.header\.X-Amz-Target/i.test(t));
  return hasTarget || jsonType || templateTarget ? 'json' : 'query';
}

/** The integration extension's `responses`, keyed by selection pattern; only the fields compared below are read. */
const exportResponses = z.record(z.string(), z.object({ statusCode: z.unknown(), responseTemplates: z.unknown(), responseParameters: z.unknown() }).partial());

/** The fields that make a deployed integration behave differently from the current one. */
export function integrationDiff(deployed: Record<string, unknown> | undefined, current: Integration): string[] {
  if (!deployed) return ['integration'];
  const fields: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const sorted = (m: unknown) => (m && typeof m === 'object' ? Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b))) : m);
  if (!same(String(deployed.type ?? '').toUpperCase(), String(current.type ?? '').toUpperCase())) fields.push('type');
  if (!same(deployed.httpMethod, current.httpMethod)) fields.push('integrationHttpMethod');
  if (!same(deployed.uri, current.uri)) fields.push('uri');
  if (!same(deployed.credentials, current.credentials)) fields.push('credentials');
  if (!same(sorted(deployed.requestParameters), sorted(current.requestParameters))) fields.push('requestParameters');
  if (!same(sorted(deployed.requestTemplates), sorted(current.requestTemplates))) fields.push('requestTemplates');
  if (!same(String(deployed.passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase(), String(current.passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase())) fields.push('passthroughBehavior');
  // 29 000 ms is API Gateway's default when no timeout was set.
  if (!same(Number(deployed.timeoutInMillis ?? 29_000), Number(current.timeoutInMillis ?? 29_000))) fields.push('timeoutInMillis');
  if (!same(deployed.contentHandling, current.contentHandling)) fields.push('contentHandling');
  // The export keys integration responses by selection pattern ("default" for none), as the OpenAPI extension does.
  const responseOf = (r: { statusCode?: unknown; responseTemplates?: unknown; responseParameters?: unknown }) => ({
    statusCode: String(r.statusCode ?? ''),
    responseTemplates: sorted(r.responseTemplates ?? {}),
    responseParameters: sorted(r.responseParameters ?? {}),
  });
  const deployedResponses = Object.fromEntries(
    Object.entries(exportResponses.safeParse(deployed.responses ?? {}).data ?? {}).map(([pattern, r]) => [pattern, responseOf(r)]),
  );
  const currentResponses = Object.fromEntries(Object.values(current.integrationResponses ?? {}).map((r) => [r.selectionPattern || 'default', responseOf(r)]));
  if (!same(sorted(deployedResponses), sorted(currentResponses))) fields.push('integrationResponses');
  return fields;
}

/** GetExport's OpenAPI 3 document, read only as far as the one operation's integration extension. */
const exportDocument = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())).optional() });
const exportOperation = z.object({ 'x-amazon-apigateway-integration': z.record(z.string(), z.unknown()) });

/** The integration the stage's deployment serves for one method (undefined when the method is not in it). */
export async function deployedIntegration(clients: AwsClients, restApiId: string, stageName: string, path: string, httpMethod: string): Promise<Record<string, unknown> | undefined> {
  // The stage export describes what the stage's deployment serves — not the API's current, undeployed state.
  const out = await clients.apigateway.send(
    new GetExportCommand({ restApiId, stageName, exportType: 'oas30', parameters: { extensions: 'integrations' }, accepts: 'application/json' }),
  );
  const doc = exportDocument.safeParse(JSON.parse(new TextDecoder().decode(out.body)));
  const op = exportOperation.safeParse(doc.success ? doc.data.paths?.[path]?.[httpMethod.toLowerCase()] : undefined);
  return op.success ? op.data['x-amazon-apigateway-integration'] : undefined;
}

/** REST APIs on the connection whose methods send to SQS through an AWS service integration. */
export async function discoverIntegrations(clients: AwsClients, connection: Connection): Promise<DiscoveredIntegration[]> {
  const apis = (await clients.apigateway.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  const found: DiscoveredIntegration[] = [];
  await Promise.all(
    apis.map(async (api) => {
      const restApiId = api.id ?? '';
      const [resources, stages] = await Promise.all([
        clients.apigateway.send(new GetResourcesCommand({ restApiId, limit: 500, embed: ['methods'] })),
        clients.apigateway.send(new GetStagesCommand({ restApiId })),
      ]);
      for (const resource of resources.items ?? []) {
        for (const [httpMethod, embedded] of Object.entries(resource.resourceMethods ?? {})) {
          const integration =
            embedded.methodIntegration ??
            (await clients.apigateway.send(new GetMethodCommand({ restApiId, resourceId: resource.id ?? '', httpMethod }))).methodIntegration;
          if (!integration?.uri || integration.type !== 'AWS') continue;
          const parsed = parseSqsIntegrationUri(integration.uri);
          if (!parsed) continue;
          const pathParts = parsed.kind === 'path' ? parsed.target.split('/').filter(Boolean) : [];
          const path = resource.path ?? '/';
          const region = parsed.region;
          const stageRows = await Promise.all(
            (stages.item ?? []).map(async (s) => {
              const stageName = s.stageName ?? '';
              let drift: IntegrationDrift;
              if (!s.deploymentId) drift = { state: 'not-deployed' };
              else {
                try {
                  const deployed = await deployedIntegration(clients, restApiId, stageName, path, httpMethod);
                  const fields = deployed ? integrationDiff(deployed, integration) : ['method not in the deployed stage'];
                  drift = fields.length === 0 ? { state: 'in-sync' } : { state: 'drifted', fields };
                } catch (err) {
                  drift = { state: 'unknown', reason: toAwsErrorInfo(err).message };
                }
              }
              return {
                name: stageName,
                ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
                invokeUrl: invokeUrl(connection, region, restApiId, stageName, path),
                ...(s.lastUpdatedDate ? { lastUpdated: s.lastUpdatedDate.toISOString() } : {}),
                drift,
              };
            }),
          );
          found.push({
            restApiId,
            apiName: api.name ?? '',
            resourceId: resource.id ?? '',
            path,
            httpMethod,
            uri: integration.uri,
            ...(pathParts.length === 2 ? { accountId: pathParts[0]!, queueName: pathParts[1]! } : {}),
            region,
            protocol: integrationProtocol(integration),
            ...(integration.credentials ? { credentials: integration.credentials } : {}),
            stages: stageRows,
          });
        }
      }
    }),
  );
  return found.sort((a, b) => a.apiName.localeCompare(b.apiName) || a.path.localeCompare(b.path));
}
