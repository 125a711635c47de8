import 'server-only';
import { own, withEntry, withoutEntry } from '../dict';
import { badRequest } from '../errors';
import { patchBodySchema, putMethodSchema, testInvokeMethodSchema, type ApiConfiguration, type Method } from '../model';
import { applyPatch, type PatchRule } from '../patch';
import { testInvokeMethod } from '../test-invoke';
import { authorizationOf, validateHttpMethod, validateMethod } from '../validation';
import { conflict, keep, methodOf, mutate, noContent, ok, param, parseBody, requireApi, requireResource, type Call } from './call';
import type { Route } from './table';

export function setMethod(config: ApiConfiguration, resourceId: string, method: Method): void {
  const resource = requireResource(config, resourceId);
  resource.resourceMethods = withEntry(resource.resourceMethods, method.httpMethod, method);
}

/** References a method makes to other parts of the API: validator, authorizer, models must exist. */
export function checkReferences(config: ApiConfiguration, method: Method): void {
  if (method.requestValidatorId !== undefined && !own(config.requestValidators, method.requestValidatorId)) {
    throw badRequest('Invalid Request Validator identifier specified');
  }
  const authorization = authorizationOf(method);
  if (authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS') {
    const authorizer = method.authorizerId !== undefined ? own(config.authorizers, method.authorizerId) : undefined;
    const fits = authorizer && (authorization === 'COGNITO_USER_POOLS') === (authorizer.type === 'COGNITO_USER_POOLS');
    if (!fits) {
      throw badRequest(
        'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
      );
    }
  }
  for (const [contentType, name] of Object.entries(method.requestModels ?? {})) {
    if (name !== null && !own(config.models, name)) {
      throw badRequest(`Invalid model identifier specified: ${name} (for content type ${contentType})`);
    }
  }
}

function putMethod(call: Call) {
  const resourceId = param(call, 'resource_id');
  const verb = param(call, 'http_method');
  const method = mutate(call, ({ config }) => {
    const resource = requireResource(config, resourceId);
    validateHttpMethod(verb);
    const input = parseBody(call.req, putMethodSchema);
    const created: Method = {
      httpMethod: verb,
      authorizationType: input.authorizationType,
      ...(input.authorizerId !== undefined ? { authorizerId: input.authorizerId } : {}),
      apiKeyRequired: input.apiKeyRequired ?? false,
      ...(input.requestValidatorId !== undefined ? { requestValidatorId: input.requestValidatorId } : {}),
      ...(input.operationName !== undefined ? { operationName: input.operationName } : {}),
      ...(input.requestParameters ? { requestParameters: keep(input.requestParameters) } : {}),
      ...(input.requestModels ? { requestModels: keep(input.requestModels) } : {}),
      ...(input.authorizationScopes ? { authorizationScopes: input.authorizationScopes } : {}),
    };
    validateMethod(created);
    checkReferences(config, created);
    if (own(resource.resourceMethods, verb)) throw conflict('Method already exists for this resource');
    setMethod(config, resourceId, created);
    return created;
  });
  return ok(201, method);
}

const METHOD_RULES: readonly PatchRule[] = [
  { path: '/authorizationType', ops: ['replace'] },
  { path: '/authorizerId', ops: ['replace', 'remove'] },
  { path: '/apiKeyRequired', ops: ['replace'], value: 'boolean' },
  { path: '/operationName', ops: ['replace', 'remove'] },
  { path: '/requestValidatorId', ops: ['replace', 'remove'] },
  { path: '/requestParameters/*', ops: ['add', 'replace', 'remove', 'copy'], value: 'boolean' },
  { path: '/requestModels/*', ops: ['add', 'replace', 'remove'] },
  { path: '/authorizationScopes/*', ops: ['add', 'remove'], set: true },
];

function updateMethod(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const method = mutate(call, ({ config }) => {
    // A method-request parameter added without a value is optional (`false`), as AWS treats `add` with no value.
    const ops = (patchOperations ?? []).map((op) =>
      op.op === 'add' && op.path.startsWith('/requestParameters/') && (op.value === undefined || op.value === null) ? { ...op, value: 'false' } : op,
    );
    const next = applyPatch(methodOf(call, config), ops, METHOD_RULES);
    // AWS drops a requestValidatorId / authorizerId replaced by an empty value.
    if (next.requestValidatorId === '') delete next.requestValidatorId;
    if (next.authorizerId === '') delete next.authorizerId;
    if (authorizationOf(next) === 'NONE' || authorizationOf(next) === 'AWS_IAM') delete next.authorizerId;
    validateMethod(next);
    checkReferences(config, next);
    setMethod(config, param(call, 'resource_id'), next);
    return next;
  });
  return ok(200, method);
}

function deleteMethod(call: Call) {
  mutate(call, ({ config }) => {
    methodOf(call, config);
    const resource = requireResource(config, param(call, 'resource_id'));
    resource.resourceMethods = withoutEntry(resource.resourceMethods, param(call, 'http_method'));
  });
  return noContent();
}

async function invoke(call: Call) {
  const stored = requireApi(call);
  const method = methodOf(call, stored.config);
  const input = parseBody(call.req, testInvokeMethodSchema);
  return ok(200, await testInvokeMethod(call.ctx, stored, requireResource(stored.config, param(call, 'resource_id')), method, input));
}

const URI = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}';

export const methodRoutes: Route[] = [
  { name: 'PutMethod', method: 'PUT', uri: URI, handler: putMethod },
  { name: 'GetMethod', method: 'GET', uri: URI, handler: (call) => ok(200, methodOf(call, requireApi(call).config)) },
  { name: 'UpdateMethod', method: 'PATCH', uri: URI, handler: updateMethod },
  { name: 'DeleteMethod', method: 'DELETE', uri: URI, handler: deleteMethod },
  { name: 'TestInvokeMethod', method: 'POST', uri: URI, handler: invoke, notes: 'AWS (SQS) and MOCK integrations' },
];
