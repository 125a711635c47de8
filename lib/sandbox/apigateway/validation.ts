import 'server-only';
import { parseIntegrationUri } from '@/lib/gateway';
import {
  parseIntegrationRequestKey,
  parseMethodRequestKey,
  parseMethodResponseHeaderKey,
  parseRequestMappingSource,
  parseResponseMappingSource,
  MEDIA_TYPE_PATTERN,
  TIMEOUT_MAX_MS,
  TIMEOUT_MIN_MS,
} from '@/lib/design';
import { badRequest, invalidMapping } from './errors';
import type { Integration, IntegrationResponse, Method, MethodResponse } from './model';

/*
 * The accept/reject decisions come from lib/design's parsers, so the control plane rejects exactly what the design
 * model rejects; the messages are API Gateway's own wording.
 */

const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const CONTENT_HANDLING = ['CONVERT_TO_TEXT', 'CONVERT_TO_BINARY'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
export const HTTP_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):(role\/[\w+=,.@/-]+|user\/\*)$/;
const STAGE_VARIABLE_REF = /^\$\{stageVariables\.[A-Za-z0-9_]+\}$/;

export function validateHttpMethod(verb: string): void {
  if (!HTTP_VERBS.includes(verb)) throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_VERBS.join(',')}`);
}

/**
 * A method's authorization type, upper-cased: AWS accepts and keeps any case (`none` works as `NONE`; "Values are
 * case insensitive", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-auth.html).
 */
export function authorizationOf(method: Pick<Method, 'authorizationType'>): string {
  return method.authorizationType.toUpperCase();
}

export function validateMethod(method: Method): void {
  if (!AUTHORIZATION_TYPES.includes(authorizationOf(method))) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`);
  }
  for (const key of Object.keys(method.requestParameters ?? {})) {
    if (!parseMethodRequestKey(key).ok) throw invalidMapping(`Invalid mapping expression specified: ${key}`);
  }
}

/** Is `method.request.{loc}.{name}` declared on the method? Header names compare case-insensitively. */
function isDeclared(method: Method, loc: string, name: string): boolean {
  const declared = `method.request.${loc}.${name}`;
  return Object.keys(method.requestParameters ?? {}).some((k) => (loc === 'header' ? k.toLowerCase() === declared.toLowerCase() : k === declared));
}

export function validateIntegration(integration: Integration, method: Method): void {
  const { type } = integration;
  if (type !== 'MOCK') {
    if (!integration.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!HTTP_VERBS.includes(integration.httpMethod)) {
      throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_VERBS.join(',')}`);
    }
    if (!integration.uri) throw badRequest('Invalid integration URI specified');
  }
  if (type === 'AWS' || type === 'AWS_PROXY') {
    if (!parseIntegrationUri(integration.uri ?? '')) throw badRequest('AWS ARN for integration must contain path or action');
  } else if ((type === 'HTTP' || type === 'HTTP_PROXY') && !/^https?:\/\/[^\s/]+/.test(integration.uri ?? '')) {
    throw badRequest('Invalid HTTP endpoint specified for URI');
  }
  if (integration.credentials !== undefined && integration.credentials !== '') {
    if (!ROLE_ARN.test(integration.credentials) && !STAGE_VARIABLE_REF.test(integration.credentials)) {
      throw badRequest('Invalid ARN specified in the request');
    }
  }
  if (integration.passthroughBehavior !== undefined && !PASSTHROUGH.includes(integration.passthroughBehavior)) {
    throw badRequest('Invalid passthrough behavior specified');
  }
  if (integration.contentHandling !== undefined && !CONTENT_HANDLING.includes(integration.contentHandling)) {
    throw badRequest(
      `1 validation error detected: Value '${integration.contentHandling}' at 'contentHandling' failed to satisfy constraint: Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]`,
    );
  }
  if (!Number.isInteger(integration.timeoutInMillis) || integration.timeoutInMillis < TIMEOUT_MIN_MS || integration.timeoutInMillis > TIMEOUT_MAX_MS) {
    throw badRequest(`Timeout should be between ${TIMEOUT_MIN_MS} ms and ${TIMEOUT_MAX_MS} ms`);
  }
  for (const contentType of Object.keys(integration.requestTemplates ?? {})) {
    if (!MEDIA_TYPE_PATTERN.test(contentType)) throw badRequest(`Invalid content type specified: ${contentType}`);
  }
  for (const [key, value] of Object.entries(integration.requestParameters ?? {})) {
    if (!parseIntegrationRequestKey(key).ok) throw invalidMapping(`Invalid mapping expression parameter specified: ${key}`);
    if (value === null) continue;
    const source = parseRequestMappingSource(value);
    if (!source.ok) throw invalidMapping(`Invalid mapping expression specified: ${value}`);
    const src = source.value;
    if (src.kind === 'method.request') {
      const loc = src.location === 'multivalueheader' ? 'header' : src.location === 'multivaluequerystring' ? 'querystring' : src.location;
      if (!isDeclared(method, loc, src.name)) throw invalidMapping(`Invalid mapping expression parameter specified: ${value}`);
    }
  }
}

/** Status codes of method and integration responses: three digits, 1xx–5xx. */
export function validateStatusCode(statusCode: string): void {
  if (!/^[1-5]\d\d$/.test(statusCode)) throw badRequest('Invalid status code specified');
}

export function validateMethodResponse(response: MethodResponse): void {
  validateStatusCode(response.statusCode);
  for (const key of Object.keys(response.responseParameters ?? {})) {
    if (!parseMethodResponseHeaderKey(key).ok) throw invalidMapping(`Invalid mapping expression specified: ${key}`);
  }
}

/**
 * AWS accepts an integration response whose method response does not exist (yet); header mappings are then checked
 * only for their syntax, and against the method response's declared headers once there is one.
 */
export function validateIntegrationResponse(response: IntegrationResponse, methodResponse: MethodResponse | undefined): void {
  if (response.selectionPattern !== undefined && response.selectionPattern !== '') {
    try {
      new RegExp(response.selectionPattern);
    } catch {
      throw badRequest('Invalid selection pattern specified');
    }
  }
  if (response.contentHandling !== undefined && !CONTENT_HANDLING.includes(response.contentHandling)) {
    throw badRequest(
      `1 validation error detected: Value '${response.contentHandling}' at 'contentHandling' failed to satisfy constraint: Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]`,
    );
  }
  for (const [key, value] of Object.entries(response.responseParameters ?? {})) {
    if (value === null) continue;
    const declared = !methodResponse || Object.keys(methodResponse.responseParameters ?? {}).some((k) => k.toLowerCase() === key.toLowerCase());
    if (!parseMethodResponseHeaderKey(key).ok || !declared) throw invalidMapping(`Invalid mapping expression parameter specified: ${key}`);
    if (!parseResponseMappingSource(value).ok) throw invalidMapping(`Invalid mapping expression specified: ${value}`);
  }
}

/** `Resource's path part only allow…` — API Gateway's rule for CreateResource's pathPart. */
export function validatePathPart(pathPart: string): void {
  if (!/^([A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
}
