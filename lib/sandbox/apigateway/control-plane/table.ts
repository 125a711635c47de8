import 'server-only';
import type { OperationInfo, SandboxRequest } from '@/lib/sandbox/types';
import { NOT_SUPPORTED } from '@/lib/sandbox/coverage';
import { dict, type Dict } from '../dict';
import type { Handler } from './call';

/**
 * One row of the control plane's route table: AWS's operation name, its HTTP method and request URI exactly as the
 * botocore model spells them (`/restapis/{restapi_id}/…`, with a `?mode=…` condition where AWS has one), and its
 * handler. The IAM action follows from the method: API Gateway authorizes `apigateway:{METHOD}` on
 * `arn:aws:apigateway:{region}::{path}` (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-iam-policy-examples-for-management.html).
 */
export type Route = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  uri: string;
  /** Undefined: listed so it is known (name, IAM action, coverage), but not served by the sandbox. */
  handler?: Handler;
  notes?: string;
};

type Compiled = Route & { segments: string[]; condition?: [string, string] };

export type RouteMatch = { route: Route; params: Dict<string> };

function compile(route: Route): Compiled {
  const [path, query] = route.uri.split('?');
  const segments = path!.split('/').filter((s) => s !== '');
  const condition = query ? (query.split('=') as [string, string]) : undefined;
  return { ...route, segments, ...(condition ? { condition } : {}) };
}

export class RouteTable {
  private readonly routes: Compiled[] = [];

  constructor(routes: readonly Route[]) {
    for (const r of routes) this.routes.push(compile(r));
  }

  /**
   * Serves an operation listed without a handler (ImportRestApi, PutRestApi live in their own module and register
   * themselves here), or replaces a handler.
   */
  register(name: string, handler: Handler): void {
    const route = this.routes.find((r) => r.name === name);
    if (!route) throw new Error(`No API Gateway operation ${name} in the route table`);
    route.handler = handler;
  }

  get operations(): Route[] {
    return this.routes.map(({ segments: _s, condition: _c, ...route }) => route);
  }

  /** The route a request calls: literal segments win over `{param}`, routes with a `?mode=` condition over those without. */
  match(method: string, segments: readonly string[], query: URLSearchParams): RouteMatch | undefined {
    let best: { route: Compiled; params: Dict<string>; score: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      if (route.condition && query.get(route.condition[0]) !== route.condition[1]) continue;
      const params = dict<string>();
      let score = route.condition ? 1000 : 0;
      let matched = true;
      for (let i = 0; i < segments.length; i += 1) {
        const t = route.segments[i]!;
        if (t.startsWith('{')) params[t.slice(1, -1)] = segments[i]!;
        else if (t === segments[i]) score += 1;
        else {
          matched = false;
          break;
        }
      }
      if (matched && (!best || score > best.score)) best = { route, params, score };
    }
    return best ? { route: best.route, params: best.params } : undefined;
  }
}

/** Decoded path segments, or undefined for a malformed percent-encoding. */
export function pathSegments(req: SandboxRequest): string[] | undefined {
  try {
    return req.path
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

export function operationInfo(route: Route): OperationInfo {
  const notes = route.handler ? (route.notes ?? '') : route.notes ? `${NOT_SUPPORTED}: ${route.notes}` : NOT_SUPPORTED;
  return { name: route.name, iamAction: `apigateway:${route.method}`, notes };
}
