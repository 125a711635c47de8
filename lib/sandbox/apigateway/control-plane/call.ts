import 'server-only';
import type { z } from 'zod';
import type { Principal, SandboxContext, SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { dict, own, type Dict } from '../dict';
import { ApiGatewayError, badRequest, notFound } from '../errors';
import { newRequestId } from '../ids';
import type { ApiConfiguration, Integration, Method, Resource } from '../model';
import { getRestApi, mutateRestApi, type StoredRestApi } from '../store';

/** One control-plane request, after routing: the path parameters its route template named. */
export type Call = {
  req: SandboxRequest;
  ctx: SandboxContext;
  region: string;
  principal: Principal;
  params: Dict<string>;
  query: URLSearchParams;
};

export type Handler = (call: Call) => SandboxResponse | Promise<SandboxResponse>;

export const epochSeconds = () => Math.floor(Date.now() / 1000);

export function ok(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': newRequestId() },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** 202 Accepted with no body: what DeleteRestApi, DeleteResource, DeleteStage… answer. */
export const accepted = (): SandboxResponse => ({ status: 202, headers: { 'x-amzn-requestid': newRequestId() }, body: '' });

/** 204 No Content: DeleteMethod, DeleteIntegration, DeleteMethodResponse, DeleteIntegrationResponse, UntagResource… */
export const noContent = (): SandboxResponse => ({ status: 204, headers: { 'x-amzn-requestid': newRequestId() }, body: '' });

/** A path parameter its route template guarantees. */
export function param(call: Call, name: string): string {
  const value = own(call.params, name);
  if (value === undefined) throw new Error(`route has no {${name}}`);
  return value;
}

export function parseBody<T extends z.ZodType>(req: SandboxRequest, schema: T): z.infer<T> {
  const text = req.body.toString('utf8');
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest('Invalid JSON in request body');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'request body';
    throw badRequest(`Invalid value for ${where}: ${issue?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

export function requireApi(call: Call, id: string = param(call, 'restapi_id')): StoredRestApi {
  const stored = getRestApi(call.ctx.db, id);
  if (!stored) throw notFound('REST API');
  return stored;
}

/** Runs `fn` on the API inside a transaction; 404 when the API does not exist. */
export function mutate<T>(call: Call, fn: (stored: StoredRestApi) => T, id: string = param(call, 'restapi_id')): T {
  const out = mutateRestApi(call.ctx.db, id, fn);
  if (!out) throw notFound('REST API');
  return out.result;
}

export function requireResource(config: ApiConfiguration, resourceId: string): Resource {
  const resource = own(config.resources, resourceId);
  if (!resource) throw notFound('Resource');
  return resource;
}

export function requireMethod(config: ApiConfiguration, resourceId: string, verb: string): Method {
  const method = own(requireResource(config, resourceId).resourceMethods, verb);
  if (!method) throw notFound('Method');
  return method;
}

export function requireIntegration(method: Method): Integration {
  if (!method.methodIntegration) throw notFound('Integration');
  return method.methodIntegration;
}

/** The method of the call's `{resource_id}` / `{http_method}`, 404 for an unknown resource before an unknown method. */
export function methodOf(call: Call, config: ApiConfiguration): Method {
  return requireMethod(config, param(call, 'resource_id'), param(call, 'http_method'));
}

export function conflict(message: string): ApiGatewayError {
  return new ApiGatewayError('ConflictException', message);
}

export function paginate<T>(items: T[], query: URLSearchParams): { item: T[]; position?: string } {
  const start = Number(query.get('position') ?? '0') || 0;
  const limit = Math.min(Math.max(Number(query.get('limit') ?? '25') || 25, 1), 500);
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { item: page, position: String(start + limit) } : { item: page };
}

/** A map as AWS stores it: null members kept (see NullableMap), prototype-free; undefined stays undefined. */
export function keep<T>(map: Record<string, T | null> | null | undefined): Record<string, T | null> | undefined {
  return map === null || map === undefined ? undefined : dict(Object.entries(map));
}
