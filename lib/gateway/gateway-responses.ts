import { parseMethodResponseHeaderKey } from '@/lib/design';
import { buildTemplateContext, contextValue, lastHeader, render, setHeader, vtlRequestOf } from './context';
import { selectResponseTemplate } from './response';
import type { HeaderList, InvocationContext, MethodConfig, MethodRequest } from './types';

/**
 * API Gateway's gateway responses: what a REST API answers when the request never reaches (or comes back from) the
 * integration — unknown route, missing key, throttled, invalid body… Each type has a default status and message; an
 * API may customize a type, or DEFAULT_4XX / DEFAULT_5XX, whose status, headers and templates then apply to every
 * uncustomized type of that class
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
 */

export const GATEWAY_RESPONSE_TYPES = {
  ACCESS_DENIED: { status: 403, errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { status: 500, errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { status: 500, errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_PARAMETERS: { status: 400, errorType: 'BadRequestException' },
  BAD_REQUEST_BODY: { status: 400, errorType: 'BadRequestException' },
  DEFAULT_4XX: { status: undefined, errorType: undefined },
  DEFAULT_5XX: { status: undefined, errorType: undefined },
  EXPIRED_TOKEN: { status: 403, errorType: 'ExpiredTokenException' },
  INTEGRATION_FAILURE: { status: 504, errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { status: 504, errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { status: 403, errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: { status: 403, errorType: 'InvalidSignatureException' },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, errorType: 'MissingAuthenticationTokenException' },
  QUOTA_EXCEEDED: { status: 429, errorType: 'LimitExceededException' },
  // Observed on a real API (github.com/koki-develop/lgtm-generator/issues/10): 413 with x-amzn-ErrorType BadRequestException.
  REQUEST_TOO_LARGE: { status: 413, errorType: 'BadRequestException' },
  RESOURCE_NOT_FOUND: { status: 404, errorType: 'ResourceNotFoundException' },
  THROTTLED: { status: 429, errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { status: 401, errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, errorType: 'UnsupportedMediaTypeException' },
  WAF_FILTERED: { status: 403, errorType: 'WAFFilteredException' },
} as const satisfies Record<string, { status: number | undefined; errorType: string | undefined }>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_TYPES;

export const GATEWAY_RESPONSE_TYPE_NAMES = Object.keys(GATEWAY_RESPONSE_TYPES) as GatewayResponseType[];

export function isGatewayResponseType(value: string): value is GatewayResponseType {
  return Object.hasOwn(GATEWAY_RESPONSE_TYPES, value);
}

/** The template every default gateway response has. */
export const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}';

/** A gateway response as GetGatewayResponse returns it (AWS wire names). */
export type GatewayResponse = {
  responseType: GatewayResponseType;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  defaultResponse: boolean;
};

/** Customizations by type, as PutGatewayResponse stored them. */
export type GatewayResponseCustomizations = Record<
  string,
  { statusCode?: string; responseParameters: Record<string, string>; responseTemplates: Record<string, string> } | undefined
>;

function customOf(custom: GatewayResponseCustomizations | undefined, type: GatewayResponseType) {
  return custom && Object.hasOwn(custom, type) ? custom[type] : undefined;
}

/**
 * The gateway response of `type` as GetGatewayResponse shows it: the customization if any; otherwise the default,
 * with DEFAULT_4XX / DEFAULT_5XX's customization cascaded onto it.
 */
export function effectiveGatewayResponse(type: GatewayResponseType, custom: GatewayResponseCustomizations | undefined): GatewayResponse {
  const own = customOf(custom, type);
  if (own) {
    return {
      responseType: type,
      ...(own.statusCode !== undefined ? { statusCode: own.statusCode } : {}),
      responseParameters: { ...own.responseParameters },
      responseTemplates: { ...own.responseTemplates },
      defaultResponse: false,
    };
  }
  const status = GATEWAY_RESPONSE_TYPES[type].status;
  const base: GatewayResponse = {
    responseType: type,
    ...(status !== undefined ? { statusCode: String(status) } : {}),
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
    defaultResponse: true,
  };
  if (status === undefined) return base;
  const fallback = customOf(custom, status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
  if (!fallback) return base;
  return {
    ...base,
    statusCode: fallback.statusCode ?? base.statusCode!,
    responseParameters: { ...fallback.responseParameters },
    responseTemplates: Object.keys(fallback.responseTemplates).length > 0 ? { ...fallback.responseTemplates } : base.responseTemplates,
  };
}

/** Whether the API changed the response of `type`, itself or through DEFAULT_4XX / DEFAULT_5XX. */
export function isCustomized(type: GatewayResponseType, custom: GatewayResponseCustomizations | undefined): boolean {
  const status = GATEWAY_RESPONSE_TYPES[type].status;
  const fallback = status === undefined ? undefined : status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  return customOf(custom, type) !== undefined || (fallback !== undefined && customOf(custom, fallback) !== undefined);
}

export type GatewayResponseInput = {
  type: GatewayResponseType;
  /** `$context.error.message`, e.g. `Missing Authentication Token`, `Forbidden`, `Invalid request body`. */
  message: string;
  /** `$context.error.validationErrorString`, for BAD_REQUEST_BODY. */
  validationErrorString?: string;
  request: MethodRequest;
  context: InvocationContext;
  /** The matched method's resource path, when one matched. */
  resourcePath?: string;
};

export type RenderedGatewayResponse = { status: number; headers: HeaderList; body: string; errorType?: string };

/** `"…"` with JSON escapes, as `$context.error.messageString` gives the message. */
const quoted = (s: string) => JSON.stringify(s);

/**
 * What API Gateway sends for a gateway response: status from the (cascaded) response, headers from its
 * `gatewayresponse.header.*` parameters (static `'…'` values or `method.request.*`, `context.*`, `stageVariables.*`),
 * body from its template rendered with `$context.error.*` (lib/vtl, like mapping templates).
 */
export function renderGatewayResponse(custom: GatewayResponseCustomizations | undefined, input: GatewayResponseInput): RenderedGatewayResponse {
  const response = effectiveGatewayResponse(input.type, custom);
  const { errorType } = GATEWAY_RESPONSE_TYPES[input.type];
  const config: MethodConfig = {
    httpMethod: input.request.httpMethod,
    resourcePath: input.resourcePath ?? input.request.path,
    methodIntegration: { type: 'MOCK', uri: '', integrationHttpMethod: 'POST' },
  };
  const context = buildTemplateContext(config, input.request, input.context);
  context.error = {
    message: input.message,
    messageString: quoted(input.message),
    responseType: input.type,
    validationErrorString: input.validationErrorString ?? '',
  };
  const vtl = vtlRequestOf(input.request, input.context, context);
  const headers: HeaderList = [];
  for (const [key, expression] of Object.entries(response.responseParameters)) {
    const m = /^gatewayresponse\.header\.(.+)$/.exec(key);
    if (!m) continue;
    const value = mappingValue(expression, input, context);
    if (value !== undefined) setHeader(headers, m[1]!, value);
  }
  const templateKey = selectResponseTemplate(response.responseTemplates, lastHeader(input.request.multiValueHeaders, 'Accept'));
  let body = '';
  if (templateKey !== undefined) {
    const rendered = render(response.responseTemplates[templateKey]!, vtl);
    body = rendered.ok ? rendered.output : quoted(input.message);
  }
  if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', templateKey ?? 'application/json']);
  if (errorType !== undefined) headers.push(['x-amzn-ErrorType', errorType]);
  const status = Number(response.statusCode ?? GATEWAY_RESPONSE_TYPES[input.type].status ?? 500);
  return { status, headers, body, ...(errorType !== undefined ? { errorType } : {}) };
}

function mappingValue(expression: string, input: GatewayResponseInput, context: Record<string, unknown>): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  const req = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/.exec(expression);
  if (req) {
    const [, where, name] = req as unknown as [string, string, string];
    if (where === 'path') return input.request.pathParameters?.[name];
    const multi = where.endsWith('header') ? input.request.multiValueHeaders : input.request.multiValueQueryStringParameters;
    const values = where.endsWith('header')
      ? Object.entries(multi ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
      : multi && Object.hasOwn(multi, name)
        ? multi[name]
        : undefined;
    if (!values || values.length === 0) return undefined;
    return where.startsWith('multivalue') ? values.join(',') : values[values.length - 1];
  }
  const ctx = /^context\.(.+)$/.exec(expression);
  if (ctx) return contextValue(context, ctx[1]!);
  const sv = /^stageVariables\.(.+)$/.exec(expression);
  if (sv) return input.context.stageVariables?.[sv[1]!];
  return undefined;
}

/** Accepts a `gatewayresponse.header.NAME` key the way PutGatewayResponse validates it. */
export function isGatewayResponseHeaderKey(key: string): boolean {
  const m = /^gatewayresponse\.header\.(.+)$/.exec(key);
  return m !== null && parseMethodResponseHeaderKey(`method.response.header.${m[1]!}`).ok;
}
