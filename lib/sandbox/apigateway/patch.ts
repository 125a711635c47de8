import 'server-only';
import { dict, own } from './dict';
import { badRequest } from './errors';
import type { MethodSetting, PatchOperation, Stage } from './model';

/*
 * API Gateway's Update* operations take JSON-Patch-like operations whose paths are JSON pointers (`~1` is `/`, `~0`
 * is `~`), but each resource kind accepts only its own paths and, per path, only some of add/remove/replace/copy/move
 * (https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html). A generic JSON Patch library would apply
 * anything, so the rules are a table per resource kind and the engine is written here.
 */

export type PatchOp = PatchOperation['op'];
type ValueKind = 'string' | 'boolean' | 'int' | 'number' | 'json';

export type PatchRule = {
  /** `/name`, `/requestTemplates/*` (a map member), `/binaryMediaTypes/*` (a set member). */
  path: string;
  ops: readonly PatchOp[];
  /** What the member holds (default string); a map's or set's members for `/x/*`. */
  value?: ValueKind;
  /** `set`: `/x/{item}` adds or removes `item` of the string list `x`. */
  set?: boolean;
};

export type Doc = Record<string, unknown>;

/** JSON-pointer segments of a patch path: `/requestTemplates/application~1json` → `['requestTemplates', 'application/json']`. */
export function pointerSegments(path: string): string[] {
  if (!path.startsWith('/')) throw badRequest(`Invalid patch path ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function ruleFor(rules: readonly PatchRule[], segs: string[]): PatchRule | undefined {
  return rules.find((r) => {
    const pattern = r.path.slice(1).split('/');
    return pattern.length === segs.length && pattern.every((p, i) => p === '*' || p === segs[i]);
  });
}

function invalidPath(op: PatchOperation, rules: readonly PatchRule[]): never {
  const valid = rules.filter((r) => r.ops.includes(op.op)).map((r) => r.path.replace('/*', '/{key}'));
  throw badRequest(`Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of: [${valid.join(', ')}]`);
}

export function convert(op: PatchOperation, kind: ValueKind | undefined, value = op.value): unknown {
  if (value === undefined || value === null) {
    throw badRequest(`Invalid null or empty value in patch operation for path ${op.path}`);
  }
  switch (kind) {
    case 'boolean': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw badRequest(`Invalid boolean value for path ${op.path}: ${value}`);
      return v === 'true';
    }
    case 'int':
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
        throw badRequest(`Invalid ${kind === 'int' ? 'integer' : 'number'} value for path ${op.path}: ${value}`);
      }
      return n;
    }
    case 'json':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw badRequest(`Invalid JSON value for path ${op.path}`);
      }
    default:
      return value;
  }
}

function mapOf(doc: Doc, field: string): Record<string, unknown> {
  const existing = own(doc, field);
  const map = dict<unknown>(existing && typeof existing === 'object' ? Object.entries(existing) : []);
  doc[field] = map;
  return map;
}

function read(doc: Doc, segs: string[]): unknown {
  let cur: unknown = doc;
  for (const s of segs) cur = cur !== null && typeof cur === 'object' ? own(cur as Doc, s) : undefined;
  return cur;
}

/**
 * Applies `ops` to a copy of `doc` under `rules`. `copy`/`move` read `from` (a path of the same document) and write
 * the value to `path`, as API Gateway does for map members.
 */
export function applyPatch<T extends object>(doc: T, ops: readonly PatchOperation[], rules: readonly PatchRule[]): T {
  const next = dict<unknown>(Object.entries(doc)) as Doc;
  for (const op of ops) {
    const segs = pointerSegments(op.path);
    const rule = ruleFor(rules, segs);
    if (!rule || !rule.ops.includes(op.op)) invalidPath(op, rules);
    let value: string | null | undefined = op.value;
    if (op.op === 'copy' || op.op === 'move') {
      if (op.from === undefined) throw badRequest(`Missing 'from' in ${op.op} operation for path ${op.path}`);
      const fromSegs = pointerSegments(op.from);
      const found = read(next, fromSegs);
      if (found === undefined) throw badRequest(`Invalid 'from' path ${op.from}: no such member`);
      value = typeof found === 'string' ? found : JSON.stringify(found);
      if (op.op === 'move') {
        const parent = fromSegs.length === 1 ? next : mapOf(next, fromSegs[0]!);
        delete parent[fromSegs[fromSegs.length - 1]!];
      }
    }
    const [field, key] = segs as [string, string | undefined];
    if (rule.set) {
      const list = Array.isArray(own(next, field)) ? [...(own(next, field) as string[])] : [];
      const without = list.filter((v) => v !== key);
      if (op.op === 'remove') next[field] = without;
      else if (op.op === 'replace') next[field] = [...without, String(convert(op, 'string', value))];
      else next[field] = list.includes(key!) ? list : [...list, key!];
      continue;
    }
    if (key !== undefined && segs.length === 2) {
      const map = mapOf(next, field);
      if (op.op === 'remove') delete map[key];
      else map[key] = convert(op, rule.value, value);
      continue;
    }
    const target = segs.length === 1 ? next : mapOf(next, field);
    const name = segs[segs.length - 1]!;
    if (segs.length > 2) throw new Error(`patch rule ${rule.path} is deeper than two segments`);
    if (op.op === 'remove') delete target[name];
    else target[name] = convert(op, rule.value, value);
  }
  return next as T;
}

// ---- UpdateStage method settings: `/{resource path}/{http method}/{group}/{setting}` ----

const METHOD_SETTINGS: Record<string, { field: keyof MethodSetting; kind: ValueKind }> = {
  'metrics/enabled': { field: 'metricsEnabled', kind: 'boolean' },
  'logging/loglevel': { field: 'loggingLevel', kind: 'string' },
  'logging/dataTrace': { field: 'dataTraceEnabled', kind: 'boolean' },
  'throttling/burstLimit': { field: 'throttlingBurstLimit', kind: 'int' },
  'throttling/rateLimit': { field: 'throttlingRateLimit', kind: 'number' },
  'caching/enabled': { field: 'cachingEnabled', kind: 'boolean' },
  'caching/ttlInSeconds': { field: 'cacheTtlInSeconds', kind: 'int' },
  'caching/dataEncrypted': { field: 'cacheDataEncrypted', kind: 'boolean' },
  'caching/requireAuthorizationForCacheControl': { field: 'requireAuthorizationForCacheControl', kind: 'boolean' },
  'caching/unauthorizedCacheControlHeaderStrategy': { field: 'unauthorizedCacheControlHeaderStrategy', kind: 'string' },
};

const LOG_LEVELS = ['OFF', 'ERROR', 'INFO'];
const CACHE_STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];

/** The settings a new method-settings entry starts with, as GetStage shows them. */
export function defaultMethodSetting(): MethodSetting {
  return {
    metricsEnabled: false,
    loggingLevel: 'OFF',
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
  };
}

export const STAGE_RULES: readonly PatchRule[] = [
  { path: '/deploymentId', ops: ['replace'] },
  { path: '/description', ops: ['replace', 'remove'] },
  { path: '/tracingEnabled', ops: ['replace'], value: 'boolean' },
  { path: '/cacheClusterEnabled', ops: ['replace'], value: 'boolean' },
  { path: '/cacheClusterSize', ops: ['replace'] },
  { path: '/clientCertificateId', ops: ['replace', 'remove'] },
  { path: '/documentationVersion', ops: ['replace', 'remove'] },
  { path: '/webAclArn', ops: ['replace', 'remove'] },
  { path: '/variables/*', ops: ['add', 'replace', 'remove', 'copy', 'move'] },
  { path: '/accessLogSettings/destinationArn', ops: ['add', 'replace', 'remove'] },
  { path: '/accessLogSettings/format', ops: ['add', 'replace', 'remove'] },
  { path: '/accessLogSettings', ops: ['remove'] },
];

/**
 * UpdateStage: method-settings paths (`/*\/*\/metrics/enabled`, `/~1orders/POST/throttling/rateLimit`, `/*\/*` to
 * remove) go to `methodSettings` keyed `{resource path without leading /}/{METHOD}`; the rest follow STAGE_RULES.
 */
export function patchStage(stage: Stage, ops: readonly PatchOperation[]): Stage {
  let next: Stage = { ...stage, methodSettings: dict(Object.entries(stage.methodSettings ?? {})) };
  for (const op of ops) {
    const segs = pointerSegments(op.path);
    const setting = segs.length >= 4 ? own(METHOD_SETTINGS, segs.slice(-2).join('/')) : undefined;
    if (setting && op.op === 'replace') {
      const key = `${segs.slice(0, -3).join('/').replace(/^\//, '')}/${segs[segs.length - 3]!}`;
      const value = convert(op, setting.kind);
      if (setting.field === 'loggingLevel' && !LOG_LEVELS.includes(String(value))) {
        throw badRequest(`Invalid logging level '${String(value)}'. Valid options are ${LOG_LEVELS.join(', ')}`);
      }
      if (setting.field === 'unauthorizedCacheControlHeaderStrategy' && !CACHE_STRATEGIES.includes(String(value))) {
        throw badRequest(`Invalid unauthorized cache control header strategy '${String(value)}'`);
      }
      const current = own(next.methodSettings, key) ?? defaultMethodSetting();
      next.methodSettings[key] = { ...current, [setting.field]: value };
      continue;
    }
    if (op.op === 'remove' && segs.length >= 2 && !ruleFor(STAGE_RULES, segs)) {
      const key = `${segs.slice(0, -1).join('/').replace(/^\//, '')}/${segs[segs.length - 1]!}`;
      if (!own(next.methodSettings, key)) {
        throw badRequest(`Cannot remove method setting ${key} because there is no method setting for this method`);
      }
      next.methodSettings = dict(Object.entries(next.methodSettings).filter(([k]) => k !== key));
      continue;
    }
    next = applyPatch(next, [op], STAGE_RULES);
  }
  return next;
}
