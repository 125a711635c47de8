import 'server-only';
import type { ApiConfiguration, Integration, Stage } from './model';
import type { StoredRestApi } from './store';
import { authorizationOf } from './validation';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * GetExport of a stage: the OpenAPI document of what the stage's deployment serves (not the API's current, possibly
 * edited configuration). With the `integrations` extension each operation carries `x-amazon-apigateway-integration`,
 * with the integration type lower-cased as AWS exports it. The console compares it with the current integration to
 * show drift ("changes not live until redeploy").
 */
export function exportStage(
  stored: StoredRestApi,
  stage: Stage,
  config: ApiConfiguration,
  options: { openapi: boolean; integrations: boolean },
): Record<string, Json> {
  const paths: Record<string, Record<string, Json>> = {};
  for (const resource of Object.values(config.resources).sort((a, b) => a.path.localeCompare(b.path))) {
    const ops: Record<string, Json> = {};
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      const responses: Record<string, Json> = {};
      for (const code of Object.keys(method.methodResponses ?? {})) responses[code] = { description: `${code} response` };
      const op: Record<string, Json> = { responses };
      const params = Object.entries(method.requestParameters ?? {}).map(([key, required]) => {
        const [, , location, ...name] = key.split('.');
        return { name: name.join('.'), in: location === 'querystring' ? 'query' : location ?? 'header', required, schema: { type: 'string' } };
      });
      if (params.length > 0) op.parameters = params;
      if (authorizationOf(method) === 'AWS_IAM') op.security = [{ sigv4: [] }];
      if (options.integrations && method.methodIntegration) op['x-amazon-apigateway-integration'] = integrationExtension(method.methodIntegration);
      ops[verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = op;
    }
    if (Object.keys(ops).length > 0) paths[resource.path] = ops;
  }
  const info = { title: stored.api.name, version: new Date(stage.lastUpdatedDate * 1000).toISOString() };
  const servers = [{ url: `https://${stored.api.id}.execute-api.${stored.region}.amazonaws.com/{basePath}`, variables: { basePath: { default: stage.stageName } } }];
  return options.openapi ? { openapi: '3.0.1', info, servers, paths } : { swagger: '2.0', info, basePath: `/${stage.stageName}`, schemes: ['https'], paths };
}

function integrationExtension(i: Integration): Json {
  const responses: Record<string, Json> = {};
  for (const r of Object.values(i.integrationResponses ?? {})) {
    responses[r.selectionPattern || 'default'] = {
      statusCode: r.statusCode,
      ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
      ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
    };
  }
  return {
    type: i.type.toLowerCase(),
    ...(i.httpMethod ? { httpMethod: i.httpMethod } : {}),
    ...(i.uri ? { uri: i.uri } : {}),
    ...(i.credentials ? { credentials: i.credentials } : {}),
    ...(i.requestParameters ? { requestParameters: i.requestParameters } : {}),
    ...(i.requestTemplates ? { requestTemplates: i.requestTemplates } : {}),
    passthroughBehavior: (i.passthroughBehavior ?? 'WHEN_NO_MATCH').toLowerCase(),
    timeoutInMillis: i.timeoutInMillis,
    ...(i.contentHandling ? { contentHandling: i.contentHandling } : {}),
    responses,
  };
}
