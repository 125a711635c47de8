import { createSampleContext, renderTemplate, type RenderResult, type VtlError, type VtlRequest } from '@/lib/vtl';
import { emptyRecord, own } from '@/lib/records';
import type { HeaderList, InvocationContext, MethodConfig, MethodRequest } from './types';

/** Case-insensitive header lookup over multi-value headers; `undefined` when absent. */
export function headerValues(headers: Record<string, string[]> | undefined, name: string): string[] | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function lastHeader(headers: Record<string, string[]> | undefined, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

export function findHeader(headers: HeaderList, name: string): number {
  const lower = name.toLowerCase();
  return headers.findIndex(([k]) => k.toLowerCase() === lower);
}

/** Sets a header, replacing an existing one of any case in place (keeps the order API Gateway built). */
export function setHeader(headers: HeaderList, name: string, value: string): void {
  const idx = findHeader(headers, name);
  if (idx >= 0) headers[idx] = [name, value];
  else headers.push([name, value]);
}

/** The single-value view API Gateway gives templates: the last value of a repeated parameter (aws-reference A.2). */
export function singleValues(multi: Record<string, string[]> | undefined): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [k, v] of Object.entries(multi ?? {})) if (v.length > 0) out[k] = v[v.length - 1]!;
  return out;
}

/** A deterministic X-Ray trace id for the request, `Root=1-{epoch hex}-{24 hex}`: the same request gives the same id. */
export function traceIdOf(ctx: InvocationContext): string {
  if (ctx.traceId) return ctx.traceId;
  const epoch = Math.floor(ctx.requestTime.getTime() / 1000).toString(16).padStart(8, '0');
  const hex = (ctx.requestId.toLowerCase().replace(/[^0-9a-f]/g, '') + '0'.repeat(24)).slice(0, 24);
  return `Root=1-${epoch}-${hex}`;
}

/** `$context` for templates and `context.*` mappings, built the same way for the preview and the sandbox. */
export function buildTemplateContext(config: MethodConfig, request: MethodRequest, ctx: InvocationContext): Record<string, unknown> {
  const context = createSampleContext({
    apiId: ctx.apiId,
    accountId: ctx.accountId,
    ...(ctx.stage !== undefined ? { stage: ctx.stage } : {}),
    resourcePath: config.resourcePath,
    // `$context.path` includes the stage: `/prod/send` (aws-reference A.4).
    path: ctx.stage !== undefined ? `/${ctx.stage}${request.path === '/' ? '' : request.path}` : request.path,
    httpMethod: request.httpMethod,
    sourceIp: ctx.sourceIp,
    ...(ctx.userAgent !== undefined ? { userAgent: ctx.userAgent } : {}),
    now: ctx.requestTime,
    requestId: ctx.requestId,
  });
  if (ctx.stage === undefined) delete context.stage;
  if (ctx.extendedRequestId !== undefined) context.extendedRequestId = ctx.extendedRequestId;
  if (ctx.resourceId !== undefined) context.resourceId = ctx.resourceId;
  if (ctx.domainName !== undefined) context.domainName = ctx.domainName;
  return context;
}

export function vtlRequestOf(request: MethodRequest, ctx: InvocationContext, context: Record<string, unknown>, body?: string): VtlRequest {
  return {
    body: body ?? request.body ?? '',
    path: Object.assign(emptyRecord<string>(), request.pathParameters),
    querystring: singleValues(request.multiValueQueryStringParameters),
    headers: singleValues(request.multiValueHeaders),
    context,
    stageVariables: Object.assign(emptyRecord<string>(), ctx.stageVariables),
  };
}

/** Reads `a.b.c` from a nested context object; scalars are stringified, maps and lists are not values. */
export function contextValue(context: Record<string, unknown>, name: string): string | undefined {
  let cur: unknown = context;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = own(cur as Record<string, unknown>, part);
  }
  if (cur === undefined || cur === null) return undefined;
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return undefined;
}

/** lib/vtl's renderTemplate, with an unexpected engine exception turned into a render error: callers never throw. */
export function render(template: string, request: VtlRequest): RenderResult {
  try {
    return renderTemplate(template, request);
  } catch (err) {
    return { ok: false, error: { kind: 'render', message: err instanceof Error ? err.message : String(err), line: 1, column: 1 } };
  }
}

/**
 * The execution log's reason for a failed template: AWS's own words, plus the reason when Sluice's render budget
 * stopped it (AWS documents no such limit, so there is no AWS text to copy).
 */
export function transformFailure(what: 'request' | 'response', error: VtlError): string {
  const base = `Unable to transform ${what}`;
  return error.kind === 'limit' ? `${base}: ${error.message} (Sluice's limit for one mapping template)` : base;
}
