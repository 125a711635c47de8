import { mediaType, parseIntegrationRequestKey, parseMethodRequestKey, parseRequestMappingSource, type MappingSource } from '@/lib/design';
import { TEMPLATE_FAILURE_RESPONSE, type VtlOverrides, type VtlRequest } from '@/lib/vtl';
import { buildTemplateContext, contextValue, render, transformFailure, headerValues, lastHeader, setHeader, traceIdOf, vtlRequestOf } from './context';
import { formatLogHeaders, javaMap, logLine } from './log';
import { emptyRecord, own } from '@/lib/records';
import type {
  BuildResult,
  GatewayError,
  HeaderList,
  IntegrationRequest,
  InvocationContext,
  MethodConfig,
  MethodErrorResult,
  MethodRequest,
} from './types';
import { buildEndpointUrl } from './uri';

const JSON_TYPE = 'application/json';

/**
 * Evaluates a JSONPath written without the leading `$` (`order.id`, `[0].x`) against a body the way `$input.json`
 * does, through lib/vtl, so mappings and templates agree. Strings come back unquoted (a header holds the text, not a
 * JSON literal — what LocalStack does; AWS does not document it); maps and lists as compact JSON; `undefined` when missing.
 */
export function jsonPathValue(body: string, jsonPath: string, base: Omit<VtlRequest, 'body'>): string | undefined {
  const path = jsonPath.startsWith('$') ? jsonPath : jsonPath.startsWith('[') ? `$${jsonPath}` : `$.${jsonPath}`;
  const quote = path.includes("'") ? '"' : "'";
  const rendered = render(`$input.json(${quote}${path}${quote})`, { ...base, body });
  if (!rendered.ok || rendered.output === '' || rendered.output === 'null') return undefined;
  try {
    const value: unknown = JSON.parse(rendered.output);
    return typeof value === 'string' ? value : rendered.output;
  } catch {
    return rendered.output;
  }
}

type Mapped = { header: HeaderList; querystring: [string, string][]; path: Record<string, string> };

function evaluateSource(
  source: MappingSource,
  request: MethodRequest,
  ctx: InvocationContext,
  context: Record<string, unknown>,
  vtlBase: Omit<VtlRequest, 'body'>,
): string | undefined {
  switch (source.kind) {
    case 'static':
      return source.value;
    case 'method.request': {
      const name = source.name;
      if (source.location === 'header') return lastHeader(request.multiValueHeaders, name);
      if (source.location === 'multivalueheader') return headerValues(request.multiValueHeaders, name)?.join(',');
      const query = own(request.multiValueQueryStringParameters, name);
      if (source.location === 'querystring') return query?.[query.length - 1];
      if (source.location === 'multivaluequerystring') return query?.join(',');
      return own(request.pathParameters, name);
    }
    case 'method.request.body': {
      const body = request.body ?? '';
      if (source.jsonPath === undefined) return body;
      return jsonPathValue(body, source.jsonPath, vtlBase);
    }
    case 'context':
      return contextValue(context, source.name);
    case 'stageVariables':
      return own(ctx.stageVariables, source.name);
  }
}

/** Applies `integration.request.*` parameter mappings (aws-reference B.2 point 4). Invalid entries are skipped. */
function mapRequestParameters(
  config: MethodConfig,
  request: MethodRequest,
  ctx: InvocationContext,
  context: Record<string, unknown>,
  vtlBase: Omit<VtlRequest, 'body'>,
): Mapped {
  const mapped: Mapped = { header: [], querystring: [], path: emptyRecord() };
  for (const [key, expression] of Object.entries(config.methodIntegration.requestParameters ?? {})) {
    const target = parseIntegrationRequestKey(key);
    const source = parseRequestMappingSource(expression);
    if (!target.ok || !source.ok) continue;
    const value = evaluateSource(source.value, request, ctx, context, vtlBase);
    if (value === undefined) continue;
    const { location, name } = target.value;
    if (location === 'header') setHeader(mapped.header, name, value);
    else if (location === 'querystring') mapped.querystring.push([name, value]);
    else mapped.path[name] = value;
  }
  return mapped;
}

function missingRequiredParameters(config: MethodConfig, request: MethodRequest): string[] {
  if (!config.requestValidator?.validateRequestParameters) return [];
  const missing: string[] = [];
  for (const [key, required] of Object.entries(config.requestParameters ?? {})) {
    if (!required) continue;
    const parsed = parseMethodRequestKey(key);
    if (!parsed.ok) continue;
    const { location, name } = parsed.value;
    const present =
      location === 'header'
        ? (headerValues(request.multiValueHeaders, name)?.length ?? 0) > 0
        : location === 'querystring'
          ? (own(request.multiValueQueryStringParameters, name)?.length ?? 0) > 0
          : (own(request.pathParameters, name) ?? '') !== '';
    if (!present) missing.push(name);
  }
  return missing;
}

function methodRequestLog(config: MethodConfig, request: MethodRequest, ctx: InvocationContext): string[] {
  const t = ctx.requestTime;
  const multiQuery = request.multiValueQueryStringParameters ?? {};
  return [
    `Execution log for request ${ctx.requestId}`,
    logLine(t, `Starting execution for request: ${ctx.requestId}`),
    logLine(t, `HTTP Method: ${request.httpMethod}, Resource Path: ${config.resourcePath}`),
    logLine(t, `Method request path: ${javaMap(Object.entries(request.pathParameters ?? {}))}`),
    logLine(t, `Method request query string: ${javaMap(Object.entries(multiQuery))}`),
    logLine(t, `Method request headers: ${javaMap(Object.entries(request.multiValueHeaders ?? {}))}`),
    logLine(t, `Method request body before transformations: ${request.body ?? ''}`),
  ];
}

/**
 * The request half of the execution log (aws-reference D): method request, endpoint request URI, headers and body,
 * `Sending request to`. Call it again with the signed headers to log what was really sent.
 */
export function formatRequestLog(config: MethodConfig, request: MethodRequest, ctx: InvocationContext, integration: IntegrationRequest): string[] {
  const t = ctx.requestTime;
  return [
    ...methodRequestLog(config, request, ctx),
    logLine(t, `Endpoint request URI: ${integration.url}`),
    logLine(t, `Endpoint request headers: ${formatLogHeaders(integration.headers)}`),
    logLine(t, `Endpoint request body after transformations: ${integration.body}`),
    logLine(t, `Sending request to ${integration.url}`),
  ];
}

function gatewayError(
  status: number,
  errorType: string,
  message: string,
  ctx: InvocationContext,
  log: string[],
  logText: string,
  error: GatewayError,
): MethodErrorResult {
  return {
    kind: 'method-error',
    status,
    headers: [
      ['Content-Type', JSON_TYPE],
      ['x-amzn-ErrorType', errorType],
    ],
    body: JSON.stringify({ message }).replace('":"', '": "'),
    log: [...log, logLine(ctx.requestTime, logText), logLine(ctx.requestTime, `Method completed with status: ${status}`)],
    error,
  };
}

/**
 * A 500 for a configuration problem found outside this module (role not assumable, invalid endpoint…): body
 * `{"message": "Internal server error"}`, log `Execution failed due to configuration error: <message>`.
 */
export function configurationError(config: MethodConfig, request: MethodRequest, ctx: InvocationContext, message: string, logSoFar?: string[]): MethodErrorResult {
  return gatewayError(
    500,
    'InternalServerErrorException',
    'Internal server error',
    ctx,
    logSoFar ?? methodRequestLog(config, request, ctx),
    `Execution failed due to configuration error: ${message}`,
    { kind: 'configuration', message },
  );
}

function selectRequestTemplate(templates: Record<string, string>, contentType: string): string | undefined {
  if (contentType in templates) return contentType;
  return Object.keys(templates).find((k) => mediaType(k) === contentType);
}

/**
 * Turns a method request into the integration request exactly as API Gateway does for a non-proxy `AWS`
 * integration (aws-reference B.2): required parameters, template selection and passthrough, the mapping template
 * (lib/vtl), parameter mappings, default headers, `$context.requestOverride`, the endpoint URL.
 * Pure and synchronous; never throws for any config or request.
 */
export function buildIntegrationRequest(config: MethodConfig, request: MethodRequest, ctx: InvocationContext): BuildResult {
  const integration = config.methodIntegration;
  const baseLog = methodRequestLog(config, request, ctx);

  // Required parameters are enforced only with a request validator (aws-reference has no text for the log line;
  // AWS does not document it).
  const missing = missingRequiredParameters(config, request);
  if (missing.length > 0) {
    const message = `Missing required request parameters: [${missing.join(', ')}]`;
    return gatewayError(400, 'BadRequestException', message, ctx, baseLog, `Request validation failed: ${message}`, { kind: 'missing-parameters', names: missing });
  }

  // Template selection uses the media type only; no Content-Type counts as application/json (B.2 point 1).
  const clientContentType = lastHeader(request.multiValueHeaders, 'Content-Type');
  const media = clientContentType ? mediaType(clientContentType) : JSON_TYPE;
  const templates = integration.requestTemplates ?? {};
  const hasTemplates = Object.keys(templates).length > 0;
  const templateKey = selectRequestTemplate(templates, media);
  const passthroughBehavior = integration.passthroughBehavior ?? 'WHEN_NO_MATCH';
  // B.2 table; the 415 body is the UNSUPPORTED_MEDIA_TYPE gateway response, AWS does not document the log line.
  if (templateKey === undefined && (passthroughBehavior === 'NEVER' || (passthroughBehavior === 'WHEN_NO_TEMPLATES' && hasTemplates))) {
    return gatewayError(
      415,
      'UnsupportedMediaTypeException',
      'Unsupported Media Type',
      ctx,
      baseLog,
      `Execution failed: no mapping template for content type ${media} and passthrough behavior is ${passthroughBehavior}`,
      { kind: 'unsupported-media-type', contentType: media },
    );
  }

  const context = buildTemplateContext(config, request, ctx);
  const vtlRequest = vtlRequestOf(request, ctx, context);
  const { body: _body, ...vtlBase } = vtlRequest;

  let body = request.body ?? '';
  let overrides: VtlOverrides | undefined;
  if (templateKey !== undefined) {
    const rendered = render(templates[templateKey]!, vtlRequest);
    if (!rendered.ok) {
      const result = configurationError(config, request, ctx, transformFailure('request', rendered.error), baseLog);
      return {
        ...result,
        status: TEMPLATE_FAILURE_RESPONSE.status,
        body: TEMPLATE_FAILURE_RESPONSE.body,
        error: { kind: 'template', contentType: templateKey, vtl: rendered.error },
      };
    }
    body = rendered.output;
    overrides = rendered.overrides;
  }

  const mapped = mapRequestParameters(config, request, ctx, context, vtlBase);
  const headers: HeaderList = [...mapped.header];
  const isMapped = (name: string) => mapped.header.some(([k]) => k.toLowerCase() === name.toLowerCase());
  // Defaults API Gateway adds to AWS integration requests (B.2 point 5). Forwarding the client's Content-Type is
  // what turns a missing form Content-Type mapping into SQS's UnknownOperationException (AWS Knowledge Center).
  if (!isMapped('Accept')) headers.push(['Accept', JSON_TYPE]);
  if (!isMapped('User-Agent')) headers.push(['User-Agent', `AmazonAPIGateway_${ctx.apiId}`]);
  if (clientContentType !== undefined && !isMapped('Content-Type')) headers.push(['Content-Type', clientContentType]);
  headers.push(['X-Amzn-Trace-Id', traceIdOf(ctx)]);

  // requestOverride is final: applied over mappings and defaults (aws-reference A.4).
  const pathParams = { ...mapped.path };
  const query = [...mapped.querystring];
  if (overrides) {
    for (const [k, v] of Object.entries(overrides.requestOverride.header)) setHeader(headers, k, v);
    Object.assign(pathParams, overrides.requestOverride.path);
    for (const [k, v] of Object.entries(overrides.requestOverride.querystring)) {
      const idx = query.findIndex(([q]) => q === k);
      if (idx >= 0) query[idx] = [k, v];
      else query.push([k, v]);
    }
  }

  const url = buildEndpointUrl(integration.uri, pathParams, query, ctx.stageVariables ?? {});
  if (!url.ok) return configurationError(config, request, ctx, 'Invalid endpoint address', baseLog);

  const method = integration.integrationHttpMethod === 'ANY' || !integration.integrationHttpMethod ? request.httpMethod : integration.integrationHttpMethod;
  const integrationRequest: IntegrationRequest = { method, url: url.url, headers, body };
  return {
    kind: 'integration-request',
    request: integrationRequest,
    ...(templateKey !== undefined ? { templateUsed: templateKey } : {}),
    passthrough: templateKey === undefined,
    log: formatRequestLog(config, request, ctx, integrationRequest),
  };
}
