import { integrationUri, REQUEST_VALIDATOR_NAME, roleArn, type IntegrationDesign } from '@/lib/design';
import type { JsonValue } from '../source';
import { corsHeaders } from './common';

type Json = { [key: string]: JsonValue };

const IN: Record<string, string> = { header: 'header', querystring: 'query', path: 'path' };

export type OpenApiTargets = {
  /** The integration URI and role of a design (literal for ImportRestApi; intrinsics inside a SAM template). */
  uri: (d: IntegrationDesign) => JsonValue;
  credentials: (d: IntegrationDesign) => JsonValue;
};

const LITERAL: OpenApiTargets = { uri: integrationUri, credentials: roleArn };

function parameters(d: IntegrationDesign): JsonValue[] {
  const out: JsonValue[] = [];
  for (const [key, required] of Object.entries(d.method.requestParameters)) {
    const m = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(key);
    if (!m) continue;
    out.push({ name: m[2]!, in: IN[m[1]!]!, required: m[1] === 'path' ? true : required, schema: { type: 'string' } });
  }
  return out;
}

function operation(d: IntegrationDesign, targets: OpenApiTargets): Json {
  const responses: Json = {};
  for (const r of d.methodResponses) {
    const headers = Object.keys(r.responseParameters).map((k) => k.replace(/^method\.response\.header\./, ''));
    responses[r.statusCode] = {
      description: `${r.statusCode} response`,
      ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }])) } : {}),
      ...(Object.keys(r.responseModels).length > 0
        ? { content: Object.fromEntries(Object.entries(r.responseModels).map(([ct, model]) => [ct, { schema: { $ref: `#/components/schemas/${model}` } }])) }
        : {}),
    };
  }
  const integrationResponses: Json = {};
  for (const r of d.integrationResponses) {
    integrationResponses[r.selectionPattern ? r.selectionPattern : 'default'] = {
      statusCode: r.statusCode,
      responseTemplates: r.responseTemplates,
      responseParameters: r.responseParameters,
      ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
    };
  }
  const security: JsonValue[] = [...(d.method.apiKeyRequired ? [{ api_key: [] }] : []), ...(d.method.authorizationType === 'AWS_IAM' ? [{ sigv4: [] }] : [])];
  const params = parameters(d);
  return {
    ...(params.length > 0 ? { parameters: params } : {}),
    responses,
    ...(security.length > 0 ? { security } : {}),
    ...(Object.values(d.method.requestParameters).some(Boolean) ? { 'x-amazon-apigateway-request-validator': REQUEST_VALIDATOR_NAME } : {}),
    'x-amazon-apigateway-integration': {
      type: 'aws',
      httpMethod: d.integration.integrationHttpMethod,
      uri: targets.uri(d),
      credentials: targets.credentials(d),
      requestParameters: d.integration.requestParameters,
      requestTemplates: d.integration.requestTemplates,
      passthroughBehavior: d.integration.passthroughBehavior.toLowerCase(),
      timeoutInMillis: d.integration.timeoutInMillis,
      ...(d.integration.contentHandling ? { contentHandling: d.integration.contentHandling } : {}),
      responses: integrationResponses,
    },
  };
}

function corsOperation(d: IntegrationDesign, methods: string[]): Json {
  const allow = corsHeaders(d, methods);
  return {
    responses: { '200': { description: 'CORS preflight', headers: Object.fromEntries(Object.keys(allow).map((h) => [h, { schema: { type: 'string' } }])) } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: { default: { statusCode: '200', responseParameters: Object.fromEntries(Object.entries(allow).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`])) } },
    },
  };
}

/**
 * An OpenAPI 3.0 document of designs that share one REST API, with the API Gateway extensions ImportRestApi reads
 * (`x-amazon-apigateway-integration`, `-request-validators`, `-api-key-source`; AWS developer guide, "Working with
 * API Gateway extensions to OpenAPI").
 */
export function openApiDocument(designs: IntegrationDesign[], targets: OpenApiTargets = LITERAL): Json {
  const first = designs[0]!;
  const title = first.restApi.mode === 'create' ? first.restApi.name : (first.restApi.name ?? first.restApi.id);
  const paths: Json = {};
  for (const d of designs) {
    const item = (paths[d.resourcePath] ?? {}) as Json;
    item[d.method.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : d.method.httpMethod.toLowerCase()] = operation(d, targets);
    paths[d.resourcePath] = item;
  }
  for (const d of designs.filter((x) => x.cors.enabled)) {
    const item = paths[d.resourcePath] as Json;
    if (item.options) continue;
    item.options = corsOperation(d, designs.filter((x) => x.resourcePath === d.resourcePath).map((x) => x.method.httpMethod));
  }
  const models = new Set(designs.flatMap((d) => d.methodResponses.flatMap((r) => Object.values(r.responseModels))));
  const schemes: Json = {};
  if (designs.some((d) => d.method.apiKeyRequired)) schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (designs.some((d) => d.method.authorizationType === 'AWS_IAM')) schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  const components: Json = {};
  if (models.size > 0) components.schemas = Object.fromEntries([...models].map((m): [string, JsonValue] => [m, m === 'Empty' ? { title: 'Empty Schema', type: 'object' } : { type: 'object' }]));
  if (Object.keys(schemes).length > 0) components.securitySchemes = schemes;
  return {
    openapi: '3.0.1',
    info: { title, ...(first.restApi.mode === 'create' && first.restApi.description ? { description: first.restApi.description } : {}), version: '1.0' },
    paths,
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...(designs.some((d) => Object.values(d.method.requestParameters).some(Boolean))
      ? { 'x-amazon-apigateway-request-validators': { [REQUEST_VALIDATOR_NAME]: { validateRequestParameters: true, validateRequestBody: false } } }
      : {}),
    ...(designs.some((d) => d.method.apiKeyRequired) ? { 'x-amazon-apigateway-api-key-source': 'HEADER' } : {}),
  };
}
