import 'server-only';
import { own, withEntry, withoutEntry } from '../dict';
import { badRequest, notFound } from '../errors';
import { newApiGatewayId } from '../ids';
import { createRequestValidatorSchema, patchBodySchema, type ApiConfiguration, type RequestValidator } from '../model';
import { applyPatch } from '../patch';
import { accepted, conflict, mutate, ok, param, parseBody, requireApi, type Call } from './call';
import type { Route } from './table';

function requireValidator(config: ApiConfiguration, id: string): RequestValidator {
  const found = own(config.requestValidators, id);
  if (!found) throw notFound('Request Validator');
  return found;
}

const nameTaken = (config: ApiConfiguration, name: string, self?: string) =>
  Object.values(config.requestValidators ?? {}).some((v) => v.name === name && v.id !== self);

function createRequestValidator(call: Call) {
  const input = parseBody(call.req, createRequestValidatorSchema);
  const validator: RequestValidator = {
    id: newApiGatewayId().slice(0, 6),
    name: input.name,
    validateRequestBody: input.validateRequestBody ?? false,
    validateRequestParameters: input.validateRequestParameters ?? false,
  };
  mutate(call, ({ config }) => {
    if (nameTaken(config, input.name)) throw conflict(`Validator with name ${input.name} already exists`);
    config.requestValidators = withEntry(config.requestValidators, validator.id, validator);
  });
  return ok(201, validator);
}

function updateRequestValidator(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const id = param(call, 'requestvalidator_id');
  const next = mutate(call, ({ config }) => {
    const updated = applyPatch(requireValidator(config, id), patchOperations ?? [], [
      { path: '/name', ops: ['replace'] },
      { path: '/validateRequestBody', ops: ['replace'], value: 'boolean' },
      { path: '/validateRequestParameters', ops: ['replace'], value: 'boolean' },
    ]);
    if (updated.name === '') throw badRequest('Validator name must not be empty');
    if (nameTaken(config, updated.name, id)) throw conflict(`Validator with name ${updated.name} already exists`);
    config.requestValidators = withEntry(config.requestValidators, id, updated);
    return updated;
  });
  return ok(200, next);
}

function deleteRequestValidator(call: Call) {
  const id = param(call, 'requestvalidator_id');
  mutate(call, ({ config }) => {
    requireValidator(config, id);
    const inUse = Object.values(config.resources).some((r) => Object.values(r.resourceMethods ?? {}).some((m) => m.requestValidatorId === id));
    if (inUse) throw conflict('Cannot delete request validator because it is in use by a method');
    config.requestValidators = withoutEntry(config.requestValidators, id);
  });
  return accepted();
}

const URI = '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}';

export const validatorRoutes: Route[] = [
  { name: 'CreateRequestValidator', method: 'POST', uri: '/restapis/{restapi_id}/requestvalidators', handler: createRequestValidator },
  {
    name: 'GetRequestValidators',
    method: 'GET',
    uri: '/restapis/{restapi_id}/requestvalidators',
    handler: (call) => ok(200, { item: Object.values(requireApi(call).config.requestValidators ?? {}) }),
  },
  { name: 'GetRequestValidator', method: 'GET', uri: URI, handler: (call) => ok(200, requireValidator(requireApi(call).config, param(call, 'requestvalidator_id'))) },
  { name: 'UpdateRequestValidator', method: 'PATCH', uri: URI, handler: updateRequestValidator },
  { name: 'DeleteRequestValidator', method: 'DELETE', uri: URI, handler: deleteRequestValidator },
];
