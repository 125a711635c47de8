import 'server-only';
import { decodePathRest, decodePathSegment } from '@/lib/gateway';
import { own } from '@/lib/records';
import type { SandboxRequest } from '@/lib/sandbox/types';
import type { ApiConfiguration, Method, Resource } from './model';

export type InvokeTarget = { apiId: string; stage: string; /** Below the stage, always starting with `/`, still percent-encoded. */ path: string };

const PATH_PREFIX = '/_aws/execute-api/';
const HOST = /^([a-z0-9]{10})\.execute-api\.localhost(:\d+)?$/;

/** True for invoke URLs: `/_aws/execute-api/{apiId}/{stage}/…` or host `{apiId}.execute-api.localhost[:port]`. */
export function isInvokeRequest(req: SandboxRequest): boolean {
  return req.path.startsWith(PATH_PREFIX) || HOST.test(req.host.toLowerCase());
}

/** Splits an invoke URL into API id, stage and resource path; undefined when it names no stage. */
export function parseInvokeTarget(req: SandboxRequest): InvokeTarget | undefined {
  const hostMatch = HOST.exec(req.host.toLowerCase());
  let apiId: string | undefined;
  let rest: string;
  if (req.path.startsWith(PATH_PREFIX)) {
    const tail = req.path.slice(PATH_PREFIX.length);
    const slash = tail.indexOf('/');
    apiId = slash === -1 ? tail : tail.slice(0, slash);
    rest = slash === -1 ? '' : tail.slice(slash);
  } else if (hostMatch) {
    apiId = hostMatch[1];
    rest = req.path;
  } else {
    return undefined;
  }
  const m = /^\/([^/]+)(\/.*)?$/.exec(rest);
  if (!apiId || !m) return undefined;
  return { apiId, stage: decodePathSegment(m[1]!), path: m[2] ?? '/' };
}

type Node = { resource: Resource; literal: Map<string, Node>; variable?: { name: string; node: Node }; greedy?: { name: string; node: Node } };

const trees = new WeakMap<ApiConfiguration, Node | null>();

function treeOf(config: ApiConfiguration): Node | null {
  const cached = trees.get(config);
  if (cached !== undefined) return cached;
  const nodes = new Map<string, Node>();
  for (const r of Object.values(config.resources)) nodes.set(r.id, { resource: r, literal: new Map() });
  let root: Node | null = null;
  for (const node of nodes.values()) {
    const { parentId, pathPart } = node.resource;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (!parent || pathPart === undefined) {
      if (node.resource.path === '/') root = node;
      continue;
    }
    const v = /^\{([^}+]+)(\+?)\}$/.exec(pathPart);
    if (!v) parent.literal.set(pathPart, node);
    else if (v[2]) parent.greedy = { name: v[1]!, node };
    else parent.variable = { name: v[1]!, node };
  }
  trees.set(config, root);
  return root;
}

export type ResourceMatch = { resource: Resource; pathParameters: Record<string, string> };

/**
 * Finds the resource serving a request path the way API Gateway does: a literal path part wins over `{param}`,
 * which wins over `{proxy+}` (which takes the rest of the path, slashes included).
 */
export function matchResource(config: ApiConfiguration, path: string): ResourceMatch | undefined {
  const root = treeOf(config);
  if (!root) return undefined;
  const segments = path.split('/').filter((s) => s !== '');
  const walk = (node: Node, i: number, params: Record<string, string>): ResourceMatch | undefined => {
    if (i === segments.length) return { resource: node.resource, pathParameters: params };
    const raw = segments[i]!;
    const decoded = decodePathSegment(raw);
    const lit = node.literal.get(decoded);
    if (lit) {
      const found = walk(lit, i + 1, params);
      if (found) return found;
    }
    if (node.variable) {
      const found = walk(node.variable.node, i + 1, { ...params, [node.variable.name]: decoded });
      if (found) return found;
    }
    if (node.greedy) {
      return { resource: node.greedy.node.resource, pathParameters: { ...params, [node.greedy.name]: decodePathRest(segments.slice(i).join('/')) } };
    }
    return undefined;
  };
  return walk(root, 0, {});
}

/** The method for a verb: the exact one, else `ANY`. */
export function matchMethod(resource: Resource, verb: string): Method | undefined {
  return own(resource.resourceMethods, verb.toUpperCase()) ?? own(resource.resourceMethods, 'ANY');
}
