import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Request-body validation against a method's request model, as API Gateway does with a validator that has
 * `validateRequestBody`: the model is JSON Schema draft-04, other models are referenced as
 * `https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html). ajv with its draft-04
 * build is the validator; only the wording of the validation errors is API Gateway's own.
 */

export type ModelSchemas = { apiId: string; models: Record<string, { schema?: string }> };

export type BodyValidation = { ok: true } | { ok: false; message: 'Invalid request body'; validationErrorString: string };

const CACHE_LIMIT = 200;
const cache = new Map<string, ValidateFunction | string>();

/** How a model's schema refers to another model of the API. */
export function modelUrl(apiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;
}

function parseSchema(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('A model schema must be a JSON object');
  const { $schema: _ignored, id: _id, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** A compiled validator for the model `name`, or the reason its schema cannot be used. */
function compile(schemas: ModelSchemas, name: string): ValidateFunction | string {
  const key = JSON.stringify([schemas.apiId, name, schemas.models]);
  const hit = cache.get(key);
  if (hit) return hit;
  let result: ValidateFunction | string;
  try {
    const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true });
    for (const [other, model] of Object.entries(schemas.models)) {
      const schema = parseSchema(model.schema);
      if (schema) ajv.addSchema({ ...schema, id: modelUrl(schemas.apiId, other) });
    }
    result = ajv.getSchema(modelUrl(schemas.apiId, name)) ?? ajv.compile({});
  } catch (err) {
    result = err instanceof Error ? err.message : String(err);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/**
 * Checks the schema of model `name` at CreateModel/UpdateModel time, with the API's other models available for
 * references; undefined when valid, otherwise why not.
 */
export function checkModelSchema(schemas: ModelSchemas, name: string, schema: string | undefined): string | undefined {
  try {
    const parsed = parseSchema(schema);
    if (!parsed) return undefined;
    const ajv = new Ajv({ strict: false });
    for (const [other, model] of Object.entries(schemas.models)) {
      if (other === name) continue;
      try {
        const otherSchema = parseSchema(model.schema);
        if (otherSchema) ajv.addSchema({ ...otherSchema, id: modelUrl(schemas.apiId, other) });
      } catch {
        // Another model's broken schema is that model's problem, reported when it is used.
      }
    }
    ajv.compile({ ...parsed, id: modelUrl(schemas.apiId, name) });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'object' : `instance "${error.instancePath}"`;
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '';
    return `object has missing required properties (["${missing}"])`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Validates `body` against the model `modelName` of the API. An unparsable body is invalid JSON for the model. */
export function validateBody(schemas: ModelSchemas, modelName: string, body: string | undefined): BodyValidation {
  const validate = compile(schemas, modelName);
  if (typeof validate === 'string') return { ok: false, message: 'Invalid request body', validationErrorString: `[${validate}]` };
  let value: unknown;
  try {
    value = JSON.parse(body === undefined || body === '' ? '{}' : body);
  } catch {
    return { ok: false, message: 'Invalid request body', validationErrorString: '[Invalid JSON in request body]' };
  }
  if (validate(value)) return { ok: true };
  return { ok: false, message: 'Invalid request body', validationErrorString: `[${(validate.errors ?? []).map(describe).join(', ')}]` };
}
