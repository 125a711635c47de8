import 'server-only';
import { own } from '../dict';
import { badRequest } from '../errors';
import { newApiGatewayId } from '../ids';
import { createResourceSchema, patchBodySchema, type ApiConfiguration, type Resource } from '../model';
import { applyPatch } from '../patch';
import { validatePathPart } from '../validation';
import { accepted, conflict, mutate, ok, paginate, param, parseBody, requireApi, requireResource, type Call } from './call';
import type { Route } from './table';

function embedsMethods(call: Call): boolean {
  return call.query.getAll('embed').some((e) => e.split(',').includes('methods'));
}

function resourceView(resource: Resource, embedMethods: boolean): Resource {
  const { resourceMethods, ...rest } = resource;
  if (!resourceMethods || Object.keys(resourceMethods).length === 0) return rest;
  if (embedMethods) return { ...rest, resourceMethods };
  return { ...rest, resourceMethods: Object.fromEntries(Object.keys(resourceMethods).map((verb) => [verb, {}])) } as Resource;
}

function checkSiblings(config: ApiConfiguration, parent: Resource, pathPart: string, self?: string): void {
  const siblings = Object.values(config.resources).filter((r) => r.parentId === parent.id && r.id !== self);
  if (siblings.some((r) => r.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  if (pathPart.startsWith('{') && siblings.some((r) => r.pathPart?.startsWith('{'))) {
    throw badRequest('A sibling ({' + pathPart.slice(1, -1) + '}) of this resource already has a variable path part -- only one is allowed');
  }
  if (parent.pathPart?.endsWith('+}')) throw badRequest('Cannot create a child of a resource with a greedy path variable: ' + parent.path);
}

const childPath = (parent: Resource, pathPart: string) => (parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`);

function createResource(call: Call) {
  const parentId = param(call, 'parent_id');
  const resource = mutate(call, ({ config }) => {
    const parent = requireResource(config, parentId);
    const { pathPart } = parseBody(call.req, createResourceSchema);
    validatePathPart(pathPart);
    checkSiblings(config, parent, pathPart);
    const created: Resource = { id: newApiGatewayId(), parentId, pathPart, path: childPath(parent, pathPart) };
    config.resources[created.id] = created;
    return created;
  });
  return ok(201, resource);
}

/** The resource and all its descendants. */
function subtree(config: ApiConfiguration, rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of Object.values(config.resources)) {
      if (r.parentId && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** UpdateResource: `/pathPart` renames, `/parentId` moves; descendants' paths follow. */
function updateResource(call: Call) {
  const resourceId = param(call, 'resource_id');
  const updated = mutate(call, ({ api, config }) => {
    const current = requireResource(config, resourceId);
    const { patchOperations } = parseBody(call.req, patchBodySchema);
    const next = applyPatch(current, patchOperations ?? [], [
      { path: '/pathPart', ops: ['replace'] },
      { path: '/parentId', ops: ['replace'] },
    ]);
    if (resourceId === api.rootResourceId && (next.pathPart !== current.pathPart || next.parentId !== current.parentId)) {
      throw badRequest('Cannot update root resource');
    }
    const parent = requireResource(config, next.parentId ?? '');
    if (subtree(config, resourceId).has(parent.id)) throw badRequest('Cannot move a resource under itself or one of its children');
    validatePathPart(next.pathPart ?? '');
    checkSiblings(config, parent, next.pathPart ?? '', resourceId);
    config.resources[resourceId] = { ...next, path: childPath(parent, next.pathPart ?? '') };
    // Re-derive descendants' paths breadth-first from their (now updated) parents.
    const order = [...subtree(config, resourceId)].filter((id) => id !== resourceId);
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of order) {
        const r = config.resources[id]!;
        const p = own(config.resources, r.parentId ?? '');
        const path = p ? childPath(p, r.pathPart ?? '') : r.path;
        if (path !== r.path) {
          config.resources[id] = { ...r, path };
          changed = true;
        }
      }
    }
    return config.resources[resourceId]!;
  });
  return ok(200, resourceView(updated, false));
}

function deleteResource(call: Call) {
  const resourceId = param(call, 'resource_id');
  mutate(call, ({ api, config }) => {
    requireResource(config, resourceId);
    if (resourceId === api.rootResourceId) throw badRequest('Cannot delete root resource');
    for (const id of subtree(config, resourceId)) delete config.resources[id];
  });
  return accepted();
}

export const resourceRoutes: Route[] = [
  {
    name: 'GetResources',
    method: 'GET',
    uri: '/restapis/{restapi_id}/resources',
    handler: (call) => {
      const items = Object.values(requireApi(call).config.resources).sort((a, b) => a.path.localeCompare(b.path));
      return ok(200, paginate(items.map((r) => resourceView(r, embedsMethods(call))), call.query));
    },
  },
  { name: 'CreateResource', method: 'POST', uri: '/restapis/{restapi_id}/resources/{parent_id}', handler: createResource },
  {
    name: 'GetResource',
    method: 'GET',
    uri: '/restapis/{restapi_id}/resources/{resource_id}',
    handler: (call) => ok(200, resourceView(requireResource(requireApi(call).config, param(call, 'resource_id')), embedsMethods(call))),
  },
  { name: 'UpdateResource', method: 'PATCH', uri: '/restapis/{restapi_id}/resources/{resource_id}', handler: updateResource },
  { name: 'DeleteResource', method: 'DELETE', uri: '/restapis/{restapi_id}/resources/{resource_id}', handler: deleteResource },
];
