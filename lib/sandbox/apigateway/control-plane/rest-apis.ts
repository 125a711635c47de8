import 'server-only';
import { dict } from '../dict';
import { badRequest, notFound } from '../errors';
import { newApiGatewayId } from '../ids';
import { createRestApiSchema, patchBodySchema, type PatchOperation, type RestApi } from '../model';
import { applyPatch, type PatchRule } from '../patch';
import { deleteRestApi, insertRestApi, listRestApis } from '../store';
import { accepted, epochSeconds, mutate, ok, paginate, parseBody, requireApi, type Call } from './call';
import { defaultModels } from './models';
import type { Route } from './table';

function createRestApi(call: Call) {
  const input = parseBody(call.req, createRestApiSchema);
  const id = newApiGatewayId();
  const rootResourceId = newApiGatewayId();
  const api: RestApi = {
    id,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    createdDate: epochSeconds(),
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.binaryMediaTypes ? { binaryMediaTypes: input.binaryMediaTypes } : {}),
    ...(input.minimumCompressionSize !== undefined ? { minimumCompressionSize: input.minimumCompressionSize } : {}),
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointConfiguration: { types: input.endpointConfiguration?.types ?? ['EDGE'] },
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId,
    ...(input.tags ? { tags: dict(Object.entries(input.tags)) } : {}),
  };
  insertRestApi(call.ctx.db, { region: call.region, api, config: { resources: dict([[rootResourceId, { id: rootResourceId, path: '/' }]]), models: defaultModels() } });
  return ok(201, api);
}

const REST_API_RULES: readonly PatchRule[] = [
  { path: '/name', ops: ['replace'] },
  { path: '/description', ops: ['replace', 'remove'] },
  { path: '/version', ops: ['replace', 'remove'] },
  { path: '/apiKeySource', ops: ['replace'] },
  { path: '/minimumCompressionSize', ops: ['replace', 'remove'], value: 'int' },
  { path: '/disableExecuteApiEndpoint', ops: ['replace'], value: 'boolean' },
  { path: '/policy', ops: ['replace', 'remove'] },
  { path: '/binaryMediaTypes/*', ops: ['add', 'remove', 'replace'], set: true },
];

const TYPES_PATH = '/endpointConfiguration/types/';
const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

/**
 * `/endpointConfiguration/types/{index or current type}` replace switches the endpoint type (the one change AWS
 * allows; Terraform sends `/endpointConfiguration/types/0`, the console the current type's name).
 */
function switchEndpointType(api: RestApi, op: PatchOperation): RestApi {
  const which = op.path.slice(TYPES_PATH.length);
  const types = [...api.endpointConfiguration.types];
  const index = /^\d+$/.test(which) ? Number(which) : types.indexOf(which);
  if (op.op !== 'replace' || index < 0 || index >= types.length || !ENDPOINT_TYPES.includes(op.value ?? '')) {
    throw badRequest(`Invalid endpoint configuration type change: ${op.op} ${op.path} ${op.value ?? ''}`);
  }
  types[index] = op.value!;
  return { ...api, endpointConfiguration: { ...api.endpointConfiguration, types } };
}

function updateRestApi(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const api = mutate(call, (stored) => {
    let next = stored.api;
    for (const raw of patchOperations ?? []) {
      // Terraform clears minimumCompressionSize with a replace that has no value.
      const op = raw.path === '/minimumCompressionSize' && raw.op === 'replace' && (raw.value === undefined || raw.value === null) ? { ...raw, op: 'remove' as const } : raw;
      next = op.path.startsWith(TYPES_PATH) ? switchEndpointType(next, op) : applyPatch(next, [op], REST_API_RULES);
    }
    if (!['HEADER', 'AUTHORIZER'].includes(next.apiKeySource)) throw badRequest(`Invalid apiKeySource: ${next.apiKeySource}. Valid options are HEADER, AUTHORIZER`);
    if (next.binaryMediaTypes?.length === 0) delete next.binaryMediaTypes;
    stored.api = next;
    return next;
  });
  return ok(200, api);
}

export const restApiRoutes: Route[] = [
  { name: 'CreateRestApi', method: 'POST', uri: '/restapis', handler: createRestApi },
  { name: 'GetRestApis', method: 'GET', uri: '/restapis', handler: (call) => ok(200, paginate(listRestApis(call.ctx.db).map((a) => a.api), call.query)) },
  { name: 'GetRestApi', method: 'GET', uri: '/restapis/{restapi_id}', handler: (call) => ok(200, requireApi(call).api) },
  { name: 'UpdateRestApi', method: 'PATCH', uri: '/restapis/{restapi_id}', handler: updateRestApi },
  {
    name: 'DeleteRestApi',
    method: 'DELETE',
    uri: '/restapis/{restapi_id}',
    handler: (call) => {
      if (!deleteRestApi(call.ctx.db, requireApi(call).api.id)) throw notFound('REST API');
      return accepted();
    },
  },
  // Served by import-rest-api.ts (OpenAPI import), which registers its handlers in the table.
  { name: 'ImportRestApi', method: 'POST', uri: '/restapis?mode=import' },
  { name: 'PutRestApi', method: 'PUT', uri: '/restapis/{restapi_id}' },
];
