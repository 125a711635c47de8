import 'server-only';
import { modelUrl } from '@/lib/gateway/model-validation';
import { IntrinsicResolver } from '@/lib/iac/intrinsics';
import { deref, OPERATIONS, readOperation } from '@/lib/iac/openapi';
import { isRecord, parseSource, type JsonValue } from '@/lib/iac/source';
import { registerApiGatewayHandler } from './control-plane';
import { epochSeconds, mutate, ok, param, requireApi, type Call } from './control-plane/call';
import { gatewayResponseOf } from './control-plane/gateway-responses';
import { checkReferences } from './control-plane/methods';
import { checkSchema, defaultModels, modelOf } from './control-plane/models';
import { dict, own, withEntry } from './dict';
import { badRequest } from './errors';
import { newApiGatewayId } from './ids';
import type { ApiConfiguration, Integration, IntegrationResponse, Method, MethodResponse, Model, RequestValidator, Resource, RestApi, StoredGatewayResponse } from './model';
import { insertRestApi } from './store';
import { validateHttpMethod, validateIntegration, validateIntegrationResponse, validateMethod, validateMethodResponse, validatePathPart } from './validation';

/**
 * ImportRestApi (`POST /restapis?mode=import`) and PutRestApi (`PUT /restapis/{id}?mode=overwrite|merge`): an
 * OpenAPI 3 or Swagger 2 document, JSON or YAML, with API Gateway's extensions (AWS developer guide, "Working with
 * API Gateway extensions to OpenAPI"). Every part goes through the checks of the call that makes it one by one
 * (PutMethod, PutIntegration, CreateModel, PutGatewayResponse…), so an import is rejected exactly where those calls
 * would be. Security schemes that are authorizers are not imported: they are reported as warnings, which
 * `failonwarnings=true` turns into a rejected import.
 */

type Doc = { [key: string]: JsonValue };
type Imported = { api: Partial<RestApi>; config: ApiConfiguration; warnings: string[] };

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
  return dict(Object.entries(value).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

const nonEmpty = <T>(map: Record<string, T> | undefined): map is Record<string, T> => map !== undefined && Object.keys(map).length > 0;

/** The schema with its references to the document's schemas pointing at the API's models, as API Gateway stores them. */
function modelSchema(apiId: string, value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((v) => modelSchema(apiId, v));
  if (!isRecord(value)) return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) {
    const target = k === '$ref' && typeof v === 'string' ? /^#\/(?:components\/schemas|definitions)\/([^/]+)$/.exec(v)?.[1] : undefined;
    out[k] = target !== undefined ? modelUrl(apiId, target) : modelSchema(apiId, v);
  }
  return out;
}

/** What the document is imported onto: the API's id and root resource, and (merge) its validators and models. */
type Base = { apiId: string; root: Resource; validators: Record<string, RequestValidator>; models: Record<string, Model> };

function importValidators(doc: Doc, validators: Record<string, RequestValidator>): Map<string, RequestValidator> {
  const byName = new Map(Object.values(validators).map((v) => [v.name, v]));
  const declared = doc['x-amazon-apigateway-request-validators'];
  if (!isRecord(declared)) return byName;
  for (const [name, v] of Object.entries(declared)) {
    if (!isRecord(v)) continue;
    const existing = byName.get(name);
    const validator: RequestValidator = { id: existing?.id ?? newApiGatewayId().slice(0, 6), name, validateRequestBody: v.validateRequestBody === true, validateRequestParameters: v.validateRequestParameters === true };
    validators[validator.id] = validator;
    byName.set(name, validator);
  }
  return byName;
}

/** `components.schemas` (OpenAPI 3) or `definitions` (Swagger 2) as models, replacing same-named ones. */
function importModels(doc: Doc, base: Base, errors: string[]): Record<string, Model> {
  const models = dict(base.models);
  const schemas = isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : isRecord(doc.definitions) ? doc.definitions : {};
  const imported: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    try {
      const model = modelOf({ name, contentType: 'application/json', schema: JSON.stringify(modelSchema(base.apiId, schema), null, 2) });
      const existing = own(models, name);
      models[name] = existing ? { ...model, id: existing.id } : model;
      imported.push(name);
    } catch (err) {
      errors.push(`Unable to create model '${name}': ${(err as Error).message}`);
    }
  }
  // Checked once all are in, since a schema may refer to one defined after it.
  for (const name of imported) {
    try {
      checkSchema(base.apiId, { resources: {}, models }, name, models[name]!.schema);
    } catch (err) {
      errors.push(`Unable to create model '${name}': ${(err as Error).message}`);
    }
  }
  return models;
}

function importGatewayResponses(doc: Doc, errors: string[]): Record<string, StoredGatewayResponse> {
  const out = dict<StoredGatewayResponse>();
  const declared = doc['x-amazon-apigateway-gateway-responses'];
  if (!isRecord(declared)) return out;
  for (const [type, v] of Object.entries(declared)) {
    if (!isRecord(v)) continue;
    const responseParameters = stringMap(v.responseParameters);
    const responseTemplates = stringMap(v.responseTemplates);
    try {
      out[type] = gatewayResponseOf(type, {
        ...(v.statusCode !== undefined ? { statusCode: String(v.statusCode) } : {}),
        ...(responseParameters ? { responseParameters } : {}),
        ...(responseTemplates ? { responseTemplates } : {}),
      });
    } catch (err) {
      errors.push(`Unable to put gateway response '${type}': ${(err as Error).message}`);
    }
  }
  return out;
}

/** Builds the API's configuration from the document; throws BadRequestException with AWS's "Errors found during import" wording. */
function buildConfiguration(doc: Doc, query: URLSearchParams, base: Base): Imported {
  const warnings: string[] = [];
  const errors: string[] = [];
  const { root } = base;
  const resources = dict<Resource>([[root.id, { ...root, resourceMethods: dict() }]]);
  const byPath = new Map<string, Resource>([['/', resources[root.id]!]]);
  const validators = dict(base.validators);
  const validatorsByName = importValidators(doc, validators);
  const models = importModels(doc, base, errors);
  const gatewayResponses = importGatewayResponses(doc, errors);
  const config: ApiConfiguration = { resources, requestValidators: validators, models, gatewayResponses };

  const basepathMode = query.get('basepath') ?? 'ignore';
  const prefix = basepathMode === 'prepend' ? basePathOf(doc) : '';
  const resourceAt = (path: string): Resource => {
    const found = byPath.get(path);
    if (found) return found;
    const cut = path.lastIndexOf('/');
    const parent = resourceAt(cut <= 0 ? '/' : path.slice(0, cut));
    const pathPart = path.slice(cut + 1);
    validatePathPart(pathPart);
    const resource: Resource = { id: newApiGatewayId(), parentId: parent.id, pathPart, path, resourceMethods: dict() };
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
      const methodResponses = dict<MethodResponse>();
      for (const [status, r] of Object.entries(raw.methodResponses ?? {})) {
        methodResponses[status] = { statusCode: status, responseParameters: dict(r.responseParameters ?? {}), ...(nonEmpty(r.responseModels) ? { responseModels: dict(r.responseModels) } : {}) };
      }
      const method: Method = {
        httpMethod: verb,
        authorizationType: raw.authorizationType ?? 'NONE',
        apiKeyRequired: raw.apiKeyRequired ?? false,
        ...(validator ? { requestValidatorId: validator.id } : {}),
        ...(typeof operation.operationId === 'string' ? { operationName: operation.operationId } : {}),
        ...(nonEmpty(raw.requestParameters) ? { requestParameters: dict(raw.requestParameters) } : {}),
        ...(nonEmpty(read.requestModels) ? { requestModels: dict(read.requestModels) } : {}),
        ...(nonEmpty(methodResponses) ? { methodResponses } : {}),
      };
      try {
        validateHttpMethod(verb);
        validateMethod(method);
        checkReferences(config, method);
        for (const r of Object.values(methodResponses)) validateMethodResponse(r);
      } catch (err) {
        errors.push(`Unable to put method '${verb}' on resource at path '${fullPath}': ${(err as Error).message}`);
        continue;
      }
      const i = raw.methodIntegration;
      if (isRecord(operation['x-amazon-apigateway-integration']) && i) {
        const integrationResponses = dict<IntegrationResponse>();
        for (const r of Object.values(i.integrationResponses ?? {})) {
          const statusCode = r.statusCode ?? '200';
          integrationResponses[statusCode] = {
            statusCode,
            ...(r.selectionPattern !== undefined ? { selectionPattern: r.selectionPattern } : {}),
            ...(nonEmpty(r.responseParameters) ? { responseParameters: dict(r.responseParameters) } : {}),
            ...(nonEmpty(r.responseTemplates) ? { responseTemplates: dict(r.responseTemplates) } : {}),
            ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
          };
        }
        const integration: Integration = {
          type: i.type ?? '',
          ...(i.httpMethod ? { httpMethod: i.httpMethod.toUpperCase() } : {}),
          ...(i.uri ? { uri: i.uri } : {}),
          ...(i.credentials ? { credentials: i.credentials } : {}),
          ...(nonEmpty(i.requestParameters) ? { requestParameters: dict(i.requestParameters) } : {}),
          ...(nonEmpty(i.requestTemplates) ? { requestTemplates: dict(i.requestTemplates) } : {}),
          passthroughBehavior: i.passthroughBehavior ?? 'WHEN_NO_MATCH',
          ...(i.contentHandling ? { contentHandling: i.contentHandling } : {}),
          timeoutInMillis: i.timeoutInMillis ?? 29_000,
          cacheNamespace: resource.id,
          cacheKeyParameters: [],
          ...(nonEmpty(integrationResponses) ? { integrationResponses } : {}),
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
      resource.resourceMethods = withEntry(resource.resourceMethods, verb, method);
    }
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
  return { api, config, warnings };
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

const answer = (status: number, api: RestApi, warnings: string[]) => ok(status, { ...api, ...(warnings.length > 0 ? { warnings } : {}) });

/** ImportRestApi: a new REST API from the document. */
function importRestApi(call: Call) {
  const { query } = call;
  const doc = parseDefinition(call.req.body);
  const apiId = newApiGatewayId();
  const root: Resource = { id: newApiGatewayId(), path: '/' };
  const imported = buildConfiguration(doc, query, { apiId, root, validators: {}, models: defaultModels() });
  failOnWarnings(query, imported.warnings);
  const api: RestApi = {
    id: apiId,
    name: imported.api.name!,
    ...imported.api,
    createdDate: epochSeconds(),
    apiKeySource: imported.api.apiKeySource ?? 'HEADER',
    endpointConfiguration: { types: endpointTypes(query) ?? ['EDGE'] },
    disableExecuteApiEndpoint: false,
    rootResourceId: root.id,
  };
  insertRestApi(call.ctx.db, { region: call.region, api, config: imported.config });
  return answer(201, api, imported.warnings);
}

/**
 * PutRestApi: `overwrite` replaces the API's resources, methods, validators, models and gateway responses with the
 * document's (the root resource keeps its id); `merge` (the default) adds the document's to the API, replacing the
 * methods, models and gateway responses it redefines.
 */
function putRestApi(call: Call) {
  const { query } = call;
  const mode = query.get('mode') ?? 'merge';
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode specified: ${mode}. Valid options are merge, overwrite`);
  const doc = parseDefinition(call.req.body);
  requireApi(call);
  const out = mutate(call, (stored) => {
    const rootId = stored.api.rootResourceId;
    const root = own(stored.config.resources, rootId) ?? { id: rootId, path: '/' };
    const base: Base =
      mode === 'overwrite'
        ? { apiId: stored.api.id, root, validators: {}, models: defaultModels() }
        : { apiId: stored.api.id, root, validators: stored.config.requestValidators ?? {}, models: stored.config.models ?? defaultModels() };
    const imported = buildConfiguration(doc, query, base);
    failOnWarnings(query, imported.warnings);
    if (mode === 'overwrite') {
      stored.config = imported.config;
      stored.api = { ...stored.api, ...imported.api };
    } else {
      const resources = dict(stored.config.resources);
      const idByPath = new Map(Object.values(resources).map((r) => [r.path, r.id]));
      const remap = new Map<string, string>();
      for (const r of Object.values(imported.config.resources).sort((a, b) => a.path.length - b.path.length)) {
        const existingId = idByPath.get(r.path);
        if (existingId) {
          remap.set(r.id, existingId);
          const existing = resources[existingId]!;
          resources[existingId] = { ...existing, resourceMethods: dict({ ...(existing.resourceMethods ?? {}), ...(r.resourceMethods ?? {}) }) };
        } else {
          const parentId = r.parentId ? (remap.get(r.parentId) ?? r.parentId) : undefined;
          resources[r.id] = { ...r, ...(parentId ? { parentId } : {}) };
          idByPath.set(r.path, r.id);
        }
      }
      stored.config = {
        ...stored.config,
        resources,
        requestValidators: imported.config.requestValidators ?? dict(),
        models: imported.config.models ?? dict(),
        gatewayResponses: dict({ ...(stored.config.gatewayResponses ?? {}), ...(imported.config.gatewayResponses ?? {}) }),
      };
      stored.api = { ...stored.api, ...(imported.api.binaryMediaTypes ? { binaryMediaTypes: imported.api.binaryMediaTypes } : {}), ...(imported.api.apiKeySource ? { apiKeySource: imported.api.apiKeySource } : {}) };
    }
    const types = endpointTypes(query);
    if (types) stored.api.endpointConfiguration = { types };
    return { api: stored.api, warnings: imported.warnings };
  }, param(call, 'restapi_id'));
  return answer(200, out.api, out.warnings);
}

registerApiGatewayHandler('ImportRestApi', importRestApi);
registerApiGatewayHandler('PutRestApi', putRestApi);
