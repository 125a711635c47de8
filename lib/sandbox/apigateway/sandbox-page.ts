import 'server-only';
import type { Database } from 'libsql';
import { listDeployments, listRestApis, listStages } from './store';

export type SandboxApiSummary = {
  id: string;
  name: string;
  description?: string;
  region: string;
  createdDate: string;
  resources: {
    id: string;
    path: string;
    methods: { httpMethod: string; integrationType?: string; integrationUri?: string; integrationHttpMethod?: string; credentials?: string }[];
  }[];
  deployments: { id: string; description?: string; createdDate: string }[];
  stages: { stageName: string; deploymentId: string; variables: Record<string, string>; lastUpdatedDate: string; invokeUrls: string[] }[];
};

/** Both invoke URL forms of a stage (docs/product.md conventions), e.g. `http://127.0.0.1:4566/_aws/execute-api/abc/prod`. */
export function invokeUrlsFor(endpointUrl: string, apiId: string, stageName: string): string[] {
  const url = new URL(endpointUrl);
  const stage = encodeURIComponent(stageName);
  return [`${url.origin}/_aws/execute-api/${apiId}/${stage}`, `${url.protocol}//${apiId}.execute-api.localhost${url.port ? `:${url.port}` : ''}/${stage}`];
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/**
 * Every REST API in the sandbox with its resources, methods, deployments and stages (with invoke URLs), shaped for the
 * console's Sandbox page: plain serialisable data, no SDK objects. `endpointUrl` is the sandbox base URL.
 */
export function listSandboxApis(db: Database, endpointUrl: string): SandboxApiSummary[] {
  return listRestApis(db).map(({ region, api, config }) => ({
    id: api.id,
    name: api.name,
    ...(api.description !== undefined ? { description: api.description } : {}),
    region,
    createdDate: iso(api.createdDate),
    resources: Object.values(config.resources)
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((r) => ({
        id: r.id,
        path: r.path,
        methods: Object.values(r.resourceMethods ?? {}).map((m) => ({
          httpMethod: m.httpMethod,
          ...(m.methodIntegration
            ? {
                integrationType: m.methodIntegration.type,
                ...(m.methodIntegration.uri !== undefined ? { integrationUri: m.methodIntegration.uri } : {}),
                ...(m.methodIntegration.httpMethod !== undefined ? { integrationHttpMethod: m.methodIntegration.httpMethod } : {}),
                ...(m.methodIntegration.credentials !== undefined ? { credentials: m.methodIntegration.credentials } : {}),
              }
            : {}),
        })),
      })),
    deployments: listDeployments(db, api.id).map((d) => ({
      id: d.id,
      ...(d.description !== undefined ? { description: d.description } : {}),
      createdDate: iso(d.createdDate),
    })),
    stages: listStages(db, api.id).map((s) => ({
      stageName: s.stageName,
      deploymentId: s.deploymentId,
      variables: s.variables ?? {},
      lastUpdatedDate: iso(s.lastUpdatedDate),
      invokeUrls: invokeUrlsFor(endpointUrl, api.id, s.stageName),
    })),
  }));
}
