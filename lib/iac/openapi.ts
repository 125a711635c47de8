import type { IntegrationDesign } from '@/lib/design';
import type { DesignPath } from '@/lib/doctor';
import { queueFromResource, queueOfRole, roleFromResource } from './cloudformation';
import { IntrinsicResolver } from './intrinsics';
import { isSqsIntegration, methodToDesign, type RawMethod } from './method';
import { isRecord, type JsonValue, type SourcePath } from './source';
import type { ImportSink, MethodImport } from './types';

export type OpenApiImportContext = {
  base: SourcePath;
  region: string;
  accountId: string;
  stageName: string;
  stageVariables?: Record<string, string>;
  apiName?: string;
  /** ImportRestApi's endpointConfigurationTypes parameter or SAM's EndpointConfiguration (OpenAPI has no field for it). */
  endpointType?: 'REGIONAL' | 'EDGE' | 'PRIVATE';
  /** Inside a SAM template: resolves intrinsics against its resources (queue, role). */
  resolverFor?: () => IntrinsicResolver;
};

export const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'] as const;
const LOCATION: Record<string, string> = { header: 'header', query: 'querystring', path: 'path' };

type Doc = { [key: string]: JsonValue };

/** A local `$ref` (`#/components/parameters/X`) resolved in the document; other references stay as they are. */
export function deref(doc: Doc, value: JsonValue | undefined, depth = 0): JsonValue | undefined {
  if (!isRecord(value) || typeof value.$ref !== 'string' || depth > 16) return value;
  const ref = value.$ref;
  if (!ref.startsWith('#/')) return value;
  let cur: JsonValue | undefined = doc;
  for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    cur = isRecord(cur) ? cur[part] : undefined;
  }
  return deref(doc, cur, depth + 1);
}

function modelName(doc: Doc, schema: JsonValue | undefined): string | undefined {
  if (isRecord(schema) && typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  return schema === undefined ? undefined : 'Empty';
}

function securitySchemes(doc: Doc): Doc {
  const v3 = isRecord(doc.components) && isRecord(doc.components.securitySchemes) ? doc.components.securitySchemes : undefined;
  const v2 = isRecord(doc.securityDefinitions) ? doc.securityDefinitions : undefined;
  return v3 ?? v2 ?? {};
}

function authOf(doc: Doc, security: JsonValue | undefined): { authorizationType: string; apiKeyRequired: boolean; other?: string } {
  const schemes = securitySchemes(doc);
  let authorizationType = 'NONE';
  let apiKeyRequired = false;
  let other: string | undefined;
  for (const requirement of Array.isArray(security) ? security : []) {
    if (!isRecord(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name];
      if (!isRecord(scheme)) continue;
      if (scheme['x-amazon-apigateway-authtype'] === 'awsSigv4') authorizationType = 'AWS_IAM';
      else if (scheme.type === 'apiKey' && scheme['x-amazon-apigateway-authorizer'] === undefined) apiKeyRequired = true;
      else other = name;
    }
  }
  return { authorizationType, apiKeyRequired, ...(other ? { other } : {}) };
}

function upperEnum(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value.toUpperCase() : undefined;
}

function corsOf(item: Doc): IntegrationDesign['cors'] | undefined {
  const options = item.options;
  if (!isRecord(options)) return undefined;
  const integration = options['x-amazon-apigateway-integration'];
  if (!isRecord(integration) || String(integration.type).toLowerCase() !== 'mock') return undefined;
  const responses = isRecord(integration.responses) ? Object.values(integration.responses).filter(isRecord) : [];
  const params = responses[0] && isRecord(responses[0].responseParameters) ? responses[0].responseParameters : {};
  const unquote = (v: JsonValue | undefined) => (typeof v === 'string' ? v.replace(/^'|'$/g, '') : undefined);
  return {
    enabled: true,
    allowOrigin: unquote(params['method.response.header.Access-Control-Allow-Origin']) ?? '*',
    allowHeaders: (unquote(params['method.response.header.Access-Control-Allow-Headers']) ?? '').split(',').map((h) => h.trim()).filter(Boolean),
  };
}

export type ReadOperation = {
  raw: RawMethod;
  /** Keys of x-amazon-apigateway-integration.responses, in document order. */
  responsePatterns: string[];
  /** Where each method request parameter is declared: the operation's own `parameters` or the path item's. */
  parameters: { key: string; index: number; own: boolean }[];
  /** A security scheme that is neither an API key nor SigV4 (an authorizer). */
  otherSecurity?: string;
  /** x-amazon-apigateway-request-validator of the operation, else of the document. */
  requestValidator?: string;
  /** Content type → model name of the request body (OpenAPI 3 `requestBody`, Swagger 2 `in: body`). */
  requestModels: Record<string, string>;
};

function requestModelsOf(doc: Doc, operation: Doc, params: JsonValue[]): Record<string, string> {
  const models: Record<string, string> = {};
  const body = deref(doc, operation.requestBody);
  if (isRecord(body) && isRecord(body.content)) {
    for (const [ct, media] of Object.entries(body.content)) {
      const m = modelName(doc, isRecord(media) ? media.schema : undefined);
      if (m) models[ct] = m;
    }
    return models;
  }
  const bodyParam = params.map((p) => deref(doc, p)).find((p) => isRecord(p) && p.in === 'body');
  if (isRecord(bodyParam)) {
    const consumes = Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(doc.consumes) ? doc.consumes : ['application/json'];
    const m = modelName(doc, bodyParam.schema) ?? 'Empty';
    for (const ct of consumes) if (typeof ct === 'string') models[ct] = m;
  }
  return models;
}

/**
 * One OpenAPI operation as an API Gateway method (GetMethod's shape), whatever its integration: the importer of
 * designs keeps the SQS ones, the sandbox's ImportRestApi creates all of them.
 */
export function readOperation(doc: Doc, item: Doc, operation: Doc, op: string, r: IntrinsicResolver): ReadOperation {
  const integrationValue = operation['x-amazon-apigateway-integration'];
  const resolved = isRecord(integrationValue) ? r.resolve(integrationValue) : {};
  const integration = isRecord(resolved) ? resolved : {};
  const requestParameters: Record<string, boolean> = {};
  const parameterOrigins: ReadOperation['parameters'] = [];
  const shared = Array.isArray(item.parameters) ? item.parameters : [];
  const params = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
  params.forEach((pv, idx) => {
    const p = deref(doc, pv);
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return;
    const loc = LOCATION[p.in];
    if (!loc) return;
    const key = `method.request.${loc}.${p.name}`;
    requestParameters[key] = p.required === true;
    const own = idx >= shared.length;
    parameterOrigins.push({ key, index: own ? idx - shared.length : idx, own });
  });
  const auth = authOf(doc, operation.security ?? doc.security);
  const methodResponses: NonNullable<RawMethod['methodResponses']> = {};
  const responses = isRecord(operation.responses) ? operation.responses : {};
  for (const [status, rv] of Object.entries(responses)) {
    const resp = deref(doc, rv);
    if (!isRecord(resp) || !/^[1-5]\d\d$/.test(status)) continue;
    const headers = isRecord(resp.headers) ? Object.keys(resp.headers) : [];
    const models: Record<string, string> = {};
    if (isRecord(resp.content)) {
      for (const [ct, media] of Object.entries(resp.content)) {
        const m = modelName(doc, isRecord(media) ? media.schema : undefined);
        if (m) models[ct] = m;
      }
    } else if (resp.schema !== undefined) {
      const produces = Array.isArray(doc.produces) && typeof doc.produces[0] === 'string' ? doc.produces[0] : 'application/json';
      models[produces] = modelName(doc, resp.schema) ?? 'Empty';
    }
    methodResponses[status] = { statusCode: status, responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false])), responseModels: models };
  }
  const integrationResponses: NonNullable<NonNullable<RawMethod['methodIntegration']>['integrationResponses']> = {};
  const irs = isRecord(integration.responses) ? integration.responses : {};
  for (const [pattern, v] of Object.entries(irs)) {
    if (!isRecord(v)) continue;
    integrationResponses[pattern] = {
      statusCode: r.string(v.statusCode ?? '200'),
      ...(pattern !== 'default' ? { selectionPattern: pattern } : {}),
      responseTemplates: r.stringMap(v.responseTemplates),
      responseParameters: r.stringMap(v.responseParameters),
      ...(v.contentHandling !== undefined ? { contentHandling: upperEnum(v.contentHandling) } : {}),
    };
  }
  const validator = operation['x-amazon-apigateway-request-validator'] ?? doc['x-amazon-apigateway-request-validator'];
  const raw: RawMethod = {
    httpMethod: op === 'x-amazon-apigateway-any-method' ? 'ANY' : op.toUpperCase(),
    authorizationType: auth.authorizationType,
    apiKeyRequired: auth.apiKeyRequired,
    requestParameters,
    methodIntegration: {
      type: r.string(integration.type ?? '').toUpperCase(),
      httpMethod: r.string(integration.httpMethod ?? ''),
      uri: r.string(integration.uri ?? ''),
      credentials: r.string(integration.credentials ?? ''),
      requestParameters: r.stringMap(integration.requestParameters),
      requestTemplates: r.stringMap(integration.requestTemplates),
      ...(upperEnum(integration.passthroughBehavior) ? { passthroughBehavior: upperEnum(integration.passthroughBehavior) } : {}),
      ...(r.number(integration.timeoutInMillis) !== undefined ? { timeoutInMillis: r.number(integration.timeoutInMillis) } : {}),
      ...(upperEnum(integration.contentHandling) ? { contentHandling: upperEnum(integration.contentHandling) } : {}),
      integrationResponses,
    },
    methodResponses,
  };
  return {
    raw,
    responsePatterns: Object.keys(irs),
    parameters: parameterOrigins,
    ...(auth.other ? { otherSecurity: auth.other } : {}),
    ...(typeof validator === 'string' ? { requestValidator: validator } : {}),
    requestModels: requestModelsOf(doc, operation, params),
  };
}

/**
 * Every operation with an SQS `x-amazon-apigateway-integration` in an OpenAPI 3 or Swagger 2 document (API Gateway
 * extensions: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html), one
 * design each. Operations without one, or with another integration, are listed as unsupported.
 */
export function importOpenApiDocument(doc: Doc, ctx: OpenApiImportContext, sink: ImportSink): MethodImport[] {
  const out: MethodImport[] = [];
  const info = isRecord(doc.info) ? doc.info : {};
  const name = ctx.apiName ?? (typeof info.title === 'string' ? info.title : 'imported-api');
  const restApi: IntegrationDesign['restApi'] = {
    mode: 'create',
    name,
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    endpointType: ctx.endpointType ?? 'EDGE',
  };
  const paths = isRecord(doc.paths) ? doc.paths : {};
  const basePath = typeof doc.basePath === 'string' && doc.basePath !== '/' ? doc.basePath.replace(/\/$/, '') : '';
  for (const [pathKey, itemValue] of Object.entries(paths)) {
    const item = deref(doc, itemValue);
    if (!isRecord(item)) continue;
    const itemPath = [...ctx.base, 'paths', pathKey];
    const cors = corsOf(item);
    for (const op of OPERATIONS) {
      const operation = item[op];
      if (!isRecord(operation)) continue;
      const opPath = [...itemPath, op];
      const integrationValue = operation['x-amazon-apigateway-integration'];
      if (!isRecord(integrationValue)) {
        sink.unsupported(opPath, `${op.toUpperCase()} ${pathKey} has no x-amazon-apigateway-integration; it is not imported.`);
        continue;
      }
      if (op === 'options' && String(integrationValue.type).toLowerCase() === 'mock') continue;
      const r = ctx.resolverFor?.() ?? new IntrinsicResolver({ resources: {}, parameters: {}, region: ctx.region, accountId: ctx.accountId });
      const read = readOperation(doc, item, operation, op, r);
      const ip = [...opPath, 'x-amazon-apigateway-integration'];
      const origins: [DesignPath, SourcePath][] = read.parameters.map(({ key, index, own }) => [['method', 'requestParameters', key], own ? [...opPath, 'parameters', index] : [...itemPath, 'parameters', index]]);
      if (read.otherSecurity) sink.unsupported([...opPath, 'security'], `Security scheme ${read.otherSecurity} (an authorizer) is not part of a design; the design uses ${read.raw.authorizationType}.`);
      const { raw } = read;
      const irs = Object.fromEntries(read.responsePatterns.map((p) => [p, true]));
      if (!isSqsIntegration(raw)) {
        sink.unsupported(ip, `${op.toUpperCase()} ${pathKey} is not an SQS integration (type ${raw.methodIntegration?.type || 'missing'}, URI ${raw.methodIntegration?.uri || 'missing'}); only API Gateway → SQS methods become designs.`);
        continue;
      }
      const roleId = [...r.referenced].find((id) => r.resource(id)?.Type === 'AWS::IAM::Role');
      const queueId = [...r.referenced].find((id) => r.resource(id)?.Type === 'AWS::SQS::Queue') ?? (roleId && ctx.resolverFor ? queueOfRole(ctx.resolverFor(), roleId) : undefined);
      const design = methodToDesign(raw, {
        restApi,
        resourcePath: `${basePath}${pathKey}` || '/',
        region: ctx.region,
        accountId: ctx.accountId,
        stageName: ctx.stageName,
        ...(ctx.stageVariables ? { stageVariables: ctx.stageVariables } : {}),
        ...(cors ? { cors } : {}),
        ...(queueId ? { queue: queueFromResource(r, queueId, sink, ['Resources', queueId]) } : {}),
      });
      if (roleId) design.executionRole = roleFromResource(r, roleId, design, sink, ['Resources', roleId]);
      for (const key of Object.keys(raw.methodIntegration?.requestParameters ?? {})) origins.push([['integration', 'requestParameters', key], [...ip, 'requestParameters', key]]);
      for (const key of Object.keys(raw.methodIntegration?.requestTemplates ?? {})) origins.push([['integration', 'requestTemplates', key], [...ip, 'requestTemplates', key]]);
      Object.keys(irs).forEach((pattern, idx) => origins.push([['integrationResponses', idx], [...ip, 'responses', pattern]]));
      origins.push(
        [['integration', 'integrationHttpMethod'], [...ip, 'httpMethod']],
        [['integration', 'actionType'], [...ip, 'uri']],
        [['integration', 'pathOverride'], [...ip, 'uri']],
        [['integration', 'action'], [...ip, 'uri']],
        [['integration', 'timeoutInMillis'], [...ip, 'timeoutInMillis']],
        [['integration', 'passthroughBehavior'], [...ip, 'passthroughBehavior']],
        [['integration', 'requestParameters'], [...ip, 'requestParameters']],
        [['integration', 'requestTemplates'], [...ip, 'requestTemplates']],
        [['integration'], ip],
        [['executionRole'], [...ip, 'credentials']],
        [['queue'], [...ip, 'uri']],
        [['methodResponses'], [...opPath, 'responses']],
        [['method'], opPath],
      );
      out.push({ design, source: opPath, origins });
    }
  }
  return out;
}
