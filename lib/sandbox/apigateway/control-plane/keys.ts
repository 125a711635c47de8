import 'server-only';
import { randomBytes } from 'node:crypto';
import { dict } from '../dict';
import { badRequest, notFound } from '../errors';
import { newApiGatewayId } from '../ids';
import {
  createApiKeySchema,
  createUsagePlanKeySchema,
  createUsagePlanSchema,
  patchBodySchema,
  type ApiKey,
  type PatchOperation,
  type UsagePlan,
} from '../model';
import { applyPatch, convert } from '../patch';
import { deleteObject, getObject, getRestApi, getStage, listObjects, putObject } from '../store';
import { accepted, conflict, epochSeconds, ok, paginate, param, parseBody, type Call } from './call';
import type { Route } from './table';

/** 40 characters like the keys API Gateway generates. */
function newKeyValue(): string {
  return randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(40, 'a');
}

/** API keys are answered without their value unless `includeValue=true` (GetApiKey, GetApiKeys). */
function keyView(key: ApiKey, includeValue: boolean): Omit<ApiKey, 'value'> & { value?: string } {
  if (includeValue) return key;
  const { value: _v, ...rest } = key;
  return rest;
}

const includeValue = (call: Call) => call.query.get('includeValue') === 'true';

export function requireKey(call: Call, id: string): ApiKey {
  const key = getObject<ApiKey>(call.ctx.db, 'apikey', call.region, id);
  if (!key) throw notFound('API Key');
  return key;
}

function createApiKey(call: Call) {
  const input = parseBody(call.req, createApiKeySchema);
  const value = input.value ?? newKeyValue();
  if (value.length < 20) throw badRequest('API Key value should be at least 20 characters');
  if (listObjects<ApiKey>(call.ctx.db, 'apikey', call.region).some((k) => k.value === value)) throw conflict('API Key already exists');
  const now = epochSeconds();
  const key: ApiKey = {
    id: newApiGatewayId(),
    value,
    name: input.name ?? newApiGatewayId(),
    ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    enabled: input.enabled ?? false,
    createdDate: now,
    lastUpdatedDate: now,
    stageKeys: (input.stageKeys ?? []).map((s) => `${s.restApiId ?? ''}/${s.stageName ?? ''}`),
    ...(input.tags ? { tags: dict(Object.entries(input.tags)) } : {}),
  };
  putObject(call.ctx.db, 'apikey', call.region, key.id, key);
  // CreateApiKey answers with the value, whatever includeValue says.
  return ok(201, key);
}

function updateApiKey(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  let next = requireKey(call, param(call, 'api_Key'));
  for (const op of patchOperations ?? []) {
    // `/stages` add/remove with value `{restApiId}/{stageName}` edits stageKeys.
    if (op.path === '/stages' && (op.op === 'add' || op.op === 'remove')) {
      const stageKey = String(convert(op, 'string'));
      const others = next.stageKeys.filter((k) => k !== stageKey);
      next = { ...next, stageKeys: op.op === 'add' ? [...others, stageKey] : others };
      continue;
    }
    next = applyPatch(next, [op], [
      { path: '/name', ops: ['replace'] },
      { path: '/description', ops: ['replace', 'remove'] },
      { path: '/enabled', ops: ['replace'], value: 'boolean' },
      { path: '/customerId', ops: ['replace', 'remove'] },
    ]);
  }
  next = { ...next, lastUpdatedDate: epochSeconds() };
  putObject(call.ctx.db, 'apikey', call.region, next.id, next);
  return ok(200, keyView(next, false));
}

function deleteApiKey(call: Call) {
  const key = requireKey(call, param(call, 'api_Key'));
  deleteObject(call.ctx.db, 'apikey', call.region, key.id);
  for (const plan of listObjects<UsagePlan>(call.ctx.db, 'usageplan', call.region)) {
    if (plan.keyIds.includes(key.id)) putObject(call.ctx.db, 'usageplan', call.region, plan.id, { ...plan, keyIds: plan.keyIds.filter((k) => k !== key.id) });
  }
  return accepted();
}

// ---- usage plans ----

function planView(plan: UsagePlan): Omit<UsagePlan, 'keyIds'> {
  const { keyIds: _k, ...rest } = plan;
  return rest;
}

export function requirePlan(call: Call): UsagePlan {
  const plan = getObject<UsagePlan>(call.ctx.db, 'usageplan', call.region, param(call, 'usageplanId'));
  if (!plan) throw notFound('Usage Plan');
  return plan;
}

function checkApiStage(call: Call, apiId: string, stage: string): void {
  if (!getRestApi(call.ctx.db, apiId) || !getStage(call.ctx.db, apiId, stage)) {
    throw badRequest(`Invalid stage identifier specified: API Stage {api: ${apiId}, stage: ${stage}} not found`);
  }
}

function createUsagePlan(call: Call) {
  const input = parseBody(call.req, createUsagePlanSchema);
  for (const s of input.apiStages ?? []) checkApiStage(call, s.apiId, s.stage);
  if (input.quota?.period !== undefined && !['DAY', 'WEEK', 'MONTH'].includes(input.quota.period)) throw badRequest('Invalid quota period specified');
  const plan: UsagePlan = {
    id: newApiGatewayId().slice(0, 6),
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    apiStages: input.apiStages ?? [],
    ...(input.throttle ? { throttle: input.throttle } : {}),
    ...(input.quota ? { quota: { offset: 0, ...input.quota } } : {}),
    ...(input.tags ? { tags: dict(Object.entries(input.tags)) } : {}),
    keyIds: [],
  };
  putObject(call.ctx.db, 'usageplan', call.region, plan.id, plan);
  return ok(201, planView(plan));
}

/**
 * UpdateUsagePlan: `/apiStages` add/remove with value `{apiId}:{stage}`, `/throttle/*`, `/quota/*`, name/description
 * (https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateUsagePlan-Patch).
 */
function updateUsagePlan(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  let plan = requirePlan(call);
  for (const op of patchOperations ?? []) {
    if (op.path === '/apiStages') {
      const [apiId, stage] = String(convert(op, 'string')).split(':') as [string, string | undefined];
      if (stage === undefined) throw badRequest(`Invalid API stage specified: ${op.value ?? ''}`);
      if (op.op === 'add') {
        checkApiStage(call, apiId, stage);
        if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) plan = { ...plan, apiStages: [...plan.apiStages, { apiId, stage }] };
      } else if (op.op === 'remove') plan = { ...plan, apiStages: plan.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage)) };
      else throw badRequest(`Invalid patch operation specified for /apiStages: ${op.op}`);
      continue;
    }
    const m = /^\/(throttle|quota)\/(\w+)$/.exec(op.path);
    if (m) {
      plan = patchLimit(plan, m[1] as 'throttle' | 'quota', m[2]!, op);
      continue;
    }
    if ((op.path === '/throttle' || op.path === '/quota') && op.op === 'remove') {
      const { [op.path.slice(1) as 'throttle' | 'quota']: _removed, ...rest } = plan;
      plan = rest;
      continue;
    }
    plan = applyPatch(plan, [op], [
      { path: '/name', ops: ['replace'] },
      { path: '/description', ops: ['replace', 'remove'] },
      { path: '/productCode', ops: ['replace', 'remove'] },
    ]);
  }
  putObject(call.ctx.db, 'usageplan', call.region, plan.id, plan);
  return ok(200, planView(plan));
}

function patchLimit(plan: UsagePlan, group: 'throttle' | 'quota', member: string, op: PatchOperation): UsagePlan {
  const allowed: Record<string, 'int' | 'number' | 'string'> =
    group === 'throttle' ? { burstLimit: 'int', rateLimit: 'number' } : { limit: 'int', offset: 'int', period: 'string' };
  const kind = Object.hasOwn(allowed, member) ? allowed[member] : undefined;
  if (!kind) throw badRequest(`Invalid patch path '${op.path}' specified for op '${op.op}'`);
  const current: Record<string, unknown> = { ...(plan[group] ?? {}) };
  if (op.op === 'remove') delete current[member];
  else current[member] = convert(op, kind);
  return { ...plan, [group]: current };
}

function createUsagePlanKey(call: Call) {
  const input = parseBody(call.req, createUsagePlanKeySchema);
  if (input.keyType !== 'API_KEY') throw badRequest(`Invalid key type specified: ${input.keyType}`);
  const plan = requirePlan(call);
  const key = requireKey(call, input.keyId);
  if (plan.keyIds.includes(key.id)) throw conflict('Usage Plan Key already exists');
  putObject(call.ctx.db, 'usageplan', call.region, plan.id, { ...plan, keyIds: [...plan.keyIds, key.id] });
  return ok(201, usagePlanKeyView(key));
}

const usagePlanKeyView = (key: ApiKey) => ({ id: key.id, type: 'API_KEY', value: key.value, name: key.name });

function requirePlanKey(call: Call): ApiKey {
  const plan = requirePlan(call);
  const keyId = param(call, 'keyId');
  if (!plan.keyIds.includes(keyId)) throw notFound('API Key');
  return requireKey(call, keyId);
}

export const keyRoutes: Route[] = [
  { name: 'CreateApiKey', method: 'POST', uri: '/apikeys', handler: createApiKey },
  {
    name: 'GetApiKeys',
    method: 'GET',
    uri: '/apikeys',
    handler: (call) => {
      const nameQuery = call.query.get('name');
      const keys = listObjects<ApiKey>(call.ctx.db, 'apikey', call.region).filter((k) => !nameQuery || k.name.startsWith(nameQuery));
      return ok(200, paginate(keys.map((k) => keyView(k, call.query.get('includeValues') === 'true')), call.query));
    },
  },
  { name: 'GetApiKey', method: 'GET', uri: '/apikeys/{api_Key}', handler: (call) => ok(200, keyView(requireKey(call, param(call, 'api_Key')), includeValue(call))) },
  { name: 'UpdateApiKey', method: 'PATCH', uri: '/apikeys/{api_Key}', handler: updateApiKey },
  { name: 'DeleteApiKey', method: 'DELETE', uri: '/apikeys/{api_Key}', handler: deleteApiKey },
  { name: 'ImportApiKeys', method: 'POST', uri: '/apikeys?mode=import' },
  { name: 'CreateUsagePlan', method: 'POST', uri: '/usageplans', handler: createUsagePlan },
  {
    name: 'GetUsagePlans',
    method: 'GET',
    uri: '/usageplans',
    handler: (call) => {
      const keyId = call.query.get('keyId');
      const plans = listObjects<UsagePlan>(call.ctx.db, 'usageplan', call.region).filter((p) => !keyId || p.keyIds.includes(keyId));
      return ok(200, paginate(plans.map(planView), call.query));
    },
  },
  { name: 'GetUsagePlan', method: 'GET', uri: '/usageplans/{usageplanId}', handler: (call) => ok(200, planView(requirePlan(call))) },
  { name: 'UpdateUsagePlan', method: 'PATCH', uri: '/usageplans/{usageplanId}', handler: updateUsagePlan },
  {
    name: 'DeleteUsagePlan',
    method: 'DELETE',
    uri: '/usageplans/{usageplanId}',
    handler: (call) => {
      const plan = requirePlan(call);
      // API Gateway's own refusal: the plan's stages must be removed (UpdateUsagePlan remove /apiStages) first.
      const stage = plan.apiStages[0];
      if (stage) throw badRequest(`Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${stage.apiId}:${stage.stage}`);
      deleteObject(call.ctx.db, 'usageplan', call.region, plan.id);
      return accepted();
    },
  },
  { name: 'CreateUsagePlanKey', method: 'POST', uri: '/usageplans/{usageplanId}/keys', handler: createUsagePlanKey },
  {
    name: 'GetUsagePlanKeys',
    method: 'GET',
    uri: '/usageplans/{usageplanId}/keys',
    handler: (call) => {
      const keys = requirePlan(call).keyIds.map((id) => getObject<ApiKey>(call.ctx.db, 'apikey', call.region, id)).filter((k) => k !== undefined);
      return ok(200, paginate(keys.map(usagePlanKeyView), call.query));
    },
  },
  { name: 'GetUsagePlanKey', method: 'GET', uri: '/usageplans/{usageplanId}/keys/{keyId}', handler: (call) => ok(200, usagePlanKeyView(requirePlanKey(call))) },
  {
    name: 'DeleteUsagePlanKey',
    method: 'DELETE',
    uri: '/usageplans/{usageplanId}/keys/{keyId}',
    handler: (call) => {
      const plan = requirePlan(call);
      const key = requirePlanKey(call);
      putObject(call.ctx.db, 'usageplan', call.region, plan.id, { ...plan, keyIds: plan.keyIds.filter((k) => k !== key.id) });
      return accepted();
    },
  },
  { name: 'GetUsage', method: 'GET', uri: '/usageplans/{usageplanId}/usage', notes: 'Usage is enforced on invoke URLs but not reported' },
  { name: 'UpdateUsage', method: 'PATCH', uri: '/usageplans/{usageplanId}/keys/{keyId}/usage' },
];
