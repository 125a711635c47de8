import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateDeploymentCommand, CreateRestApiCommand, DeleteUsagePlanCommand, GetGatewayResponsesCommand, GetResourcesCommand, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand, PutIntegrationResponseCommand, UpdateIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ListQueuesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { apiKeyNames, createPresetDesign, INLINE_POLICY_NAME, type IntegrationDesign, validateDesign } from '@/lib/design';
import { createFaultService } from '@/lib/sandbox/faults';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { applyPlan } from './apply';
import { type AwsClients, checkConnection, createClients } from './clients';
import { type Connection, listConnections } from './connections';
import { discoverIntegrations } from './discover';
import { planDesign, readDesignApiKey } from './plan';
import { teardown, teardownItems } from './teardown';

let sandbox: RunningSandbox;
let connection: Connection;
let clients: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-aws-')), services: [createFaultService(), ...defaultServices] });
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
});
afterAll(async () => {
  await sandbox?.close();
});

async function arm(operation: string): Promise<void> {
  const res = await fetch(`${sandbox.url}/_sluice/faults`, { method: 'POST', body: JSON.stringify({ operation, count: 1 }) });
  expect(res.status).toBe(200);
}
async function disarm(): Promise<void> {
  await fetch(`${sandbox.url}/_sluice/faults`, { method: 'DELETE' });
}

let n = 0;
function uniqueDesign(mutate?: (d: IntegrationDesign) => void): IntegrationDesign {
  n += 1;
  const d = createPresetDesign('query-urlencoded', { queueName: `aws-test-${n}-${Date.now() % 100000}`, roleName: `aws-test-role-${n}-${Date.now() % 100000}`, apiName: `aws-test-api-${n}` });
  mutate?.(d);
  return d;
}

async function inventory() {
  const [queues, roles, apis] = await Promise.all([
    clients.sqs.send(new ListQueuesCommand({})),
    clients.iam.send(new ListRolesCommand({})),
    clients.apigateway.send(new GetRestApisCommand({})),
  ]);
  return {
    queues: (queues.QueueUrls ?? []).map((u) => u.slice(u.lastIndexOf('/') + 1)),
    roles: (roles.Roles ?? []).map((r) => r.RoleName ?? ''),
    apis: (apis.items ?? []).map((a) => a.name ?? ''),
  };
}

describe('plan and apply against the sandbox', () => {
  beforeEach(disarm);

  it('warns, naming the other design, before rewriting a role another design uses', async () => {
    const first = uniqueDesign();
    expect((await applyPlan(first, await planDesign(first, clients), clients, connection)).ok).toBe(true);
    const role = first.executionRole.mode === 'create' ? first.executionRole.roleName : '';
    const second = uniqueDesign((d) => {
      d.executionRole = { mode: 'create', roleName: role };
    });
    const users = async () => [{ label: 'design "First"', queueName: first.queue.name, roleName: role }];
    const plan = await planDesign(second, clients, {}, users);
    expect(plan.steps.find((s) => s.id === 'rolePolicy')?.action).toBe('update');
    expect(plan.warnings).toEqual([expect.stringMatching(new RegExp(`^Role ${role} is also used by design "First".*403 AccessDenied`))]);
    // A role nobody else uses: no warning, and the users are not even asked for.
    let asked = false;
    const alone = await planDesign(uniqueDesign(), clients, {}, async () => ((asked = true), []));
    expect(alone.warnings).toEqual([]);
    expect(asked).toBe(false);
  });

  it('SSE-KMS with a key alias: the generated policy lets the first send through; an alias ARN as Resource does not', async () => {
    const d = uniqueDesign((x) => {
      x.queue.encryption = { type: 'kms', kmsKeyId: 'alias/my-team-key' };
    });
    const result = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(result.ok).toBe(true);
    const send = () => fetch(result.outputs.invokeUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"order": 1}' });
    expect((await send()).status).toBe(200);
    const received = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: result.outputs.queueUrl!, MaxNumberOfMessages: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('{"order": 1}');

    // KMS never authorizes a key through its alias ARN (AWS KMS Developer Guide, "Use aliases to control access").
    const roleName = d.executionRole.mode === 'create' ? d.executionRole.roleName : '';
    const aliasArnPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${d.region}:${d.accountId}:${d.queue.name}` },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: `arn:aws:kms:${d.region}:${d.accountId}:alias/my-team-key` },
      ],
    });
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: INLINE_POLICY_NAME, PolicyDocument: aliasArnPolicy }));
    const denied = await send();
    expect(denied.status).toBe(400);
    expect(await denied.text()).toMatch(/KMS\.AccessDeniedException|KmsAccessDenied/);
  });

  it('API key required: the plan creates the key and the usage plan (on a sandbox without usage plans they read as absent)', async () => {
    const d = uniqueDesign((x) => {
      x.method.apiKeyRequired = true;
    });
    const plan = await planDesign(d, clients);
    expect(plan.steps.slice(-3).map((s) => [s.operation, s.action])).toEqual([
      ['CreateApiKey', 'create'],
      ['CreateUsagePlan', 'create'],
      ['CreateUsagePlanKey', 'create'],
    ]);
    const applied = await applyPlan(d, plan, clients, connection);
    expect(applied.ok).toBe(true);
    const send = (headers: Record<string, string>) => fetch(applied.outputs.invokeUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"a":1}' });
    expect((await send({})).status).toBe(403);
    const key = await readDesignApiKey(d, clients);
    expect(key?.name).toBe(`${d.restApi.mode === 'create' ? d.restApi.name : ''}-key`);
    expect((await send({ 'x-api-key': key!.value })).status).toBe(200);
    // Re-plan finds the key, the plan and the key in the plan: nothing to create.
    const again = await planDesign(d, clients, { restApiId: applied.outputs.restApiId! });
    expect(again.steps.slice(-3).map((s) => s.action)).toEqual(['noop', 'noop', 'noop']);
  });

  it('creates everything, then finds nothing to do on re-apply (0 writes)', async () => {
    const d = uniqueDesign();
    const plan = await planDesign(d, clients);
    expect(plan.problems).toEqual([]);
    expect(plan.steps.every((s) => s.action === 'create')).toBe(true);
    expect(plan.writes).toBeGreaterThanOrEqual(10);
    const result = await applyPlan(d, plan, clients, connection);
    expect(result.failed).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.calls).toBe(plan.writes);
    expect(result.outputs.invokeUrl).toMatch(new RegExp(`^${sandbox.url}/_aws/execute-api/[a-z0-9]{10}/prod/send$`));

    // A plain HTTP POST to the invoke URL puts the message in the queue.
    const res = await fetch(result.outputs.invokeUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello World"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ messageId: expect.stringMatching(/[0-9a-f-]{36}/) });
    const received = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: result.outputs.queueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('{"message": "Hello World"}');

    const again = await planDesign(d, clients, { restApiId: result.outputs.restApiId! });
    expect(again.steps.filter((s) => s.action !== 'noop')).toEqual([]);
    expect(again.writes).toBe(0);
    const reapplied = await applyPlan(d, again, clients, connection);
    expect(reapplied.calls).toBe(0);
  });

  it('plans an update with a diff when the template changes, and redeploys', async () => {
    const d = uniqueDesign();
    const first = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(first.ok).toBe(true);
    d.integration.requestTemplates['application/json'] = 'Action=SendMessage&MessageBody=$input.body';
    d.executionRole = { mode: 'create', roleName: (d.executionRole as { roleName: string }).roleName, policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:000000000000:${d.queue.name}` }] }) };
    const plan = await planDesign(d, clients, { restApiId: first.outputs.restApiId! });
    const changed = plan.steps.filter((s) => s.action !== 'noop');
    expect(changed.map((s) => [s.operation, s.action])).toEqual([
      ['PutRolePolicy', 'update'],
      ['PutIntegration', 'update'],
      ['CreateDeployment', 'update'],
    ]);
    expect(changed[1]!.changes).toEqual([
      { field: 'integration.requestTemplates.application/json', before: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)', after: 'Action=SendMessage&MessageBody=$input.body' },
    ]);
    const result = await applyPlan(d, plan, clients, connection);
    expect(result.ok).toBe(true);
    expect(result.calls).toBe(3);
  });

  it('reads an existing queue instead of creating it, and a failed apply leaves it alone', async () => {
    const existing = `existing-${Date.now() % 100000}`;
    await clients.sqs.send(new CreateQueueCommand({ QueueName: existing }));
    const d = uniqueDesign((x) => {
      x.queue = { ...x.queue, mode: 'existing', name: existing };
      x.integration.pathOverride = `000000000000/${existing}`;
    });
    const plan = await planDesign(d, clients);
    expect(plan.steps.some((s) => s.operation === 'CreateQueue')).toBe(false);
    await arm('PutIntegration');
    const result = await applyPlan(d, plan, clients, connection);
    expect(result.ok).toBe(false);
    expect((await inventory()).queues).toContain(existing);
  });

  it('names a missing existing queue as a problem', async () => {
    const d = uniqueDesign((x) => {
      x.queue = { ...x.queue, mode: 'existing', name: 'no-such-queue-here' };
    });
    const plan = await planDesign(d, clients);
    expect(plan.problems).toEqual(['Queue no-such-queue-here does not exist on this connection; pick an existing queue or let Sluice create it.']);
  });
});

describe('integrations dashboard', () => {
  beforeEach(disarm);
  it('discovers a deployed integration and shows drift after an edit until redeploy', async () => {
    const d = uniqueDesign();
    const applied = await applyPlan(d, await planDesign(d, clients), clients, connection);
    const restApiId = applied.outputs.restApiId!;
    const find = async () => (await discoverIntegrations(clients, connection)).find((i) => i.restApiId === restApiId)!;

    const found = await find();
    expect(found).toMatchObject({ path: '/send', httpMethod: 'POST', queueName: d.queue.name, accountId: '000000000000', protocol: 'query', region: 'us-east-1' });
    expect(found.stages).toEqual([expect.objectContaining({ name: 'prod', invokeUrl: applied.outputs.invokeUrl, drift: { state: 'in-sync' } })]);

    await clients.apigateway.send(
      new UpdateIntegrationCommand({
        restApiId,
        resourceId: applied.outputs.resourceId!,
        httpMethod: 'POST',
        patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: 'Action=SendMessage&MessageBody=$input.body' }],
      }),
    );
    expect((await find()).stages[0]!.drift).toEqual({ state: 'drifted', fields: ['requestTemplates'] });

    await clients.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    expect((await find()).stages[0]!.drift).toEqual({ state: 'in-sync' });

    // Integration fields beyond the templates count too: the timeout and the integration responses.
    await clients.apigateway.send(
      new UpdateIntegrationCommand({ restApiId, resourceId: applied.outputs.resourceId!, httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5000' }] }),
    );
    await clients.apigateway.send(
      new PutIntegrationResponseCommand({ restApiId, resourceId: applied.outputs.resourceId!, httpMethod: 'POST', statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }),
    );
    expect((await find()).stages[0]!.drift).toEqual({ state: 'drifted', fields: ['timeoutInMillis', 'integrationResponses'] });
    await clients.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    expect((await find()).stages[0]!.drift).toEqual({ state: 'in-sync' });
  });
});

describe('re-created resources', () => {
  beforeEach(disarm);
  it('a design torn down and deployed again under the same names works at once (no stale role session)', async () => {
    const { teardown } = await import('./teardown');
    const d = uniqueDesign();
    const first = await applyPlan(d, await planDesign(d, clients), clients, connection);
    const send = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' });
    expect((await send(first.outputs.invokeUrl!)).status).toBe(200);
    expect((await teardown(first.created, clients)).every((r) => r.ok)).toBe(true);
    const second = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(second.ok).toBe(true);
    const res = await send(second.outputs.invokeUrl!);
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe('request validators', () => {
  beforeEach(disarm);
  it('enforces a required header through a validator, and re-apply reuses the validator', async () => {
    n += 1;
    const d = createPresetDesign('fifo', { queueName: `fifo-${n}-${Date.now() % 100000}.fifo`, roleName: `fifo-role-${n}-${Date.now() % 100000}` });
    const result = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(result.ok).toBe(true);
    const missing = await fetch(result.outputs.invokeUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ message: 'Missing required request parameters: [X-Message-Group-Id]' });
    const sent = await fetch(result.outputs.invokeUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Message-Group-Id': 'customer-1' }, body: '{"a":1}' });
    expect(sent.status, await sent.clone().text()).toBe(200);
    const again = await planDesign(d, clients, { restApiId: result.outputs.restApiId! });
    expect(again.writes).toBe(0);
  });

  it('rolls back a validator created on an existing API after the method that used it', async () => {
    const base = uniqueDesign();
    const first = await applyPlan(base, await planDesign(base, clients), clients, connection);
    expect(first.ok).toBe(true);
    const d = structuredClone(base);
    d.resourcePath = '/fifo-send';
    d.method.requestParameters = { 'method.request.header.X-Group': true };
    await arm('CreateDeployment');
    const result = await applyPlan(d, await planDesign(d, clients, { restApiId: first.outputs.restApiId! }), clients, connection);
    expect(result.ok).toBe(false);
    expect(result.rolledBack.map((r) => r.ok)).toEqual([true, true]);
    expect(result.rolledBack[0]!.description).toBe('Delete resource /fifo-send with its methods');
    expect(result.rolledBack[1]!.description).toMatch(/^Delete request validator [a-z0-9]{6}$/);
  });
});

describe('rollback', () => {
  beforeEach(disarm);
  const operations = ['CreateQueue', 'CreateRole', 'PutRolePolicy', 'CreateRestApi', 'CreateResource', 'PutMethod', 'PutIntegration', 'PutMethodResponse', 'PutIntegrationResponse', 'CreateDeployment'];

  it.each(operations)('when %s fails, names the step and deletes everything this apply created; re-apply succeeds', async (operation) => {
    const d = uniqueDesign();
    const before = await inventory();
    const plan = await planDesign(d, clients);
    await arm(operation);
    const events: string[] = [];
    const result = await applyPlan(d, plan, clients, connection, { onEvent: (e) => events.push(`${e.kind}:${e.status}:${e.description}`) });
    expect(result.ok).toBe(false);
    expect(plan.steps.find((s) => s.id === result.failed!.stepId)!.operation).toBe(operation);
    expect(result.failed!.error.name).toBe('SluiceInjectedFault');
    expect(result.rolledBack.every((r) => r.ok)).toBe(true);
    expect(events.some((e) => e.startsWith('step:failed'))).toBe(true);
    const after = await inventory();
    expect(after).toEqual(before);

    const retry = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(retry.ok).toBe(true);
  });

  it('rolls back in exactly the reverse of the order things were created', async () => {
    const d = uniqueDesign();
    await arm('CreateDeployment');
    const done: string[] = [];
    const result = await applyPlan(d, await planDesign(d, clients), clients, connection, {
      onEvent: (e) => {
        if (e.kind === 'step' && e.status === 'done') done.push(e.stepId);
      },
    });
    // Deleting the REST API removes its resources, methods and responses, so those need no call of their own.
    const undo: Record<string, RegExp> = { queue: /^Delete queue /, role: /^Delete role /, rolePolicy: /^Delete inline policy /, restApi: /^Delete REST API / };
    const expected = done.filter((id) => id in undo).reverse();
    expect(result.rolledBack.map((r) => r.description)).toHaveLength(expected.length);
    result.rolledBack.forEach((r, i) => expect(r.description).toMatch(undo[expected[i]!]!));
    const names = result.rolledBack.map((r) => r.description.split(' ')[1]);
    expect(names.indexOf('inline')).toBeLessThan(names.indexOf('role'));
  });
});

describe('CORS', () => {
  beforeEach(disarm);
  it('answers the preflight, adds Access-Control-Allow-Origin to the method and to API Gateway\'s own errors, and re-plans to nothing', async () => {
    const d = uniqueDesign((x) => {
      x.cors = { enabled: true, allowOrigin: 'https://app.example.com', allowHeaders: ['Content-Type', 'X-Api-Key'] };
    });
    const plan = await planDesign(d, clients);
    expect(plan.steps.filter((s) => s.id.startsWith('cors:') || s.id.startsWith('gatewayResponse:')).map((s) => `${s.operation} ${s.action}`)).toEqual([
      'PutMethod create',
      'PutIntegration create',
      'PutMethodResponse create',
      'PutIntegrationResponse create',
      'PutGatewayResponse create',
      'PutGatewayResponse create',
    ]);
    const applied = await applyPlan(d, plan, clients, connection);
    expect(applied.ok).toBe(true);
    const url = applied.outputs.invokeUrl!;
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('OPTIONS,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Api-Key');
    const sent = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const wrongPath = await fetch(`${url}/nowhere`, { method: 'POST', body: '{}' });
    expect(wrongPath.status).toBe(403);
    expect(wrongPath.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(await wrongPath.json()).toEqual({ message: 'Missing Authentication Token' });
    const again = await planDesign(d, clients, { restApiId: applied.outputs.restApiId! });
    expect(again.steps.filter((s) => s.action !== 'noop').map((s) => s.id)).toEqual([]);
    // A changed origin updates the preflight, the gateway responses and the method's responses.
    d.cors.allowOrigin = '*';
    const changed = await planDesign(d, clients, { restApiId: applied.outputs.restApiId! });
    expect(changed.steps.filter((s) => s.action === 'update').map((s) => s.id)).toEqual(expect.arrayContaining(['cors:integrationResponse:200', 'gatewayResponse:DEFAULT_4XX', 'gatewayResponse:DEFAULT_5XX', 'integrationResponse:200', 'deployment']));
  });

  it('on an existing API, a failed apply removes the OPTIONS method and resets the gateway responses it customized', async () => {
    const api = await clients.apigateway.send(new CreateRestApiCommand({ name: `cors-existing-${Date.now() % 100000}` }));
    const d = uniqueDesign((x) => {
      x.restApi = { mode: 'existing', id: api.id! };
      x.cors = { enabled: true, allowOrigin: '*', allowHeaders: ['Content-Type'] };
    });
    await arm('CreateDeployment');
    const result = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(result.ok).toBe(false);
    expect(result.rolledBack.filter((r) => !r.ok)).toEqual([]);
    expect(result.rolledBack.map((r) => r.description)).toEqual(expect.arrayContaining(['Reset gateway response DEFAULT_4XX to its default', 'Reset gateway response DEFAULT_5XX to its default']));
    const responses = await clients.apigateway.send(new GetGatewayResponsesCommand({ restApiId: api.id! }));
    expect(responses.items?.filter((r) => r.defaultResponse === false)).toEqual([]);
    const resources = await clients.apigateway.send(new GetResourcesCommand({ restApiId: api.id!, embed: ['methods'] }));
    expect(resources.items?.flatMap((r) => Object.keys(r.resourceMethods ?? {}))).toEqual([]);
  });

  it('refuses an origin with a path and an OPTIONS method, naming the field', () => {
    const d = uniqueDesign((x) => {
      x.cors = { enabled: true, allowOrigin: 'https://app.example.com/path', allowHeaders: ['Content-Type'] };
      x.method.httpMethod = 'OPTIONS';
    });
    const r = validateDesign(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['cors.allowOrigin', 'method.httpMethod']));
  });
});

describe('API key and usage plan lifecycle', () => {
  beforeEach(disarm);
  const keyDesign = () => uniqueDesign((x) => {
    x.method.apiKeyRequired = true;
  });
  const keysAndPlans = async (d: IntegrationDesign) => {
    const { keyName, usagePlanName } = apiKeyNames(d);
    const [keys, plans] = await Promise.all([
      clients.apigateway.send(new GetApiKeysCommand({ nameQuery: keyName })),
      clients.apigateway.send(new GetUsagePlansCommand({})),
    ]);
    return { keys: (keys.items ?? []).filter((k) => k.name === keyName).length, plans: (plans.items ?? []).filter((p) => p.name === usagePlanName).length };
  };

  it('when adding the key to the usage plan fails, the rollback deletes the key and the plan too', async () => {
    const d = keyDesign();
    const before = await inventory();
    await arm('CreateUsagePlanKey');
    const result = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(result.ok).toBe(false);
    expect(result.rolledBack.map((r) => r.description)).toEqual(expect.arrayContaining([expect.stringMatching(/^Delete usage plan /), expect.stringMatching(/^Delete API key /)]));
    expect(result.rolledBack.every((r) => r.ok)).toBe(true);
    expect(await keysAndPlans(d)).toEqual({ keys: 0, plans: 0 });
    expect(await inventory()).toEqual(before);
  });

  it('teardown deletes the API key and the usage plan the apply created, not only the API', async () => {
    const d = keyDesign();
    const applied = await applyPlan(d, await planDesign(d, clients), clients, connection);
    expect(applied.ok).toBe(true);
    expect(applied.created.apiKeyId).toBeTruthy();
    expect(applied.created.usagePlanId).toBeTruthy();
    expect(await keysAndPlans(d)).toEqual({ keys: 1, plans: 1 });
    expect(teardownItems(applied.created).map((i) => i.description.split(' ')[0])).toEqual(['Usage', 'API', 'REST', 'IAM', 'SQS']);
    const results = await teardown(applied.created, clients);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await keysAndPlans(d)).toEqual({ keys: 0, plans: 0 });
  });

  it('the sandbox refuses to delete a usage plan that still has API stages, as API Gateway does', async () => {
    const d = keyDesign();
    const applied = await applyPlan(d, await planDesign(d, clients), clients, connection);
    const usagePlanId = applied.created.usagePlanId!;
    await expect(clients.apigateway.send(new DeleteUsagePlanCommand({ usagePlanId }))).rejects.toThrow(
      `Cannot delete Usage Plan ${usagePlanId} because there are API Stages associated with it, including ${applied.outputs.restApiId}:${d.stageName}`,
    );
    await teardown(applied.created, clients);
  });
});

describe('connections', () => {
  it('resolves a shared-config profile with its region and keys, through the credential chain', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-awsconfig-'));
    writeFileSync(path.join(dir, 'config'), '[profile dev]\nregion = eu-west-2\n');
    writeFileSync(path.join(dir, 'credentials'), '[dev]\naws_access_key_id = AKIADEVEXAMPLE000001\naws_secret_access_key = devsecret\n');
    const saved = { ...process.env };
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const status = await checkConnection({ kind: 'endpoint', id: 'dev', name: 'dev', endpoint: sandbox.url, profile: 'dev' });
      expect(status).toEqual({ ok: true, accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', region: 'eu-west-2' });
      const c = createClients({ kind: 'endpoint', id: 'dev', name: 'dev', endpoint: sandbox.url, profile: 'dev' });
      expect((await c.sqs.config.credentials()).accessKeyId).toBe('AKIADEVEXAMPLE000001');
    } finally {
      process.env = saved;
    }
  });

  it('says why a connection cannot authenticate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-awsconfig-'));
    writeFileSync(path.join(dir, 'config'), '[profile empty]\n');
    writeFileSync(path.join(dir, 'credentials'), '');
    const saved = { ...process.env };
    process.env = { NODE_ENV: 'test', PATH: saved.PATH, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    try {
      const noRegion = await checkConnection({ kind: 'aws', id: 'a', name: 'AWS', profile: 'empty' });
      expect(noRegion).toMatchObject({ ok: false, reason: 'no_region' });
      const noCreds = await checkConnection({ kind: 'aws', id: 'a', name: 'AWS', profile: 'empty', region: 'us-east-1' });
      expect(noCreds).toMatchObject({ ok: false, reason: 'no_credentials' });
      const down = await checkConnection({ kind: 'endpoint', id: 'e', name: 'LocalStack', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', profile: 'empty' });
      expect(down.ok).toBe(false);
    } finally {
      process.env = saved;
    }
  });

  it('lists the sandbox first, then AWS from the environment and connections.json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-conns-'));
    writeFileSync(path.join(dir, 'connections.json'), JSON.stringify({ connections: [{ kind: 'aws', id: 'prod', name: 'Production', profile: 'prod', region: 'eu-west-1' }] }));
    const env = getEnv({ SLUICE_DATA_DIR: dir });
    const config = listConnections(env, { AWS_PROFILE: 'dev', AWS_REGION: 'us-west-2' });
    expect(config.problems).toEqual([]);
    expect(config.connections.map((c) => c.id)).toEqual(['sandbox', 'aws', 'prod']);
    expect(config.connections[1]).toEqual({ kind: 'aws', id: 'aws', name: 'AWS (profile dev)', profile: 'dev', region: 'us-west-2' });
    const withEndpoint = listConnections(env, { AWS_ENDPOINT_URL: 'http://localhost:4567' });
    expect(withEndpoint.connections[1]).toMatchObject({ kind: 'endpoint', endpoint: 'http://localhost:4567' });
    writeFileSync(path.join(dir, 'connections.json'), '{"connections": [{"kind": "aws"}]}');
    expect(listConnections(env, {}).problems[0]).toMatch(/connections\.json: connections\.0\.id/);
  });
});
