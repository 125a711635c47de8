import { describe, expect, it } from 'vitest';
import { designResourceNames, followRoleName, namesInUse, sharedResources, uniqueResourceNames, withResourceNames } from './names';
import { createPresetDesign, PRESET_IDS } from './presets';
import { validateDesign } from './schema';

describe('resource names', () => {
  it('derives queue, role and API from one stem, with a prefix for shared accounts', () => {
    expect(designResourceNames('Orders')).toEqual({ queueName: 'orders', roleName: 'apigateway-sqs-orders', apiName: 'orders-api' });
    expect(designResourceNames('orders', { fifo: true, prefix: 'Ada L' })).toEqual({ queueName: 'ada-l-orders.fifo', roleName: 'apigateway-sqs-ada-l-orders', apiName: 'ada-l-orders-api' });
    expect(designResourceNames('x'.repeat(200)).roleName.length).toBeLessThanOrEqual(64);
  });

  it('gives every preset design its own role that follows its queue', () => {
    const taken: string[] = [];
    const roles = new Set<string>();
    for (const id of PRESET_IDS) {
      const names = uniqueResourceNames('orders', taken, { fifo: id === 'fifo' });
      const d = createPresetDesign(id, names);
      expect(validateDesign(d).ok).toBe(true);
      roles.add(d.executionRole.mode === 'create' ? d.executionRole.roleName : '');
      taken.push(...namesInUse(d));
    }
    expect(roles.size).toBe(PRESET_IDS.length);
    expect([...roles]).toContain('apigateway-sqs-orders-2');
  });

  it('moves a fifo and a standard design with the same stem apart', () => {
    const names = uniqueResourceNames('orders', ['orders'], { fifo: true });
    expect(names.queueName).toBe('orders-2.fifo');
  });

  it('renames a copy, keeping the derived path override in step', () => {
    const d = createPresetDesign('query-urlencoded');
    const copy = withResourceNames(d, designResourceNames('orders-2'));
    expect(copy.integration.pathOverride).toBe('000000000000/orders-2');
    expect(copy.executionRole).toEqual({ mode: 'create', roleName: 'apigateway-sqs-orders-2' });
  });

  it('lets the role follow a queue rename only while it is the derived name', () => {
    const d = createPresetDesign('query-urlencoded');
    const renamed = followRoleName(d, { ...d, queue: { ...d.queue, name: 'payments' } });
    expect(renamed.executionRole).toEqual({ mode: 'create', roleName: 'apigateway-sqs-payments' });
    const typed = { ...d, executionRole: { mode: 'create' as const, roleName: 'my-role' } };
    expect(followRoleName(typed, { ...typed, queue: { ...typed.queue, name: 'payments' } }).executionRole).toEqual({ mode: 'create', roleName: 'my-role' });
  });

  it('names who else uses the queue, role or API', () => {
    const d = createPresetDesign('query-urlencoded');
    const shared = sharedResources(d, 'a1b2c3d4e5', [
      { label: 'design "Other"', queueName: 'other', roleName: 'apigateway-sqs-orders' },
      { label: 'the integration POST /x on API legacy', restApiId: 'a1b2c3d4e5', queueName: 'orders' },
    ]);
    expect(shared).toEqual([
      { kind: 'queue', name: 'orders', users: ['the integration POST /x on API legacy'] },
      { kind: 'role', name: 'apigateway-sqs-orders', users: ['design "Other"'] },
      { kind: 'restApi', name: 'a1b2c3d4e5', users: ['the integration POST /x on API legacy'] },
    ]);
  });
});

describe('API key required', () => {
  it('plans an API key, a usage plan for the stage and the key in the plan, after the deployment', async () => {
    const { deriveCreateCalls } = await import('./derive');
    const d = createPresetDesign('query-urlencoded');
    d.method.apiKeyRequired = true;
    const calls = deriveCreateCalls(d);
    const tail = calls.slice(-3);
    expect(tail.map((c) => [c.operation, c.dependsOn])).toEqual([
      ['CreateApiKey', []],
      ['CreateUsagePlan', ['deployment']],
      ['CreateUsagePlanKey', ['usagePlan', 'apiKey']],
    ]);
    expect(tail[0]!.input).toMatchObject({ name: 'orders-api-key', enabled: true });
    expect(tail[1]!.input).toMatchObject({ name: 'orders-api-plan', apiStages: [{ apiId: '${restApi.id}', stage: 'prod' }] });
    expect(tail[2]!.input).toEqual({ usagePlanId: '${usagePlan.id}', keyId: '${apiKey.id}', keyType: 'API_KEY' });
    d.method.apiKeyRequired = false;
    expect(deriveCreateCalls(d).some((c) => c.operation === 'CreateApiKey')).toBe(false);
  });
});
