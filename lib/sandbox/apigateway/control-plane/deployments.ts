import 'server-only';
import { dict } from '../dict';
import { badRequest, notFound } from '../errors';
import { exportStage } from '../export';
import { newApiGatewayId } from '../ids';
import { createDeploymentSchema, createStageSchema, patchBodySchema, type Deployment, type Stage } from '../model';
import { applyPatch, patchStage } from '../patch';
import {
  deleteDeployment,
  deleteStage,
  getDeployment,
  getStage,
  insertDeployment,
  listDeployments,
  listStages,
  putStage,
  updateDeployment,
} from '../store';
import { accepted, conflict, epochSeconds, mutate, ok, paginate, param, parseBody, requireApi, type Call } from './call';
import type { Route } from './table';

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

function validateStageName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_-');
}

function validateCacheSize(size: string | undefined): void {
  if (size !== undefined && !CACHE_SIZES.includes(size)) throw badRequest(`Invalid cache cluster size specified. Valid options are ${CACHE_SIZES.join(', ')}`);
}

function newStage(stageName: string, deploymentId: string, now: number): Stage {
  return {
    stageName,
    deploymentId,
    tracingEnabled: false,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: dict(),
    createdDate: now,
    lastUpdatedDate: now,
  };
}

/** The cache cluster is reported as AWS reports a running one; the sandbox keeps no cache. */
function withCacheStatus(stage: Stage): Stage {
  return { ...stage, cacheClusterStatus: stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE' };
}

function createDeployment(call: Call) {
  const input = parseBody(call.req, createDeploymentSchema);
  if (input.stageName !== undefined) validateStageName(input.stageName);
  validateCacheSize(input.cacheClusterSize);
  const { db } = call.ctx;
  const apiId = param(call, 'restapi_id');
  const deployment = mutate(call, ({ config }) => {
    const methods = Object.values(config.resources).flatMap((r) => Object.values(r.resourceMethods ?? {}));
    if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
    if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
    const created: Deployment = {
      id: newApiGatewayId(),
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdDate: epochSeconds(),
    };
    // The snapshot is a deep copy taken in the same transaction, so later edits never leak into it.
    insertDeployment(db, apiId, created, structuredClone(config));
    if (input.stageName !== undefined) {
      const now = epochSeconds();
      const existing = getStage(db, apiId, input.stageName);
      const base = existing ?? {
        ...newStage(input.stageName, created.id, now),
        tracingEnabled: input.tracingEnabled ?? false,
        cacheClusterEnabled: input.cacheClusterEnabled ?? false,
        ...(input.cacheClusterSize !== undefined ? { cacheClusterSize: input.cacheClusterSize } : {}),
      };
      const variables = input.variables ?? existing?.variables;
      const description = input.stageDescription ?? existing?.description;
      putStage(db, apiId, withCacheStatus({
        ...base,
        deploymentId: created.id,
        ...(variables ? { variables } : {}),
        ...(description !== undefined ? { description } : {}),
        lastUpdatedDate: now,
      }));
    }
    return created;
  });
  return ok(201, deployment);
}

function requireDeployment(call: Call): Deployment {
  requireApi(call);
  const found = getDeployment(call.ctx.db, param(call, 'restapi_id'), param(call, 'deployment_id'));
  if (!found) throw notFound('Deployment');
  return found.deployment;
}

function updateDeploymentHandler(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const next = mutate(call, () => {
    const updated = applyPatch(requireDeployment(call), patchOperations ?? [], [{ path: '/description', ops: ['replace', 'remove'] }]);
    updateDeployment(call.ctx.db, param(call, 'restapi_id'), updated);
    return updated;
  });
  return ok(200, next);
}

/** AWS refuses to delete a deployment a stage still serves. */
function deleteDeploymentHandler(call: Call) {
  const apiId = param(call, 'restapi_id');
  mutate(call, () => {
    const { id } = requireDeployment(call);
    if (listStages(call.ctx.db, apiId).some((s) => s.deploymentId === id)) {
      throw badRequest('Active stages pointing to this deployment must be moved or deleted');
    }
    deleteDeployment(call.ctx.db, apiId, id);
  });
  return accepted();
}

function createStage(call: Call) {
  const input = parseBody(call.req, createStageSchema);
  validateStageName(input.stageName);
  validateCacheSize(input.cacheClusterSize);
  const { db } = call.ctx;
  const apiId = param(call, 'restapi_id');
  const stage = mutate(call, () => {
    if (!getDeployment(db, apiId, input.deploymentId)) throw notFound('Deployment');
    if (getStage(db, apiId, input.stageName)) throw conflict('Stage already exists');
    const created = withCacheStatus({
      ...newStage(input.stageName, input.deploymentId, epochSeconds()),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.variables ? { variables: dict(Object.entries(input.variables)) } : {}),
      tracingEnabled: input.tracingEnabled ?? false,
      cacheClusterEnabled: input.cacheClusterEnabled ?? false,
      ...(input.cacheClusterSize !== undefined ? { cacheClusterSize: input.cacheClusterSize } : {}),
      ...(input.tags ? { tags: dict(Object.entries(input.tags)) } : {}),
    });
    putStage(db, apiId, created);
    return created;
  });
  return ok(201, stage);
}

export function requireStage(call: Call): Stage {
  requireApi(call);
  const stage = getStage(call.ctx.db, param(call, 'restapi_id'), param(call, 'stage_name'));
  if (!stage) throw notFound('Stage');
  return stage;
}

function updateStage(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const { db } = call.ctx;
  const apiId = param(call, 'restapi_id');
  const stage = mutate(call, () => {
    const next = withCacheStatus({ ...patchStage(requireStage(call), patchOperations ?? []), lastUpdatedDate: epochSeconds() });
    validateCacheSize(next.cacheClusterSize);
    if (!getDeployment(db, apiId, next.deploymentId)) throw badRequest('Deployment id does not exist');
    putStage(db, apiId, next);
    return next;
  });
  return ok(200, stage);
}

function getExport(call: Call) {
  const stored = requireApi(call);
  const stage = requireStage(call);
  const exportType = param(call, 'export_type');
  const deployment = getDeployment(call.ctx.db, stored.api.id, stage.deploymentId);
  if (!deployment) throw notFound('Deployment');
  if (exportType !== 'oas30' && exportType !== 'swagger') throw badRequest(`Invalid export type specified: ${exportType}`);
  const extensions = (call.query.get('extensions') ?? '').split(',').map((e) => e.trim());
  const doc = exportStage(stored, stage, deployment.config, { openapi: exportType === 'oas30', integrations: extensions.includes('integrations') });
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${stored.api.name}-${stage.stageName}-${exportType}.json"` },
    body: JSON.stringify(doc, null, 2),
  };
}

export const deploymentRoutes: Route[] = [
  { name: 'CreateDeployment', method: 'POST', uri: '/restapis/{restapi_id}/deployments', handler: createDeployment },
  {
    name: 'GetDeployments',
    method: 'GET',
    uri: '/restapis/{restapi_id}/deployments',
    handler: (call) => {
      requireApi(call);
      return ok(200, paginate(listDeployments(call.ctx.db, param(call, 'restapi_id')), call.query));
    },
  },
  { name: 'GetDeployment', method: 'GET', uri: '/restapis/{restapi_id}/deployments/{deployment_id}', handler: (call) => ok(200, requireDeployment(call)) },
  { name: 'UpdateDeployment', method: 'PATCH', uri: '/restapis/{restapi_id}/deployments/{deployment_id}', handler: updateDeploymentHandler },
  { name: 'DeleteDeployment', method: 'DELETE', uri: '/restapis/{restapi_id}/deployments/{deployment_id}', handler: deleteDeploymentHandler },
  { name: 'CreateStage', method: 'POST', uri: '/restapis/{restapi_id}/stages', handler: createStage },
  {
    name: 'GetStages',
    method: 'GET',
    uri: '/restapis/{restapi_id}/stages',
    handler: (call) => {
      requireApi(call);
      const deploymentId = call.query.get('deploymentId');
      return ok(200, { item: listStages(call.ctx.db, param(call, 'restapi_id')).filter((s) => !deploymentId || s.deploymentId === deploymentId) });
    },
  },
  { name: 'GetStage', method: 'GET', uri: '/restapis/{restapi_id}/stages/{stage_name}', handler: (call) => ok(200, requireStage(call)) },
  { name: 'UpdateStage', method: 'PATCH', uri: '/restapis/{restapi_id}/stages/{stage_name}', handler: updateStage },
  {
    name: 'DeleteStage',
    method: 'DELETE',
    uri: '/restapis/{restapi_id}/stages/{stage_name}',
    handler: (call) => {
      deleteStage(call.ctx.db, param(call, 'restapi_id'), requireStage(call).stageName);
      return accepted();
    },
  },
  {
    name: 'FlushStageCache',
    method: 'DELETE',
    uri: '/restapis/{restapi_id}/stages/{stage_name}/cache/data',
    handler: (call) => {
      requireStage(call);
      return accepted();
    },
    notes: 'The sandbox caches no responses, so there is nothing to flush',
  },
  {
    name: 'FlushStageAuthorizersCache',
    method: 'DELETE',
    uri: '/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers',
    handler: (call) => {
      requireStage(call);
      return accepted();
    },
    notes: 'No authorizer results are cached',
  },
  {
    name: 'GetExport',
    method: 'GET',
    uri: '/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}',
    handler: getExport,
    notes: 'oas30 and swagger, JSON only',
  },
];
