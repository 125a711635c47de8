import 'server-only';
import type { z } from 'zod';
import type { RoutingInfo, SandboxContext, SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { ApiGatewayError, badRequest, errorResponse, notFound } from './errors';
import { newApiGatewayId, newRequestId } from './ids';
import {
  createDeploymentSchema,
  createRequestValidatorSchema,
  createResourceSchema,
  createRestApiSchema,
  createStageSchema,
  patchBodySchema,
  putIntegrationResponseSchema,
  putIntegrationSchema,
  putMethodResponseSchema,
  putMethodSchema,
  testInvokeMethodSchema,
  type ApiConfiguration,
  type Deployment,
  type Integration,
  type IntegrationResponse,
  type Method,
  type MethodResponse,
  type RequestValidator,
  type Resource,
  type RestApi,
  type Stage,
} from './model';
import { exportStage } from './export';
import { patchIntegration, patchMethod, patchStage } from './patch';
import {
  deleteRestApi,
  deleteStage,
  getDeployment,
  getRestApi,
  getStage,
  insertDeployment,
  insertRestApi,
  listDeployments,
  listRestApis,
  listStages,
  mutateRestApi,
  putStage,
  type StoredRestApi,
} from './store';
import {
  validateHttpMethod,
  validateIntegration,
  validateIntegrationResponse,
  validateMethod,
  validateMethodResponse,
  validatePathPart,
} from './validation';
import { testInvokeMethod } from './test-invoke';
import { importRestApi, putRestApi } from './import-rest-api';

type Call = {
  req: SandboxRequest;
  ctx: SandboxContext;
  region: string;
  segments: string[];
  query: URLSearchParams;
};

const epochSeconds = () => Math.floor(Date.now() / 1000);

function ok(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': newRequestId() },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

const noContent = (): SandboxResponse => ({ status: 202, headers: { 'x-amzn-requestid': newRequestId() }, body: '' });

function parseBody<T extends z.ZodType>(req: SandboxRequest, schema: T): z.infer<T> {
  const text = req.body.toString('utf8');
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest('Invalid JSON in request body');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'request body';
    throw badRequest(`Invalid value for ${where}: ${issue?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

function requireApi(call: Call, id: string): StoredRestApi {
  const stored = getRestApi(call.ctx.db, id);
  if (!stored) throw notFound('REST API');
  return stored;
}

/** Runs `fn` on the API inside a transaction; 404 when the API does not exist. */
function mutate<T>(call: Call, id: string, fn: (stored: StoredRestApi) => T): T {
  const out = mutateRestApi(call.ctx.db, id, fn);
  if (!out) throw notFound('REST API');
  return out.result;
}

function requireValidatorIfSet(config: ApiConfiguration, method: Method): void {
  if (method.requestValidatorId && !config.requestValidators?.[method.requestValidatorId]) {
    throw badRequest('Invalid Request Validator identifier specified');
  }
}

function createRequestValidator(call: Call, apiId: string): SandboxResponse {
  const input = parseBody(call.req, createRequestValidatorSchema);
  const validator: RequestValidator = {
    id: newApiGatewayId().slice(0, 6),
    name: input.name,
    validateRequestBody: input.validateRequestBody ?? false,
    validateRequestParameters: input.validateRequestParameters ?? false,
  };
  mutate(call, apiId, ({ config }) => {
    if (Object.values(config.requestValidators ?? {}).some((v) => v.name === input.name)) {
      throw new ApiGatewayError('ConflictException', `Validator with name ${input.name} already exists`);
    }
    config.requestValidators = { ...(config.requestValidators ?? {}), [validator.id]: validator };
  });
  return ok(201, validator);
}

function deleteRequestValidator(call: Call, apiId: string, validatorId: string): SandboxResponse {
  mutate(call, apiId, ({ config }) => {
    if (!config.requestValidators?.[validatorId]) throw new ApiGatewayError('NotFoundException', 'Invalid Request Validator identifier specified');
    const inUse = Object.values(config.resources).some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.requestValidatorId === validatorId));
    if (inUse) throw new ApiGatewayError('ConflictException', 'Cannot delete request validator because it is in use by a method');
    const { [validatorId]: _removed, ...rest } = config.requestValidators;
    config.requestValidators = rest;
  });
  return noContent();
}

function requireResource(config: ApiConfiguration, resourceId: string): Resource {
  const resource = config.resources[resourceId];
  if (!resource) throw notFound('Resource');
  return resource;
}

function requireMethod(config: ApiConfiguration, resourceId: string, verb: string): Method {
  const method = requireResource(config, resourceId).resourceMethods?.[verb];
  if (!method) throw notFound('Method');
  return method;
}

function requireIntegration(method: Method): Integration {
  if (!method.methodIntegration) throw notFound('Integration');
  return method.methodIntegration;
}

function setMethod(config: ApiConfiguration, resourceId: string, method: Method): void {
  const resource = requireResource(config, resourceId);
  resource.resourceMethods = { ...(resource.resourceMethods ?? {}), [method.httpMethod]: method };
}

function resourceView(resource: Resource, embedMethods: boolean): Resource {
  const { resourceMethods, ...rest } = resource;
  if (!resourceMethods || Object.keys(resourceMethods).length === 0) return rest;
  if (embedMethods) return { ...rest, resourceMethods };
  return { ...rest, resourceMethods: Object.fromEntries(Object.keys(resourceMethods).map((verb) => [verb, {}])) } as Resource;
}

function paginate<T>(items: T[], query: URLSearchParams): { item: T[]; position?: string } {
  const start = Number(query.get('position') ?? '0') || 0;
  const limit = Math.min(Math.max(Number(query.get('limit') ?? '25') || 25, 1), 500);
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { item: page, position: String(start + limit) } : { item: page };
}

// ---- REST APIs ----

function createRestApi(call: Call): SandboxResponse {
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
    ...(input.tags ? { tags: input.tags } : {}),
  };
  insertRestApi(call.ctx.db, { region: call.region, api, config: { resources: { [rootResourceId]: { id: rootResourceId, path: '/' } } } });
  return ok(201, api);
}

// ---- resources ----

function createResource(call: Call, apiId: string, parentId: string): SandboxResponse {
  const { pathPart } = parseBody(call.req, createResourceSchema);
  validatePathPart(pathPart);
  const resource = mutate(call, apiId, ({ config }) => {
    const parent = requireResource(config, parentId);
    const siblings = Object.values(config.resources).filter((r) => r.parentId === parentId);
    if (siblings.some((r) => r.pathPart === pathPart)) {
      throw new ApiGatewayError('ConflictException', `Another resource with the same parent already has this name: ${pathPart}`);
    }
    if (pathPart.startsWith('{') && siblings.some((r) => r.pathPart?.startsWith('{'))) {
      throw badRequest('A sibling ({' + pathPart.slice(1, -1) + '}) of this resource already has a variable path part -- only one is allowed');
    }
    if (parent.pathPart?.endsWith('+}')) {
      throw badRequest('Cannot create a child of a resource with a greedy path variable: ' + parent.path);
    }
    const created: Resource = {
      id: newApiGatewayId(),
      parentId,
      pathPart,
      path: parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`,
    };
    config.resources[created.id] = created;
    return created;
  });
  return ok(201, resource);
}

function deleteResource(call: Call, apiId: string, resourceId: string): SandboxResponse {
  mutate(call, apiId, ({ api, config }) => {
    requireResource(config, resourceId);
    if (resourceId === api.rootResourceId) throw badRequest('Cannot delete root resource');
    const doomed = new Set([resourceId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const r of Object.values(config.resources)) {
        if (r.parentId && doomed.has(r.parentId) && !doomed.has(r.id)) {
          doomed.add(r.id);
          grew = true;
        }
      }
    }
    for (const id of doomed) delete config.resources[id];
  });
  return noContent();
}

// ---- methods ----

function putMethod(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  validateHttpMethod(verb);
  const input = parseBody(call.req, putMethodSchema);
  const method: Method = {
    httpMethod: verb,
    authorizationType: input.authorizationType,
    ...(input.authorizerId !== undefined ? { authorizerId: input.authorizerId } : {}),
    apiKeyRequired: input.apiKeyRequired ?? false,
    ...(input.requestValidatorId !== undefined ? { requestValidatorId: input.requestValidatorId } : {}),
    ...(input.operationName !== undefined ? { operationName: input.operationName } : {}),
    ...(input.requestParameters && Object.keys(input.requestParameters).length > 0 ? { requestParameters: input.requestParameters } : {}),
    ...(input.requestModels && Object.keys(input.requestModels).length > 0 ? { requestModels: input.requestModels } : {}),
    ...(input.authorizationScopes ? { authorizationScopes: input.authorizationScopes } : {}),
  };
  validateMethod(method);
  mutate(call, apiId, ({ config }) => {
    requireValidatorIfSet(config, method);
    const resource = requireResource(config, resourceId);
    if (resource.resourceMethods?.[verb]) throw new ApiGatewayError('ConflictException', 'Method already exists for this resource');
    setMethod(config, resourceId, method);
  });
  return ok(201, method);
}

function updateMethod(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const method = mutate(call, apiId, ({ config }) => {
    const next = patchMethod(requireMethod(config, resourceId, verb), patchOperations ?? []);
    validateMethod(next);
    requireValidatorIfSet(config, next);
    setMethod(config, resourceId, next);
    return next;
  });
  return ok(200, method);
}

function deleteMethod(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  mutate(call, apiId, ({ config }) => {
    requireMethod(config, resourceId, verb);
    const resource = requireResource(config, resourceId);
    const { [verb]: _removed, ...rest } = resource.resourceMethods ?? {};
    resource.resourceMethods = rest;
  });
  return noContent();
}

// ---- integrations ----

function putIntegration(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  const input = parseBody(call.req, putIntegrationSchema);
  const integration = mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    const next: Integration = {
      type: input.type,
      ...(input.httpMethod !== undefined ? { httpMethod: input.httpMethod } : {}),
      ...(input.uri !== undefined ? { uri: input.uri } : {}),
      ...(input.connectionType !== undefined ? { connectionType: input.connectionType } : {}),
      ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
      ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
      ...(input.requestParameters && Object.keys(input.requestParameters).length > 0 ? { requestParameters: input.requestParameters } : {}),
      ...(input.requestTemplates && Object.keys(input.requestTemplates).length > 0 ? { requestTemplates: input.requestTemplates } : {}),
      passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
      ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
      timeoutInMillis: input.timeoutInMillis ?? 29_000,
      cacheNamespace: input.cacheNamespace ?? resourceId,
      cacheKeyParameters: input.cacheKeyParameters ?? [],
      ...(method.methodIntegration?.integrationResponses ? { integrationResponses: method.methodIntegration.integrationResponses } : {}),
    };
    validateIntegration(next, method);
    setMethod(config, resourceId, { ...method, methodIntegration: next });
    return next;
  });
  return ok(201, integration);
}

function updateIntegration(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const integration = mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    const next = patchIntegration(requireIntegration(method), patchOperations ?? []);
    validateIntegration(next, method);
    setMethod(config, resourceId, { ...method, methodIntegration: next });
    return next;
  });
  return ok(200, integration);
}

function deleteIntegration(call: Call, apiId: string, resourceId: string, verb: string): SandboxResponse {
  mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    requireIntegration(method);
    const { methodIntegration: _removed, ...rest } = method;
    setMethod(config, resourceId, rest);
  });
  return noContent();
}

// ---- method and integration responses ----

function putMethodResponse(call: Call, apiId: string, resourceId: string, verb: string, statusCode: string): SandboxResponse {
  const input = parseBody(call.req, putMethodResponseSchema);
  const response: MethodResponse = {
    statusCode,
    ...(input.responseParameters && Object.keys(input.responseParameters).length > 0 ? { responseParameters: input.responseParameters } : {}),
    ...(input.responseModels && Object.keys(input.responseModels).length > 0 ? { responseModels: input.responseModels } : {}),
  };
  validateMethodResponse(response);
  mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    if (method.methodResponses?.[statusCode]) throw new ApiGatewayError('ConflictException', 'Response already exists for this resource');
    setMethod(config, resourceId, { ...method, methodResponses: { ...(method.methodResponses ?? {}), [statusCode]: response } });
  });
  return ok(201, response);
}

function deleteMethodResponse(call: Call, apiId: string, resourceId: string, verb: string, statusCode: string): SandboxResponse {
  mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    if (!method.methodResponses?.[statusCode]) throw notFound('Response status code');
    const { [statusCode]: _removed, ...rest } = method.methodResponses;
    setMethod(config, resourceId, { ...method, methodResponses: rest });
  });
  return noContent();
}

function putIntegrationResponse(call: Call, apiId: string, resourceId: string, verb: string, statusCode: string): SandboxResponse {
  const input = parseBody(call.req, putIntegrationResponseSchema);
  const response: IntegrationResponse = {
    statusCode,
    ...(input.selectionPattern !== undefined && input.selectionPattern !== '' ? { selectionPattern: input.selectionPattern } : {}),
    ...(input.responseParameters && Object.keys(input.responseParameters).length > 0 ? { responseParameters: input.responseParameters } : {}),
    ...(input.responseTemplates && Object.keys(input.responseTemplates).length > 0 ? { responseTemplates: input.responseTemplates } : {}),
    ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
  };
  mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    const integration = requireIntegration(method);
    validateIntegrationResponse(response, method.methodResponses?.[statusCode]);
    const integrationResponses = { ...(integration.integrationResponses ?? {}), [statusCode]: response };
    setMethod(config, resourceId, { ...method, methodIntegration: { ...integration, integrationResponses } });
  });
  return ok(201, response);
}

function deleteIntegrationResponse(call: Call, apiId: string, resourceId: string, verb: string, statusCode: string): SandboxResponse {
  mutate(call, apiId, ({ config }) => {
    const method = requireMethod(config, resourceId, verb);
    const integration = requireIntegration(method);
    if (!integration.integrationResponses?.[statusCode]) throw notFound('Response status code');
    const { [statusCode]: _removed, ...rest } = integration.integrationResponses;
    setMethod(config, resourceId, { ...method, methodIntegration: { ...integration, integrationResponses: rest } });
  });
  return noContent();
}

// ---- deployments and stages ----

function validateStageName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_-');
}

function createDeployment(call: Call, apiId: string): SandboxResponse {
  const input = parseBody(call.req, createDeploymentSchema);
  if (input.stageName !== undefined) validateStageName(input.stageName);
  const { db } = call.ctx;
  const deployment = mutate(call, apiId, ({ config }) => {
    const methods = Object.values(config.resources).flatMap((r) => Object.values(r.resourceMethods ?? {}));
    if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
    if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
    const created: Deployment = {
      id: newApiGatewayId(),
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdDate: epochSeconds(),
    };
    // The snapshot is a deep copy taken in the same transaction, so later edits never leak into it.
    insertDeployment(db, apiId, created, structuredClone(config));
    if (input.stageName !== undefined) {
      const now = epochSeconds();
      const existing = getStage(db, apiId, input.stageName);
      const variables = input.variables ?? existing?.variables;
      const description = input.stageDescription ?? existing?.description;
      putStage(db, apiId, {
        ...(existing ?? {
          stageName: input.stageName,
          tracingEnabled: input.tracingEnabled ?? false,
          cacheClusterEnabled: input.cacheClusterEnabled ?? false,
          cacheClusterStatus: 'NOT_AVAILABLE',
          methodSettings: {},
          createdDate: now,
        }),
        deploymentId: created.id,
        ...(variables ? { variables } : {}),
        ...(description !== undefined ? { description } : {}),
        lastUpdatedDate: now,
      } as Stage);
    }
    return created;
  });
  return ok(201, deployment);
}

function createStage(call: Call, apiId: string): SandboxResponse {
  const input = parseBody(call.req, createStageSchema);
  validateStageName(input.stageName);
  const { db } = call.ctx;
  const stage = mutate(call, apiId, () => {
    if (!getDeployment(db, apiId, input.deploymentId)) throw notFound('Deployment');
    if (getStage(db, apiId, input.stageName)) throw new ApiGatewayError('ConflictException', 'Stage already exists');
    const now = epochSeconds();
    const created: Stage = {
      stageName: input.stageName,
      deploymentId: input.deploymentId,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.variables ? { variables: input.variables } : {}),
      tracingEnabled: input.tracingEnabled ?? false,
      cacheClusterEnabled: input.cacheClusterEnabled ?? false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      methodSettings: {},
      createdDate: now,
      lastUpdatedDate: now,
      ...(input.tags ? { tags: input.tags } : {}),
    };
    putStage(db, apiId, created);
    return created;
  });
  return ok(201, stage);
}

function updateStage(call: Call, apiId: string, stageName: string): SandboxResponse {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const { db } = call.ctx;
  const stage = mutate(call, apiId, () => {
    const existing = getStage(db, apiId, stageName);
    if (!existing) throw notFound('Stage');
    const next = { ...patchStage(existing, patchOperations ?? []), lastUpdatedDate: epochSeconds() };
    if (!getDeployment(db, apiId, next.deploymentId)) throw badRequest('Deployment id does not exist');
    putStage(db, apiId, next);
    return next;
  });
  return ok(200, stage);
}

// ---- dispatch ----

async function route(call: Call): Promise<SandboxResponse> {
  const { req, segments: s, query } = call;
  const verb = req.method.toUpperCase();
  const n = s.length;
  const apiId = s[1];
  if (n === 1) {
    if (verb === 'POST' && query.get('mode') === 'import') return importRestApi(call.ctx, call.region, req.body, query);
    if (verb === 'POST') return createRestApi(call);
    if (verb === 'GET') {
      const apis = listRestApis(call.ctx.db).map((a) => a.api);
      return ok(200, paginate(apis, query));
    }
  }
  if (apiId === undefined) throw notFound('REST API');
  if (n === 2) {
    if (verb === 'PUT') return putRestApi(call.ctx, apiId, req.body, query);
    if (verb === 'GET') return ok(200, requireApi(call, apiId).api);
    if (verb === 'DELETE') {
      if (!deleteRestApi(call.ctx.db, apiId)) throw notFound('REST API');
      return noContent();
    }
  }
  const embedMethods = query.getAll('embed').some((e) => e.split(',').includes('methods'));
  if (s[2] === 'resources') {
    if (n === 3 && verb === 'GET') {
      const { config } = requireApi(call, apiId);
      const items = Object.values(config.resources).sort((a, b) => a.path.localeCompare(b.path));
      return ok(200, paginate(items.map((r) => resourceView(r, embedMethods)), query));
    }
    const resourceId = s[3]!;
    if (n === 4) {
      if (verb === 'POST') return createResource(call, apiId, resourceId);
      if (verb === 'GET') return ok(200, resourceView(requireResource(requireApi(call, apiId).config, resourceId), embedMethods));
      if (verb === 'DELETE') return deleteResource(call, apiId, resourceId);
    }
    if (s[4] === 'methods' && n >= 6) {
      const httpMethod = s[5]!;
      if (n === 6) {
        if (verb === 'PUT') return putMethod(call, apiId, resourceId, httpMethod);
        if (verb === 'GET') return ok(200, requireMethod(requireApi(call, apiId).config, resourceId, httpMethod));
        if (verb === 'DELETE') return deleteMethod(call, apiId, resourceId, httpMethod);
        if (verb === 'PATCH') return updateMethod(call, apiId, resourceId, httpMethod);
        if (verb === 'POST') {
          const stored = requireApi(call, apiId);
          const method = requireMethod(stored.config, resourceId, httpMethod);
          const input = parseBody(req, testInvokeMethodSchema);
          return ok(200, await testInvokeMethod(call.ctx, stored, requireResource(stored.config, resourceId), method, input));
        }
      }
      if (s[6] === 'integration') {
        if (n === 7) {
          if (verb === 'PUT') return putIntegration(call, apiId, resourceId, httpMethod);
          if (verb === 'GET') return ok(200, requireIntegration(requireMethod(requireApi(call, apiId).config, resourceId, httpMethod)));
          if (verb === 'PATCH') return updateIntegration(call, apiId, resourceId, httpMethod);
          if (verb === 'DELETE') return deleteIntegration(call, apiId, resourceId, httpMethod);
        }
        if (n === 9 && s[7] === 'responses') {
          const statusCode = s[8]!;
          if (verb === 'PUT') return putIntegrationResponse(call, apiId, resourceId, httpMethod, statusCode);
          if (verb === 'DELETE') return deleteIntegrationResponse(call, apiId, resourceId, httpMethod, statusCode);
          if (verb === 'GET') {
            const integration = requireIntegration(requireMethod(requireApi(call, apiId).config, resourceId, httpMethod));
            const response = integration.integrationResponses?.[statusCode];
            if (!response) throw notFound('Response status code');
            return ok(200, response);
          }
        }
      }
      if (s[6] === 'responses' && n === 8) {
        const statusCode = s[7]!;
        if (verb === 'PUT') return putMethodResponse(call, apiId, resourceId, httpMethod, statusCode);
        if (verb === 'DELETE') return deleteMethodResponse(call, apiId, resourceId, httpMethod, statusCode);
        if (verb === 'GET') {
          const response = requireMethod(requireApi(call, apiId).config, resourceId, httpMethod).methodResponses?.[statusCode];
          if (!response) throw notFound('Response status code');
          return ok(200, response);
        }
      }
    }
  }
  if (s[2] === 'requestvalidators') {
    if (n === 3 && verb === 'POST') return createRequestValidator(call, apiId);
    if (n === 3 && verb === 'GET') return ok(200, { item: Object.values(requireApi(call, apiId).config.requestValidators ?? {}) });
    if (n === 4 && verb === 'GET') {
      const found = requireApi(call, apiId).config.requestValidators?.[s[3]!];
      if (!found) throw new ApiGatewayError('NotFoundException', 'Invalid Request Validator identifier specified');
      return ok(200, found);
    }
    if (n === 4 && verb === 'DELETE') return deleteRequestValidator(call, apiId, s[3]!);
  }
  if (s[2] === 'stages' && n === 6 && s[4] === 'exports' && verb === 'GET') {
    const stored = requireApi(call, apiId);
    const stage = getStage(call.ctx.db, apiId, s[3]!);
    if (!stage) throw notFound('Stage');
    const deployment = getDeployment(call.ctx.db, apiId, stage.deploymentId);
    if (!deployment) throw notFound('Deployment');
    if (s[5] !== 'oas30' && s[5] !== 'swagger') throw badRequest(`Invalid export type specified: ${s[5]}`);
    const extensions = (query.get('extensions') ?? '').split(',').map((e) => e.trim());
    const doc = exportStage(stored, stage, deployment.config, { openapi: s[5] === 'oas30', integrations: extensions.includes('integrations') });
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${stored.api.name}-${stage.stageName}-${s[5]}.json"` },
      body: JSON.stringify(doc, null, 2),
    };
  }
  if (s[2] === 'deployments') {
    if (n === 3 && verb === 'POST') return createDeployment(call, apiId);
    if (n === 3 && verb === 'GET') {
      requireApi(call, apiId);
      return ok(200, paginate(listDeployments(call.ctx.db, apiId), query));
    }
    if (n === 4 && verb === 'GET') {
      requireApi(call, apiId);
      const found = getDeployment(call.ctx.db, apiId, s[3]!);
      if (!found) throw notFound('Deployment');
      return ok(200, found.deployment);
    }
  }
  if (s[2] === 'stages') {
    if (n === 3 && verb === 'POST') return createStage(call, apiId);
    if (n === 3 && verb === 'GET') {
      requireApi(call, apiId);
      const deploymentId = query.get('deploymentId');
      const stages = listStages(call.ctx.db, apiId).filter((st) => !deploymentId || st.deploymentId === deploymentId);
      return ok(200, { item: stages });
    }
    const stageName = s[3]!;
    if (n === 4) {
      if (verb === 'GET') {
        requireApi(call, apiId);
        const stage = getStage(call.ctx.db, apiId, stageName);
        if (!stage) throw notFound('Stage');
        return ok(200, stage);
      }
      if (verb === 'PATCH') return updateStage(call, apiId, stageName);
      if (verb === 'DELETE') {
        requireApi(call, apiId);
        if (!deleteStage(call.ctx.db, apiId, stageName)) throw notFound('Stage');
        return noContent();
      }
    }
  }
  return errorResponse('NotFoundException', `Unsupported operation: ${verb} ${req.path}`);
}

/** Serves API Gateway's REST-JSON control plane under `/restapis…` (requests signed for service `apigateway`). */
export async function handleControlPlane(req: SandboxRequest, ctx: SandboxContext, routing: RoutingInfo): Promise<SandboxResponse> {
  let segments: string[];
  try {
    segments = req.path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  } catch {
    return errorResponse('BadRequestException', 'Invalid request path');
  }
  const call: Call = {
    req,
    ctx,
    region: routing.scopeRegion ?? ctx.config.defaultRegion,
    segments,
    query: new URLSearchParams(req.rawQuery),
  };
  try {
    return await route(call);
  } catch (err) {
    if (err instanceof ApiGatewayError) return errorResponse(err.code, err.message);
    throw err;
  }
}
