import 'server-only';
import type { z } from 'zod';
import { checkModelSchema } from '@/lib/gateway/model-validation';
import { dict, own, withEntry, withoutEntry } from '../dict';
import { badRequest, notFound } from '../errors';
import { newApiGatewayId } from '../ids';
import { createModelSchema, patchBodySchema, type ApiConfiguration, type Model } from '../model';
import { applyPatch } from '../patch';
import { accepted, conflict, mutate, ok, paginate, param, parseBody, requireApi, type Call } from './call';
import type { Route } from './table';

/** The two models every new REST API has (what CreateRestApi makes on AWS). */
export function defaultModels(): Record<string, Model> {
  const schema = (title: string, properties?: object) =>
    JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title, type: 'object', ...(properties ? { properties } : {}) }, null, 2);
  return dict<Model>([
    ['Empty', { id: newApiGatewayId().slice(0, 6), name: 'Empty', description: 'This is a default empty schema model', schema: schema('Empty Schema'), contentType: 'application/json' }],
    [
      'Error',
      {
        id: newApiGatewayId().slice(0, 6),
        name: 'Error',
        description: 'This is a default error schema model',
        schema: schema('Error Schema', { message: { type: 'string' } }),
        contentType: 'application/json',
      },
    ],
  ]);
}

function requireModel(config: ApiConfiguration, name: string): Model {
  const found = own(config.models, name);
  if (!found) throw notFound('Model');
  return found;
}

/** BadRequestException when the model's schema is not usable JSON Schema draft-04 (other models may be referenced). */
export function checkSchema(apiId: string, config: ApiConfiguration, name: string, schema: string | undefined): void {
  const problem = checkModelSchema({ apiId, models: config.models ?? {} }, name, schema);
  if (problem !== undefined) throw badRequest(`Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: ${problem}]`);
}

/** A new model as CreateModel makes it (ImportRestApi too, for each schema of the document). */
export function modelOf(input: z.infer<typeof createModelSchema>): Model {
  if (!/^[A-Za-z0-9]+$/.test(input.name)) throw badRequest('Model name must be alphanumeric');
  return {
    id: newApiGatewayId().slice(0, 6),
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.schema !== undefined ? { schema: input.schema } : {}),
    contentType: input.contentType,
  };
}

function createModel(call: Call) {
  const model = modelOf(parseBody(call.req, createModelSchema));
  mutate(call, ({ api, config }) => {
    if (own(config.models, model.name)) throw conflict('Model name already exists for this REST API');
    checkSchema(api.id, config, model.name, model.schema);
    config.models = withEntry(config.models, model.name, model);
  });
  return ok(201, model);
}

function updateModel(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const name = param(call, 'model_name');
  const next = mutate(call, ({ api, config }) => {
    const updated = applyPatch(requireModel(config, name), patchOperations ?? [], [
      { path: '/schema', ops: ['replace'] },
      { path: '/description', ops: ['replace', 'remove'] },
    ]);
    checkSchema(api.id, config, name, updated.schema);
    config.models = withEntry(config.models, name, updated);
    return updated;
  });
  return ok(200, next);
}

function deleteModel(call: Call) {
  const name = param(call, 'model_name');
  mutate(call, ({ config }) => {
    requireModel(config, name);
    const methods = Object.values(config.resources).flatMap((r) => Object.values(r.resourceMethods ?? {}));
    const used = methods.some(
      (m) => Object.values(m.requestModels ?? {}).includes(name) || Object.values(m.methodResponses ?? {}).some((r) => Object.values(r.responseModels ?? {}).includes(name)),
    );
    if (used) throw conflict(`Cannot delete model '${name}', is referenced in method request or method response`);
    config.models = withoutEntry(config.models, name);
  });
  return accepted();
}

const URI = '/restapis/{restapi_id}/models/{model_name}';

export const modelRoutes: Route[] = [
  { name: 'CreateModel', method: 'POST', uri: '/restapis/{restapi_id}/models', handler: createModel },
  { name: 'GetModels', method: 'GET', uri: '/restapis/{restapi_id}/models', handler: (call) => ok(200, paginate(Object.values(requireApi(call).config.models ?? {}), call.query)) },
  { name: 'GetModel', method: 'GET', uri: URI, handler: (call) => ok(200, requireModel(requireApi(call).config, param(call, 'model_name'))) },
  { name: 'UpdateModel', method: 'PATCH', uri: URI, handler: updateModel },
  { name: 'DeleteModel', method: 'DELETE', uri: URI, handler: deleteModel },
  { name: 'GetModelTemplate', method: 'GET', uri: `${URI}/default_template` },
];
