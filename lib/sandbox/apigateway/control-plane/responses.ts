import 'server-only';
import { own, withEntry, withoutEntry } from '../dict';
import { notFound } from '../errors';
import {
  patchBodySchema,
  putIntegrationResponseSchema,
  putMethodResponseSchema,
  type IntegrationResponse,
  type MethodResponse,
} from '../model';
import { applyPatch, type PatchRule } from '../patch';
import { validateIntegrationResponse, validateMethodResponse, validateStatusCode } from '../validation';
import { conflict, keep, methodOf, mutate, noContent, ok, param, parseBody, requireApi, requireIntegration, type Call } from './call';
import { setMethod } from './methods';
import type { Route } from './table';

// ---- method responses ----

function putMethodResponse(call: Call) {
  const statusCode = param(call, 'status_code');
  const response = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    validateStatusCode(statusCode);
    const input = parseBody(call.req, putMethodResponseSchema);
    const created: MethodResponse = {
      statusCode,
      ...(input.responseParameters ? { responseParameters: keep(input.responseParameters) } : {}),
      ...(input.responseModels ? { responseModels: keep(input.responseModels) } : {}),
    };
    validateMethodResponse(created);
    if (own(method.methodResponses, statusCode)) throw conflict('Response already exists for this resource');
    setMethod(config, param(call, 'resource_id'), { ...method, methodResponses: withEntry(method.methodResponses, statusCode, created) });
    return created;
  });
  return ok(201, response);
}

function requireMethodResponse(responses: Record<string, MethodResponse> | undefined, statusCode: string): MethodResponse {
  const found = own(responses, statusCode);
  if (!found) throw notFound('Response status code');
  return found;
}

const METHOD_RESPONSE_RULES: readonly PatchRule[] = [
  { path: '/responseParameters/*', ops: ['add', 'replace', 'remove'], value: 'boolean' },
  { path: '/responseModels/*', ops: ['add', 'replace', 'remove'] },
];

function updateMethodResponse(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const statusCode = param(call, 'status_code');
  const response = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const ops = (patchOperations ?? []).map((op) =>
      op.op === 'add' && op.path.startsWith('/responseParameters/') && (op.value === undefined || op.value === null) ? { ...op, value: 'false' } : op,
    );
    const next = applyPatch(requireMethodResponse(method.methodResponses, statusCode), ops, METHOD_RESPONSE_RULES);
    validateMethodResponse(next);
    setMethod(config, param(call, 'resource_id'), { ...method, methodResponses: withEntry(method.methodResponses, statusCode, next) });
    return next;
  });
  // UpdateMethodResponse answers 201 (botocore's responseCode for it).
  return ok(201, response);
}

function deleteMethodResponse(call: Call) {
  const statusCode = param(call, 'status_code');
  mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    requireMethodResponse(method.methodResponses, statusCode);
    setMethod(config, param(call, 'resource_id'), { ...method, methodResponses: withoutEntry(method.methodResponses, statusCode) });
  });
  return noContent();
}

// ---- integration responses ----

function putIntegrationResponse(call: Call) {
  const statusCode = param(call, 'status_code');
  const response = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const integration = requireIntegration(method);
    validateStatusCode(statusCode);
    const input = parseBody(call.req, putIntegrationResponseSchema);
    const created: IntegrationResponse = {
      statusCode,
      ...(input.selectionPattern !== undefined && input.selectionPattern !== null && input.selectionPattern !== ''
        ? { selectionPattern: input.selectionPattern }
        : {}),
      ...(input.responseParameters ? { responseParameters: keep(input.responseParameters) } : {}),
      ...(input.responseTemplates ? { responseTemplates: keep(input.responseTemplates) } : {}),
      ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
    };
    validateIntegrationResponse(created, own(method.methodResponses, statusCode));
    const integrationResponses = withEntry(integration.integrationResponses, statusCode, created);
    setMethod(config, param(call, 'resource_id'), { ...method, methodIntegration: { ...integration, integrationResponses } });
    return created;
  });
  return ok(201, response);
}

function requireIntegrationResponse(call: Call, responses: Record<string, IntegrationResponse> | undefined): IntegrationResponse {
  const found = own(responses, param(call, 'status_code'));
  if (!found) throw notFound('Response status code');
  return found;
}

const INTEGRATION_RESPONSE_RULES: readonly PatchRule[] = [
  { path: '/selectionPattern', ops: ['replace'] },
  { path: '/contentHandling', ops: ['replace', 'remove'] },
  { path: '/responseParameters/*', ops: ['add', 'replace', 'remove'] },
  { path: '/responseTemplates/*', ops: ['add', 'replace', 'remove'] },
];

function updateIntegrationResponse(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const response = mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const integration = requireIntegration(method);
    const next = applyPatch(requireIntegrationResponse(call, integration.integrationResponses), patchOperations ?? [], INTEGRATION_RESPONSE_RULES);
    if (next.selectionPattern === '') delete next.selectionPattern;
    validateIntegrationResponse(next, own(method.methodResponses, next.statusCode));
    const integrationResponses = withEntry(integration.integrationResponses, next.statusCode, next);
    setMethod(config, param(call, 'resource_id'), { ...method, methodIntegration: { ...integration, integrationResponses } });
    return next;
  });
  return ok(200, response);
}

function deleteIntegrationResponse(call: Call) {
  mutate(call, ({ config }) => {
    const method = methodOf(call, config);
    const integration = requireIntegration(method);
    requireIntegrationResponse(call, integration.integrationResponses);
    const integrationResponses = withoutEntry(integration.integrationResponses, param(call, 'status_code'));
    setMethod(config, param(call, 'resource_id'), { ...method, methodIntegration: { ...integration, integrationResponses } });
  });
  return noContent();
}

const METHOD_URI = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}';
const INTEGRATION_URI = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}';

export const responseRoutes: Route[] = [
  { name: 'PutMethodResponse', method: 'PUT', uri: METHOD_URI, handler: putMethodResponse },
  {
    name: 'GetMethodResponse',
    method: 'GET',
    uri: METHOD_URI,
    handler: (call) => ok(200, requireMethodResponse(methodOf(call, requireApi(call).config).methodResponses, param(call, 'status_code'))),
  },
  { name: 'UpdateMethodResponse', method: 'PATCH', uri: METHOD_URI, handler: updateMethodResponse },
  { name: 'DeleteMethodResponse', method: 'DELETE', uri: METHOD_URI, handler: deleteMethodResponse },
  { name: 'PutIntegrationResponse', method: 'PUT', uri: INTEGRATION_URI, handler: putIntegrationResponse },
  {
    name: 'GetIntegrationResponse',
    method: 'GET',
    uri: INTEGRATION_URI,
    handler: (call) => ok(200, requireIntegrationResponse(call, requireIntegration(methodOf(call, requireApi(call).config)).integrationResponses)),
  },
  { name: 'UpdateIntegrationResponse', method: 'PATCH', uri: INTEGRATION_URI, handler: updateIntegrationResponse },
  { name: 'DeleteIntegrationResponse', method: 'DELETE', uri: INTEGRATION_URI, handler: deleteIntegrationResponse },
];
