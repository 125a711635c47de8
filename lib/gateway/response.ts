import { mediaType, parseMethodResponseHeaderKey, parseResponseMappingSource } from '@/lib/design';
import { TEMPLATE_FAILURE_RESPONSE, type VtlOverrides } from '@/lib/vtl';
import { buildTemplateContext, contextValue, render, transformFailure, lastHeader, setHeader, traceIdOf, vtlRequestOf } from './context';
import { javaRegexFullMatch } from './java-regex';
import { formatLogHeaders, logLine } from './log';
import { own } from '@/lib/records';
import { jsonPathValue } from './request';
import type { EndpointResponse, GatewayError, HeaderList, IntegrationResponseConfig, InvocationContext, MethodConfig, MethodRequest, MethodResponse } from './types';

const JSON_TYPE = 'application/json';

export type ResponseOptions = {
  /** The method request (its Accept header chooses the response template; `$input.params()` reads it). */
  request: MethodRequest;
  context: InvocationContext;
  /** Integration latency in ms, for the `Received response` log line. */
  latencyMs: number;
  /** Time stamp of the response half of the log; default: request time + latency. */
  time?: Date;
};

function headerEntries(headers: EndpointResponse['headers']): HeaderList {
  return Array.isArray(headers) ? headers.map(([k, v]) => [k, v] as [string, string]) : Object.entries(headers);
}

function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/**
 * Chooses the integration response for a backend status (aws-reference B.3): the first whose `selectionPattern`
 * (Java regex) matches the **whole** status string, else the default (no pattern); `undefined` when neither.
 */
export function selectIntegrationResponse(config: MethodConfig, status: number): IntegrationResponseConfig | undefined {
  const responses = Object.values(config.methodIntegration.integrationResponses ?? {});
  const statusText = String(status);
  return (
    responses.find((r) => r.selectionPattern !== undefined && r.selectionPattern !== '' && javaRegexFullMatch(r.selectionPattern, statusText)) ??
    responses.find((r) => r.selectionPattern === undefined || r.selectionPattern === '')
  );
}

/** Response template by the method request's Accept (absent → application/json; no match → application/json, else the first). */
export function selectResponseTemplate(templates: Record<string, string>, accept: string | undefined): string | undefined {
  const keys = Object.keys(templates);
  if (keys.length === 0) return undefined;
  const wanted = accept ? mediaType(accept.split(',')[0] ?? '') : JSON_TYPE;
  return keys.find((k) => mediaType(k) === wanted) ?? keys.find((k) => mediaType(k) === JSON_TYPE) ?? keys[0];
}

/**
 * The method response for an endpoint (SQS) response: integration response selection, response template (lib/vtl,
 * `$input` = the endpoint body), response parameters, `$context.responseOverride`, default Content-Type, and the
 * response half of the execution log. Pure; never throws.
 */
export function buildMethodResponse(config: MethodConfig, endpoint: EndpointResponse, options: ResponseOptions): MethodResponse {
  const ctx = options.context;
  const t = options.time ?? new Date(ctx.requestTime.getTime() + options.latencyMs);
  const endpointHeaders = headerEntries(endpoint.headers);
  const log = [
    logLine(t, `Received response. Status: ${endpoint.status}, Integration latency: ${options.latencyMs} ms`),
    logLine(t, `Endpoint response headers: ${formatLogHeaders(endpointHeaders)}`),
    logLine(t, `Endpoint response body before transformations: ${endpoint.body}`),
  ];
  const traceId = traceIdOf(ctx);
  const fail = (message: string, error: GatewayError, body = TEMPLATE_FAILURE_RESPONSE.body): MethodResponse => ({
    status: 500,
    headers: [
      ['X-Amzn-Trace-Id', traceId],
      ['Content-Type', JSON_TYPE],
      ['x-amzn-ErrorType', 'InternalServerErrorException'],
    ],
    body,
    log: [...log, logLine(t, `Execution failed due to configuration error: ${message}`), logLine(t, 'Method completed with status: 500')],
    error,
  });

  const chosen = selectIntegrationResponse(config, endpoint.status);
  if (!chosen) {
    const message = `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.status}`;
    return fail(message, { kind: 'configuration', message });
  }
  const methodResponses = config.methodResponses;
  if (methodResponses && !(chosen.statusCode in methodResponses)) {
    const message = `Output mapping refers to an invalid method response: ${chosen.statusCode}`;
    return fail(message, { kind: 'configuration', message });
  }

  const context = buildTemplateContext(config, options.request, ctx);
  const vtlRequest = vtlRequestOf(options.request, ctx, context, endpoint.body);
  const { body: _body, ...vtlBase } = vtlRequest;
  const templates = chosen.responseTemplates ?? {};
  const templateKey = selectResponseTemplate(templates, lastHeader(options.request.multiValueHeaders, 'Accept'));
  let body = endpoint.body;
  let overrides: VtlOverrides | undefined;
  if (templateKey !== undefined) {
    const rendered = render(templates[templateKey]!, vtlRequest);
    if (!rendered.ok) {
      return { ...fail(transformFailure('response', rendered.error), { kind: 'template', contentType: templateKey, vtl: rendered.error }), integrationResponse: chosen.statusCode };
    }
    body = rendered.output;
    overrides = rendered.overrides;
  }

  const headers: HeaderList = [['X-Amzn-Trace-Id', traceId]];
  for (const [key, expression] of Object.entries(chosen.responseParameters ?? {})) {
    const target = parseMethodResponseHeaderKey(key);
    const source = parseResponseMappingSource(expression);
    if (!target.ok || !source.ok) continue;
    const s = source.value;
    const value =
      s.kind === 'static'
        ? s.value
        : s.kind === 'integration.response.header'
          ? headerValue(endpointHeaders, s.name)
          : s.kind === 'integration.response.body'
            ? s.jsonPath === undefined
              ? endpoint.body
              : jsonPathValue(endpoint.body, s.jsonPath, vtlBase)
            : s.kind === 'context'
              ? contextValue(context, s.name)
              : own(ctx.stageVariables, s.name);
    if (value !== undefined) setHeader(headers, target.value.name, value);
  }
  if (headerValue(headers, 'Content-Type') === undefined) headers.push(['Content-Type', templateKey ?? JSON_TYPE]);

  let status = Number(chosen.statusCode);
  if (overrides) {
    for (const [k, v] of Object.entries(overrides.responseOverride.header)) setHeader(headers, k, v);
    if (overrides.responseOverride.status !== undefined) status = overrides.responseOverride.status;
  }

  return {
    status,
    headers,
    body,
    integrationResponse: chosen.statusCode,
    ...(templateKey !== undefined ? { templateUsed: templateKey } : {}),
    log: [
      ...log,
      logLine(t, `Method response body after transformations: ${body}`),
      logLine(t, `Method response headers: ${formatLogHeaders(headers)}`),
      logLine(t, 'Successfully completed execution'),
      logLine(t, `Method completed with status: ${status}`),
    ],
  };
}
