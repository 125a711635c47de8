import 'server-only';
import { IntrinsicResolver } from '@/lib/iac/intrinsics';
import { deref, OPERATIONS, readOperation } from '@/lib/iac/openapi';
import { isRecord, parseSource, type JsonValue } from '@/lib/iac/source';
import type { SandboxContext, SandboxResponse } from '@/lib/sandbox/types';
import { ApiGatewayError, badRequest, errorResponse, notFound } from './errors';
import { newApiGatewayId, newRequestId } from './ids';
import type { ApiConfiguration, GatewayResponse, Integration, IntegrationResponse, Method, MethodResponse, RequestValidator, Resource, RestApi } from './model';
import { getRestApi, insertRestApi, mutateRestApi } from './store';
import { validateHttpMethod, validateIntegration, validateIntegrationResponse, validateMethod, validateMethodResponse, validatePathPart } from './validation';

/**
 * ImportRestApi (`POST /restapis?mode=import`) and PutRestApi (`PUT /restapis/{id}?mode=overwrite|merge`): an
 * OpenAPI 3 or Swagger 2 document, JSON or YAML, with API Gateway's extensions (AWS developer guide, "Working with
 * API Gateway extensions to OpenAPI"). Every method goes through the same validation as PutMethod/PutIntegration,
 * so an import is rejected exactly where the individual calls would be. Models and authorizers are not kept by the
 * sandbox: they are reported as warnings, which `failonwarnings=true` turns into a rejected import.
 */

type Doc = { [key: string]: JsonValue };
type Imported = { api: Partial<RestApi>; config: ApiConfiguration; warnings: string[] };

const epochSeconds = () => Math.floor(Date.now() / 1000);

function created(status: number, api: RestApi, warnings: string[]): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': newRequestId() },
    body: JSON.stringify({ ...api, ...(warnings.length > 0 ? { warnings } : {}) }),
  };
}

function parseDefinition(body: Buffer): Doc {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('Invalid OpenAPI input: the request body is empty.');
  const parsed = parseSource(text);
  if (!parsed.ok) throw badRequest(`Invalid OpenAPI input: ${parsed.error.message} (line ${parsed.error.line}, column ${parsed.error.column}).`);
  const doc = parsed.source.root;
  if (!isRecord(doc) || (typeof doc.openapi !== 'string' && doc.swagger === undefined)) {
    throw badRequest('Invalid OpenAPI input: the document has neither an "openapi" (3.x) nor a "swagger" (2.0) version field.');
  }
  if (typeof doc.openapi === 'string' && !doc.openapi.startsWith('3.')) throw badRequest(`Invalid OpenAPI input: unsupported OpenAPI version ${doc.openapi}.`);
  if (doc.swagger !== undefined && String(doc.swagger) !== '2.0') throw badRequest(`Invalid OpenAPI input: unsupported Swagger version ${String(doc.swagger)}.`);
  if (!isRecord(doc.info) || typeof doc.info.title !== 'string' || doc.info.title === '') throw badRequest('Invalid OpenAPI input: info.title is required; it becomes the REST API name.');
  return doc;
}

/** The base path of the document: Swagger's basePath or the path of OpenAPI 3's first server URL. */
function basePathOf(doc: Doc): string {
  if (typeof doc.basePath === 'string') return doc.basePath;
  const server = Array.isArray(doc.servers) && isRecord(doc.servers[0]) ? doc.servers[0] : undefined;
  const url = server && typeof server.url === 'string' ? server.url : '';
  const variables = server && isRecord(server.variables) ? server.variables : {};
  const expanded = url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = variables[name];
    return isRecord(v) && typeof v.default === 'string' ? v.default : '';
  });
  const path = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(expanded)?.[1] ?? (expanded.startsWith('/') ? expanded : '');
  return path.replace(/\/+$/, '');
}

function stringMap(value: JsonValue | undefined): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Builds the API's configuration from the document; throws BadRequestException with AWS's "Errors found during import" wording. */
function buildConfiguration(doc: Doc, query: URLSearchParams, root: Resource, validators: Record<string, RequestValidator>): Imported {
  const warnings: string[] = [];
  const errors: string[] = [];
  const resources: Record<string, Resource> = { [root.id]: { ...root, resourceMethods: {} } };
  const byPath = new Map<string, Resource>([['/', resources[root.id]!]]);

  const validatorsByName = new Map(Object.values(validators).map((v) => [v.name, v]));
  const declared = doc['x-amazon-apigateway-request-validators'];
  if (isRecord(declared)) {
    for (const [name, v] of Object.entries(declared)) {
      if (!isRecord(v)) continue;
      const existing = validatorsByName.get(name);
      const validator: RequestValidator = { id: existing?.id ?? newApiGatewayId().slice(0, 6), name, validateRequestBody: v.validateRequestBody === true, validateRequestParameters: v.validateRequestParameters === true };
      validators[validator.id] = validator;
      validatorsByName.set(name, validator);
    }
  }

  const gatewayResponses: Record<string, GatewayResponse> = {};
  const gr = doc['x-amazon-apigateway-gateway-responses'];
  if (isRecord(gr)) {
    for (const [type, v] of Object.entries(gr)) {
      if (!isRecord(v)) continue;
      gatewayResponses[type] = {
        responseType: type,
        ...(v.statusCode !== undefined ? { statusCode: String(v.statusCode) } : {}),
        ...(stringMap(v.responseParameters) ? { responseParameters: stringMap(v.responseParameters)! } : {}),
        ...(stringMap(v.responseTemplates) ? { responseTemplates: stringMap(v.responseTemplates)! } : {}),
        defaultResponse: false,
      };
    }
  }

  const basepathMode = query.get('basepath') ?? 'ignore';
  const prefix = basepathMode === 'prepend' ? basePathOf(doc) : '';
  const resourceAt = (path: string): Resource => {
    const found = byPath.get(path);
    if (found) return found;
    const cut = path.lastIndexOf('/');
    const parent = resourceAt(cut <= 0 ? '/' : path.slice(0, cut));
    const pathPart = path.slice(cut + 1);
    validatePathPart(pathPart);
    const resource: Resource = { id: newApiGatewayId(), parentId: parent.id, pathPart, path, resourceMethods: {} };
    resources[resource.id] = resource;
    byPath.set(path, resource);
    return resource;
  };

  const resolver = new IntrinsicResolver({ resources: {}, parameters: {}, region: 'us-east-1', accountId: '000000000000' });
  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const [pathKey, itemValue] of Object.entries(paths)) {
    const item = deref(doc, itemValue);
    if (!isRecord(item)) continue;
    const fullPath = `${prefix}${pathKey}`.replace(/\/+$/, '') || '/';
    let resource: Resource;
    try {
      if (!fullPath.startsWith('/')) throw badRequest(`Invalid resource path ${pathKey}: it must start with "/"`);
      resource = resourceAt(fullPath);
    } catch (err) {
      errors.push(`Unable to create resource at path '${fullPath}': ${(err as Error).message}`);
      continue;
    }
    for (const op of OPERATIONS) {
      const operation = item[op];
      if (!isRecord(operation)) continue;
      const verb = op === 'x-amazon-apigateway-any-method' ? 'ANY' : op.toUpperCase();
      const read = readOperation(doc, item, operation, op, resolver);
      if (read.otherSecurity) warnings.push(`Security scheme '${read.otherSecurity}' on '${verb} ${fullPath}' is an authorizer, which the sandbox does not run; the method was imported with authorization type ${read.raw.authorizationType}.`);
      const raw = read.raw;
      const validatorName = read.requestValidator;
      const validator = validatorName !== undefined ? validatorsByName.get(validatorName) : undefined;
      if (validatorName !== undefined && !validator) {
        errors.push(`Unable to put method '${verb}' on resource at path '${fullPath}': Invalid Request Validator identifier specified: ${validatorName}`);
        continue;
      }
      const methodResponses: Record<string, MethodResponse> = {};
      for (const [status, r] of Object.entries(raw.methodResponses ?? {})) {
        methodResponses[status] = { statusCode: status, responseParameters: r.responseParameters ?? {}, ...(Object.keys(r.responseModels ?? {}).length > 0 ? { responseModels: r.responseModels! } : {}) };
      }
      const method: Method = {
        httpMethod: verb,
        authorizationType: raw.authorizationType ?? 'NONE',
        apiKeyRequired: raw.apiKeyRequired ?? false,
        ...(validator ? { requestValidatorId: validator.id } : {}),
        ...(typeof operation.operationId === 'string' ? { operationName: operation.operationId } : {}),
        ...(Object.keys(raw.requestParameters ?? {}).length > 0 ? { requestParameters: raw.requestParameters! } : {}),
        ...(Object.keys(methodResponses).length > 0 ? { methodResponses } : {}),
      };
      try {
        validateHttpMethod(verb);
        validateMethod(method);
        for (const r of Object.values(methodResponses)) validateMethodResponse(r);
      } catch (err) {
        errors.push(`Unable to put method '${verb}' on resource at path '${fullPath}': ${(err as Error).message}`);
        continue;
      }
      const i = raw.methodIntegration;
      if (isRecord(operation['x-amazon-apigateway-integration']) && i) {
        const integrationResponses: Record<string, IntegrationResponse> = {};
        for (const r of Object.values(i.integrationResponses ?? {})) {
          const statusCode = r.statusCode ?? '200';
          integrationResponses[statusCode] = {
            statusCode,
            ...(r.selectionPattern !== undefined ? { selectionPattern: r.selectionPattern } : {}),
            ...(Object.keys(r.responseParameters ?? {}).length > 0 ? { responseParameters: r.responseParameters! } : {}),
            ...(Object.keys(r.responseTemplates ?? {}).length > 0 ? { responseTemplates: r.responseTemplates! } : {}),
            ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
          };
        }
        const integration: Integration = {
          type: i.type ?? '',
          ...(i.httpMethod ? { httpMethod: i.httpMethod.toUpperCase() } : {}),
          ...(i.uri ? { uri: i.uri } : {}),
          ...(i.credentials ? { credentials: i.credentials } : {}),
          ...(Object.keys(i.requestParameters ?? {}).length > 0 ? { requestParameters: i.requestParameters! } : {}),
          ...(Object.keys(i.requestTemplates ?? {}).length > 0 ? { requestTemplates: i.requestTemplates! } : {}),
          passthroughBehavior: i.passthroughBehavior ?? 'WHEN_NO_MATCH',
          ...(i.contentHandling ? { contentHandling: i.contentHandling } : {}),
          timeoutInMillis: i.timeoutInMillis ?? 29_000,
          cacheNamespace: resource.id,
          cacheKeyParameters: [],
          ...(Object.keys(integrationResponses).length > 0 ? { integrationResponses } : {}),
        };
        try {
          if (!['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'].includes(integration.type)) throw badRequest(`Invalid integration type specified: ${integration.type || '(none)'}`);
          validateIntegration(integration, method);
          for (const r of Object.values(integrationResponses)) validateIntegrationResponse(r, methodResponses[r.statusCode]);
        } catch (err) {
          errors.push(`Unable to put integration on '${verb}' for resource at path '${fullPath}': ${(err as Error).message}`);
          continue;
        }
        method.methodIntegration = integration;
      } else {
        warnings.push(`Method '${verb}' on resource at path '${fullPath}' has no x-amazon-apigateway-integration; it was created without an integration.`);
      }
      resource.resourceMethods = { ...(resource.resourceMethods ?? {}), [verb]: method };
    }
  }
  const schemas = isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : isRecord(doc.definitions) ? doc.definitions : {};
  for (const name of Object.keys(schemas)) {
    if (name !== 'Empty' && name !== 'Error') warnings.push(`Model '${name}' was not imported: the sandbox does not keep models, so request bodies are not validated against it.`);
  }
  if (errors.length > 0) throw badRequest(`Errors found during import:\n\t${errors.join('\n\t')}`);

  const apiKeySource = doc['x-amazon-apigateway-api-key-source'];
  const binary = doc['x-amazon-apigateway-binary-media-types'];
  const info = doc.info as Doc;
  const api: Partial<RestApi> = {
    name: String(info.title),
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    ...(info.version !== undefined ? { version: String(info.version) } : {}),
    ...(apiKeySource === 'HEADER' || apiKeySource === 'AUTHORIZER' ? { apiKeySource } : {}),
    ...(Array.isArray(binary) ? { binaryMediaTypes: binary.map(String) } : {}),
  };
  return {
    api,
    config: { resources, requestValidators: validators, ...(Object.keys(gatewayResponses).length > 0 ? { gatewayResponses } : {}) },
    warnings,
  };
}

function failOnWarnings(query: URLSearchParams, warnings: string[]): void {
  if (query.get('failonwarnings') === 'true' && warnings.length > 0) throw badRequest(`Warnings found during import:\n\t${warnings.join('\n\t')}`);
}

function endpointTypes(query: URLSearchParams): string[] | undefined {
  const t = query.get('endpointConfigurationTypes');
  if (t === null) return undefined;
  if (!['EDGE', 'REGIONAL', 'PRIVATE'].includes(t)) throw badRequest(`Invalid endpoint configuration type specified: ${t}. Valid options are EDGE, REGIONAL, PRIVATE`);
  return [t];
}

function handle(fn: () => SandboxResponse): SandboxResponse {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiGatewayError) return errorResponse(err.code, err.message);
    throw err;
  }
}

/** ImportRestApi: a new REST API from the document. */
export function importRestApi(ctx: SandboxContext, region: string, body: Buffer, query: URLSearchParams): SandboxResponse {
  return handle(() => {
    const doc = parseDefinition(body);
    const root: Resource = { id: newApiGatewayId(), path: '/' };
    const imported = buildConfiguration(doc, query, root, {});
    failOnWarnings(query, imported.warnings);
    const api: RestApi = {
      id: newApiGatewayId(),
      name: imported.api.name!,
      ...imported.api,
      createdDate: epochSeconds(),
      apiKeySource: imported.api.apiKeySource ?? 'HEADER',
      endpointConfiguration: { types: endpointTypes(query) ?? ['EDGE'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: root.id,
    };
    insertRestApi(ctx.db, { region, api, config: imported.config });
    return created(201, api, imported.warnings);
  });
}

/**
 * PutRestApi: `overwrite` replaces every resource, method and validator with the document's (the root resource keeps
 * its id); `merge` (the default) adds the document's resources and methods to the API, replacing methods it redefines.
 */
export function putRestApi(ctx: SandboxContext, apiId: string, body: Buffer, query: URLSearchParams): SandboxResponse {
  return handle(() => {
    const mode = query.get('mode') ?? 'merge';
    if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode specified: ${mode}. Valid options are merge, overwrite`);
    const doc = parseDefinition(body);
    if (!getRestApi(ctx.db, apiId)) throw notFound('REST API');
    const out = mutateRestApi(ctx.db, apiId, (stored) => {
      const rootId = stored.api.rootResourceId;
      const root = stored.config.resources[rootId] ?? { id: rootId, path: '/' };
      const imported = buildConfiguration(doc, query, root, mode === 'overwrite' ? {} : { ...(stored.config.requestValidators ?? {}) });
      failOnWarnings(query, imported.warnings);
      if (mode === 'overwrite') {
        stored.config = imported.config;
        stored.api = { ...stored.api, ...imported.api };
      } else {
        const resources = { ...stored.config.resources };
        const idByPath = new Map(Object.values(resources).map((r) => [r.path, r.id]));
        const remap = new Map<string, string>();
        for (const r of Object.values(imported.config.resources).sort((a, b) => a.path.length - b.path.length)) {
          const existingId = idByPath.get(r.path);
          if (existingId) {
            remap.set(r.id, existingId);
            const existing = resources[existingId]!;
            resources[existingId] = { ...existing, resourceMethods: { ...(existing.resourceMethods ?? {}), ...(r.resourceMethods ?? {}) } };
          } else {
            const parentId = r.parentId ? (remap.get(r.parentId) ?? r.parentId) : undefined;
            resources[r.id] = { ...r, ...(parentId ? { parentId } : {}) };
            idByPath.set(r.path, r.id);
          }
        }
        stored.config = {
          ...stored.config,
          resources,
          requestValidators: imported.config.requestValidators ?? {},
          ...(imported.config.gatewayResponses ? { gatewayResponses: { ...(stored.config.gatewayResponses ?? {}), ...imported.config.gatewayResponses } } : {}),
        };
        stored.api = { ...stored.api, ...(imported.api.binaryMediaTypes ? { binaryMediaTypes: imported.api.binaryMediaTypes } : {}), ...(imported.api.apiKeySource ? { apiKeySource: imported.api.apiKeySource } : {}) };
      }
      const types = endpointTypes(query);
      if (types) stored.api.endpointConfiguration = { types };
      return { api: stored.api, warnings: imported.warnings };
    });
    if (!out) throw notFound('REST API');
    return created(200, out.result.api, out.result.warnings);
  });
}
