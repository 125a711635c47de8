import { describe, expect, it } from 'vitest';
import { checkModelSchema, validateBody } from './model-validation';

const models = {
  Order: {
    schema: JSON.stringify({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      required: ['sku', 'price'],
      properties: {
        sku: { type: 'string' },
        // draft-04's boolean exclusiveMinimum (draft-06 made it a number)
        price: { type: 'number', minimum: 0, exclusiveMinimum: true },
        customer: { $ref: 'https://apigateway.amazonaws.com/restapis/a1/models/Customer' },
      },
    }),
  },
  Customer: { schema: JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }) },
};

describe('request body validation against draft-04 models', () => {
  it('accepts a valid body and refuses an invalid one with "Invalid request body"', () => {
    expect(validateBody({ apiId: 'a1', models }, 'Order', '{"sku":"x","price":1}')).toEqual({ ok: true });
    const missing = validateBody({ apiId: 'a1', models }, 'Order', '{"sku":"x"}');
    expect(missing).toEqual({ ok: false, message: 'Invalid request body', validationErrorString: '[object has missing required properties (["price"])]' });
  });

  it('uses draft-04 semantics and resolves references to other models of the API', () => {
    expect(validateBody({ apiId: 'a1', models }, 'Order', '{"sku":"x","price":0}').ok).toBe(false);
    expect(validateBody({ apiId: 'a1', models }, 'Order', '{"sku":"x","price":1,"customer":{}}').ok).toBe(false);
    expect(validateBody({ apiId: 'a1', models }, 'Order', '{"sku":"x","price":1,"customer":{"id":"c"}}').ok).toBe(true);
  });

  it('a body that is not JSON is invalid; a schema that is not a schema is reported at model time', () => {
    expect(validateBody({ apiId: 'a1', models }, 'Order', 'sku=x').ok).toBe(false);
    expect(checkModelSchema({ apiId: 'a1', models }, 'Bad', '{"type": 12}')).toBeDefined();
    expect(checkModelSchema({ apiId: 'a1', models }, 'Bad', 'not json')).toBeDefined();
    expect(checkModelSchema({ apiId: 'a1', models }, 'Order', models.Order.schema)).toBeUndefined();
    expect(checkModelSchema({ apiId: 'a1', models: {} }, 'Order', models.Order.schema)).toMatch(/can't resolve reference/);
  });
});
