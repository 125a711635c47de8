import 'server-only';
import { patchBodySchema, putIntegrationSchema, type Integration } from '../model';
import { applyPatch, type PatchRule } from '../patch';
import { validateIntegration } from '../validation';
import { keep, methodOf, mutate, noContent, ok, param, parseBody, requireApi, requireIntegration, type Call } from './call';
import { authorizePassRole } from './iam';
import { setMethod } from './methods';
import type { Route } from './table';

/**
 * What GetIntegration shows of an integration: MOCK has no endpoint (uri, httpMethod are dropped), HTTP integrations
 * go over the internet unless a VPC link is named.
 */
function normalize(integration: Integration): Integration {
  const next = { ...integration };
  if (next.type === 'MOCK') {
    delete next.uri;
    delete next.httpMethod;
  }
  if ((next.type === 'HTTP' || next.type === 'HTTP_PROXY') && next.connectionType === undefined) next.connectionType = 'INTERNET';
  return next;
}

function putIntegration(call: Call) {
  const resourceId = param(call, 'resource_id');
  const integration = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const input = parseBody(call.req, putIntegrationSchema);
    const next = normalize({
      type: input.type,
      ...(input.httpMethod !== undefined ? { httpMethod: input.httpMethod } : {}),
      ...(input.uri !== undefined ? { uri: input.uri } : {}),
      ...(input.connectionType !== undefined ? { connectionType: input.connectionType } : {}),
      ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
      ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
      ...(input.requestParameters ? { requestParameters: keep(input.requestParameters) } : {}),
      ...(input.requestTemplates ? { requestTemplates: keep(input.requestTemplates) } : {}),
      passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
      ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
      timeoutInMillis: input.timeoutInMillis ?? 29_000,
      cacheNamespace: input.cacheNamespace ?? resourceId,
      cacheKeyParameters: input.cacheKeyParameters ?? [],
      ...(method.methodIntegration?.integrationResponses ? { integrationResponses: method.methodIntegration.integrationResponses } : {}),
    });
    validateIntegration(next, method);
    authorizePassRole(call.ctx.auth, call.principal, next.credentials);
    setMethod(config, resourceId, { ...method, methodIntegration: next });
    return next;
  });
  return ok(201, integration);
}

const INTEGRATION_RULES: readonly PatchRule[] = [
  { path: '/uri', ops: ['replace'] },
  { path: '/httpMethod', ops: ['replace'] },
  { path: '/type', ops: ['replace'] },
  { path: '/passthroughBehavior', ops: ['replace'] },
  { path: '/connectionType', ops: ['replace'] },
  { path: '/connectionId', ops: ['replace', 'remove'] },
  { path: '/cacheNamespace', ops: ['replace'] },
  { path: '/credentials', ops: ['replace', 'remove'] },
  { path: '/contentHandling', ops: ['replace', 'remove'] },
  { path: '/timeoutInMillis', ops: ['replace'], value: 'int' },
  { path: '/requestParameters/*', ops: ['add', 'replace', 'remove'] },
  { path: '/requestTemplates/*', ops: ['add', 'replace', 'remove'] },
  { path: '/cacheKeyParameters/*', ops: ['add', 'remove'], set: true },
];

function updateIntegration(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const integration = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const current = requireIntegration(method);
    const next = normalize(applyPatch(current, patchOperations ?? [], INTEGRATION_RULES));
    validateIntegration(next, method);
    if (next.credentials !== current.credentials) authorizePassRole(call.ctx.auth, call.principal, next.credentials);
    setMethod(config, param(call, 'resource_id'), { ...method, methodIntegration: next });
    return next;
  });
  return ok(200, integration);
}

function deleteIntegration(call: Call) {
  mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    requireIntegration(method);
    const { methodIntegration: _removed, ...rest } = method;
    setMethod(config, param(call, 'resource_id'), rest);
  });
  return noContent();
}

const URI = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration';

export const integrationRoutes: Route[] = [
  { name: 'PutIntegration', method: 'PUT', uri: URI, handler: putIntegration },
  { name: 'GetIntegration', method: 'GET', uri: URI, handler: (call) => ok(200, requireIntegration(methodOf(call, requireApi(call).config))) },
  { name: 'UpdateIntegration', method: 'PATCH', uri: URI, handler: updateIntegration },
  { name: 'DeleteIntegration', method: 'DELETE', uri: URI, handler: deleteIntegration },
];
