/**
 * Syntax of API Gateway parameter mappings (PutIntegration `requestParameters`, PutIntegrationResponse
 * `responseParameters`, PutMethod `requestParameters`). Shared by design validation, lib/gateway and the sandbox's
 * control plane so that all three accept and reject exactly the same expressions.
 */

export type ParameterLocation = 'header' | 'querystring' | 'path';

/** Header names are RFC 7230 tokens; query and path names are what API Gateway accepts in practice. */
const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const NAME = '[A-Za-z0-9._~-]+';

const integrationRequestKey = new RegExp(`^integration\\.request\\.(header|querystring|path)\\.(${TOKEN})$`);
const methodRequestKey = new RegExp(`^method\\.request\\.(header|querystring|path)\\.(${TOKEN})$`);
const methodResponseHeaderKey = new RegExp(`^method\\.response\\.header\\.(${TOKEN})$`);

export type ParsedTarget = { location: ParameterLocation; name: string };

export type MappingSource =
  | { kind: 'static'; value: string }
  | { kind: 'method.request'; location: 'header' | 'querystring' | 'path' | 'multivalueheader' | 'multivaluequerystring'; name: string }
  | { kind: 'method.request.body'; jsonPath?: string }
  | { kind: 'context'; name: string }
  | { kind: 'stageVariables'; name: string };

export type ResponseMappingSource =
  | { kind: 'static'; value: string }
  | { kind: 'integration.response.header'; name: string }
  | { kind: 'integration.response.body'; jsonPath?: string }
  | { kind: 'context'; name: string }
  | { kind: 'stageVariables'; name: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses `integration.request.{header|querystring|path}.NAME`. */
export function parseIntegrationRequestKey(key: string): Parsed<ParsedTarget> {
  const m = integrationRequestKey.exec(key);
  if (m) return { ok: true, value: { location: m[1] as ParameterLocation, name: m[2]! } };
  if (/^integration\.request\.body(\.|$)/.test(key)) {
    return {
      ok: false,
      message: `"${key}" is not a valid mapping target: API Gateway has no integration.request.body.* parameters. Build the body in a mapping template (requestTemplates) instead, e.g. Action=SendMessage&MessageBody=$util.urlEncode($input.body).`,
    };
  }
  return {
    ok: false,
    message: `"${key}" is not a valid mapping target. Use integration.request.header.NAME, integration.request.querystring.NAME or integration.request.path.NAME.`,
  };
}

/** Parses `method.request.{header|querystring|path}.NAME` (the keys of PutMethod's `requestParameters`). */
export function parseMethodRequestKey(key: string): Parsed<ParsedTarget> {
  const m = methodRequestKey.exec(key);
  if (m) return { ok: true, value: { location: m[1] as ParameterLocation, name: m[2]! } };
  return {
    ok: false,
    message: `"${key}" is not a method request parameter. Use method.request.header.NAME, method.request.querystring.NAME or method.request.path.NAME.`,
  };
}

export function parseMethodResponseHeaderKey(key: string): Parsed<{ name: string }> {
  const m = methodResponseHeaderKey.exec(key);
  if (m) return { ok: true, value: { name: m[1]! } };
  return { ok: false, message: `"${key}" is not a method response header. Use method.response.header.NAME.` };
}

function parseStatic(value: string): Parsed<MappingSource & { kind: 'static' }> | undefined {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return { ok: true, value: { kind: 'static', value: value.slice(1, -1) } };
  }
  return undefined;
}

function unquotedStaticMessage(value: string): string {
  return `"${value}" is neither a mapping expression nor a quoted static value. Static values must be enclosed in single quotes: '${value}'.`;
}

/** Parses a request mapping value: `'static'`, `method.request.*`, `method.request.body[.JSONPath]`, `context.X`, `stageVariables.X`. */
export function parseRequestMappingSource(value: string): Parsed<MappingSource> {
  const stat = parseStatic(value);
  if (stat) return stat;
  if (value === 'method.request.body') return { ok: true, value: { kind: 'method.request.body' } };
  if (value.startsWith('method.request.body.')) {
    const jsonPath = value.slice('method.request.body.'.length);
    if (!/^[A-Za-z0-9_$[\]'"*.@?()=<>!-]+$/.test(jsonPath)) {
      return { ok: false, message: `"${value}": the JSONPath after method.request.body. is not valid (write it without the leading $, e.g. method.request.body.order.id).` };
    }
    return { ok: true, value: { kind: 'method.request.body', jsonPath } };
  }
  const mr = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/.exec(value);
  if (mr) {
    if (!new RegExp(`^${TOKEN}$`).test(mr[2]!)) return { ok: false, message: `"${value}": "${mr[2]}" is not a valid parameter name.` };
    return { ok: true, value: { kind: 'method.request', location: mr[1] as 'header', name: mr[2]! } };
  }
  const ctx = /^context\.([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9-]*)*)$/.exec(value);
  if (ctx) return { ok: true, value: { kind: 'context', name: ctx[1]! } };
  const sv = new RegExp(`^stageVariables\\.(${NAME})$`).exec(value);
  if (sv) return { ok: true, value: { kind: 'stageVariables', name: sv[1]! } };
  if (/^(method|integration|context|stageVariables)\b/.test(value) || value.includes('.request.')) {
    return {
      ok: false,
      message: `"${value}" is not a known mapping source. Use method.request.header.NAME, method.request.querystring.NAME, method.request.path.NAME, method.request.body[.JSONPath], context.NAME, stageVariables.NAME or a quoted static value.`,
    };
  }
  return { ok: false, message: unquotedStaticMessage(value) };
}

/** Parses a response mapping value: `'static'`, `integration.response.header.X`, `integration.response.body[.JSONPath]`, `context.X`, `stageVariables.X`. */
export function parseResponseMappingSource(value: string): Parsed<ResponseMappingSource> {
  const stat = parseStatic(value);
  if (stat) return stat;
  if (value === 'integration.response.body') return { ok: true, value: { kind: 'integration.response.body' } };
  if (value.startsWith('integration.response.body.')) {
    return { ok: true, value: { kind: 'integration.response.body', jsonPath: value.slice('integration.response.body.'.length) } };
  }
  const h = new RegExp(`^integration\\.response\\.header\\.(${TOKEN})$`).exec(value);
  if (h) return { ok: true, value: { kind: 'integration.response.header', name: h[1]! } };
  const ctx = /^context\.([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9-]*)*)$/.exec(value);
  if (ctx) return { ok: true, value: { kind: 'context', name: ctx[1]! } };
  const sv = new RegExp(`^stageVariables\\.(${NAME})$`).exec(value);
  if (sv) return { ok: true, value: { kind: 'stageVariables', name: sv[1]! } };
  if (/^(method|integration|context|stageVariables)\b/.test(value)) {
    return {
      ok: false,
      message: `"${value}" is not a known response mapping source. Use integration.response.header.NAME, integration.response.body[.JSONPath], context.NAME, stageVariables.NAME or a quoted static value.`,
    };
  }
  return { ok: false, message: unquotedStaticMessage(value) };
}

/** The media type of a Content-Type value, lower-cased and without parameters: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export const MEDIA_TYPE_PATTERN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+$/i;
