import 'server-only';
import { own, withEntry, withoutEntry } from '../dict';
import { badRequest, notFound } from '../errors';
import { newApiGatewayId } from '../ids';
import { createAuthorizerSchema, patchBodySchema, type ApiConfiguration, type Authorizer } from '../model';
import { applyPatch } from '../patch';
import { accepted, conflict, mutate, ok, paginate, param, parseBody, requireApi, type Call } from './call';
import { authorizePassRole } from './iam';
import type { Route } from './table';

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];

/** What CreateAuthorizer requires per type (the sandbox stores authorizers; it cannot run them, see data-plane.ts). */
function validate(a: Authorizer): void {
  if (!TYPES.includes(a.type)) throw badRequest(`Invalid authorizer type specified. Valid options are ${TYPES.join(', ')}`);
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs || a.providerARNs.length === 0) throw badRequest('ProviderARNs need to be specified for COGNITO_USER_POOLS authorizer');
  } else if (!a.authorizerUri) {
    throw badRequest('Authorizer URI must be specified for TOKEN and REQUEST authorizers');
  }
  if (a.type === 'TOKEN' && !a.identitySource) throw badRequest('Identity source must be specified for TOKEN authorizer');
  if (a.authorizerResultTtlInSeconds !== undefined && (a.authorizerResultTtlInSeconds < 0 || a.authorizerResultTtlInSeconds > 3600)) {
    throw badRequest('Invalid authorizer result TTL specified. It must be between 0 and 3600 seconds');
  }
}

function requireAuthorizer(config: ApiConfiguration, id: string): Authorizer {
  const found = own(config.authorizers, id);
  if (!found) throw notFound('Authorizer');
  return found;
}

function createAuthorizer(call: Call) {
  const input = parseBody(call.req, createAuthorizerSchema);
  const authorizer: Authorizer = {
    id: newApiGatewayId().slice(0, 6),
    ...input,
    ...(input.type !== 'COGNITO_USER_POOLS' && input.authorizerResultTtlInSeconds === undefined ? { authorizerResultTtlInSeconds: 300 } : {}),
  };
  validate(authorizer);
  authorizePassRole(call.ctx.auth, call.principal, authorizer.authorizerCredentials);
  mutate(call, ({ config }) => {
    if (Object.values(config.authorizers ?? {}).some((a) => a.name === authorizer.name)) throw conflict(`Authorizer name ${authorizer.name} already exists`);
    config.authorizers = withEntry(config.authorizers, authorizer.id, authorizer);
  });
  return ok(201, authorizer);
}

function updateAuthorizer(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const id = param(call, 'authorizer_id');
  const next = mutate(call, ({ config }) => {
    const current = requireAuthorizer(config, id);
    const updated = applyPatch(current, patchOperations ?? [], [
      { path: '/name', ops: ['replace'] },
      { path: '/type', ops: ['replace'] },
      { path: '/authorizerUri', ops: ['replace'] },
      { path: '/authorizerCredentials', ops: ['replace', 'remove'] },
      { path: '/identitySource', ops: ['replace'] },
      { path: '/identityValidationExpression', ops: ['replace', 'remove'] },
      { path: '/authorizerResultTtlInSeconds', ops: ['replace'], value: 'int' },
      { path: '/authType', ops: ['replace', 'remove'] },
      { path: '/providerARNs/*', ops: ['add', 'remove', 'replace'], set: true },
    ]);
    validate(updated);
    if (updated.authorizerCredentials !== current.authorizerCredentials) authorizePassRole(call.ctx.auth, call.principal, updated.authorizerCredentials);
    config.authorizers = withEntry(config.authorizers, id, updated);
    return updated;
  });
  return ok(200, next);
}

function deleteAuthorizer(call: Call) {
  const id = param(call, 'authorizer_id');
  mutate(call, ({ config }) => {
    requireAuthorizer(config, id);
    const used = Object.values(config.resources).some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.authorizerId === id));
    if (used) throw conflict('Cannot delete authorizer, is referenced in method');
    config.authorizers = withoutEntry(config.authorizers, id);
  });
  return accepted();
}

const URI = '/restapis/{restapi_id}/authorizers/{authorizer_id}';

export const authorizerRoutes: Route[] = [
  { name: 'CreateAuthorizer', method: 'POST', uri: '/restapis/{restapi_id}/authorizers', handler: createAuthorizer },
  {
    name: 'GetAuthorizers',
    method: 'GET',
    uri: '/restapis/{restapi_id}/authorizers',
    handler: (call) => ok(200, paginate(Object.values(requireApi(call).config.authorizers ?? {}), call.query)),
  },
  { name: 'GetAuthorizer', method: 'GET', uri: URI, handler: (call) => ok(200, requireAuthorizer(requireApi(call).config, param(call, 'authorizer_id'))) },
  { name: 'UpdateAuthorizer', method: 'PATCH', uri: URI, handler: updateAuthorizer },
  { name: 'DeleteAuthorizer', method: 'DELETE', uri: URI, handler: deleteAuthorizer },
  { name: 'TestInvokeAuthorizer', method: 'POST', uri: URI, notes: 'Lambda and Cognito authorizers cannot run in the sandbox' },
];
