import 'server-only';
import { badRequest } from './errors';
import type { Integration, Method, PatchOperation, Stage } from './model';

/** JSON-pointer segments of a patch path: `/requestTemplates/application~1json` → `['requestTemplates', 'application/json']`. */
export function pointerSegments(path: string): string[] {
  if (!path.startsWith('/')) throw badRequest(`Invalid patch path ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function invalidPath(op: PatchOperation): never {
  throw badRequest(`Invalid patch path ${op.path}`);
}

function requireValue(op: PatchOperation): string {
  if (op.value === undefined) throw badRequest(`Invalid null or empty value in patch operation for path ${op.path}`);
  return op.value;
}

function parseBoolean(op: PatchOperation): boolean {
  const value = requireValue(op).toLowerCase();
  if (value !== 'true' && value !== 'false') throw badRequest(`Invalid boolean value for path ${op.path}: ${op.value}`);
  return value === 'true';
}

/** Applies `add`/`replace`/`remove` of one key of a string map, as API Gateway patches map members. */
function patchMap<T>(map: Record<string, T> | undefined, key: string, op: PatchOperation, value: () => T): Record<string, T> | undefined {
  const next = { ...(map ?? {}) };
  if (op.op === 'remove') {
    if (!(key in next)) throw badRequest(`Cannot remove ${op.path}: no such member`);
    delete next[key];
  } else if (op.op === 'add' || op.op === 'replace') {
    next[key] = value();
  } else {
    throw badRequest(`Invalid patch operation specified. Must be one of: [add, remove, replace] for ${op.path}`);
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

export function patchIntegration(integration: Integration, ops: readonly PatchOperation[]): Integration {
  const next: Integration = { ...integration };
  for (const op of ops) {
    const [field, key, ...rest] = pointerSegments(op.path);
    if (rest.length > 0) invalidPath(op);
    if ((field === 'requestParameters' || field === 'requestTemplates') && key !== undefined) {
      next[field] = patchMap(next[field], key, op, () => requireValue(op));
      continue;
    }
    if (key !== undefined) invalidPath(op);
    switch (field) {
      case 'httpMethod':
      case 'uri':
      case 'passthroughBehavior':
      case 'connectionType':
      case 'cacheNamespace':
        if (op.op !== 'replace' && op.op !== 'add') invalidPath(op);
        next[field] = requireValue(op);
        break;
      case 'credentials':
      case 'contentHandling':
      case 'connectionId':
        if (op.op === 'remove') delete next[field];
        else next[field] = requireValue(op);
        break;
      case 'timeoutInMillis': {
        if (op.op !== 'replace' && op.op !== 'add') invalidPath(op);
        const n = Number(requireValue(op));
        if (!Number.isInteger(n)) throw badRequest(`Invalid timeout value: ${op.value}`);
        next.timeoutInMillis = n;
        break;
      }
      default:
        invalidPath(op);
    }
  }
  return next;
}

export function patchMethod(method: Method, ops: readonly PatchOperation[]): Method {
  const next: Method = { ...method };
  for (const op of ops) {
    const [field, key, ...rest] = pointerSegments(op.path);
    if (rest.length > 0) invalidPath(op);
    if (field === 'requestParameters' && key !== undefined) {
      next.requestParameters = patchMap(next.requestParameters, key, op, () => (op.value === undefined ? false : parseBoolean(op)));
      continue;
    }
    if (field === 'requestModels' && key !== undefined) {
      next.requestModels = patchMap(next.requestModels, key, op, () => requireValue(op));
      continue;
    }
    if (key !== undefined) invalidPath(op);
    switch (field) {
      case 'authorizationType':
        next.authorizationType = requireValue(op);
        break;
      case 'apiKeyRequired':
        next.apiKeyRequired = parseBoolean(op);
        break;
      case 'operationName':
      case 'authorizerId':
      case 'requestValidatorId':
        if (op.op === 'remove') delete next[field];
        else next[field] = requireValue(op);
        break;
      default:
        invalidPath(op);
    }
  }
  return next;
}

export function patchStage(stage: Stage, ops: readonly PatchOperation[]): Stage {
  const next: Stage = { ...stage };
  for (const op of ops) {
    const [field, key, ...rest] = pointerSegments(op.path);
    if (rest.length > 0) invalidPath(op);
    if (field === 'variables' && key !== undefined) {
      next.variables = patchMap(next.variables, key, op, () => requireValue(op));
      continue;
    }
    if (key !== undefined) invalidPath(op);
    switch (field) {
      case 'deploymentId':
        next.deploymentId = requireValue(op);
        break;
      case 'description':
        if (op.op === 'remove') delete next.description;
        else next.description = requireValue(op);
        break;
      case 'tracingEnabled':
        next.tracingEnabled = parseBoolean(op);
        break;
      case 'cacheClusterEnabled':
        next.cacheClusterEnabled = parseBoolean(op);
        break;
      default:
        invalidPath(op);
    }
  }
  return next;
}
