import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntegrationDesign, leastPrivilegePolicy } from '@/lib/design';
import { applyFix, diagnose } from '@/lib/doctor';
import { EXERCISES, type Exercise } from '@/lib/learn/course';
import { evaluateStage } from '@/lib/learn/evaluate';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import type * as LearnModule from './learn';
import type * as StoreModule from '@/lib/store';
import type * as HistoryModule from '@/lib/store/history';
import type * as LearnersModule from '@/lib/store/learners';
import type * as DeployModule from './deploy-design';
import type * as ClientsModule from './clients';

/**
 * Every exercise's checks, run for real: the scenario is set up in a sandbox, each stage's check is run against a
 * state where it must fail and one where it must pass — the break made in the design (and redeployed) or in the
 * learner's last request, exactly as the learner would make it in the wizard or on the Test tab.
 */

let sandbox: RunningSandbox;
let dataDir: string;
let learn: typeof LearnModule;
let store: typeof StoreModule;
let history: typeof HistoryModule;
let learners: typeof LearnersModule;
let deploy: typeof DeployModule;
let clientsModule: typeof ClientsModule;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-learn-'));
  sandbox = await startSandbox({ port: 0, dataDir: path.join(dataDir, 'sandbox'), services: [...defaultServices] });
  // getEnv() is read once: point the console's data directory and its sandbox connection here before importing.
  process.env.SLUICE_DATA_DIR = dataDir;
  process.env.SLUICE_SANDBOX_PORT = new URL(sandbox.url).port;
  learn = await import('./learn');
  store = await import('@/lib/store');
  history = await import('@/lib/store/history');
  learners = await import('@/lib/store/learners');
  deploy = await import('./deploy-design');
  clientsModule = await import('./clients');
});

afterAll(async () => {
  await sandbox?.close();
  const { closeConsoleDatabase } = await import('@/lib/store/db');
  await closeConsoleDatabase({ kind: 'sqlite', dataDir });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Edits the stored design and deploys it again, as the wizard + Deploy tab do. */
async function redeploy(designId: string, mutate: (d: IntegrationDesign) => void): Promise<void> {
  const stored = (await store.getDesign(designId))!;
  const d = structuredClone(stored.design);
  mutate(d);
  const saved = await store.updateDesign(designId, d, stored.version, stored.furthestStep);
  expect(saved.ok).toBe(true);
  const connection = learn.sandboxConnection();
  const clients = clientsModule.createClients(connection, d.region);
  const outcome = await deploy.deployStoredDesign(designId, d, connection, clients);
  clientsModule.destroyClients(clients);
  expect(outcome.kind === 'applied' && outcome.result.ok, JSON.stringify(outcome.kind === 'applied' ? outcome.result.failed : outcome.problems)).toBe(true);
}

/** Records a request as the learner's last send from the Test tab (what the check replays). */
async function lastSend(designId: string, body: string, headers: [string, string][]): Promise<void> {
  await history.addHistoryRun({
    connectionId: 'sandbox',
    connectionName: 'Built-in sandbox',
    target: { kind: 'design', designId, name: 'learn' },
    kind: 'invoke-url',
    request: { method: 'POST', path: '/send', query: '', headers, body },
    response: { status: 200, headers: [], body: '', latencyMs: 1 },
  });
}

const json = (body: Record<string, unknown>) => JSON.stringify(body);
const queueUrlOf = (d: IntegrationDesign) => `https://sqs.${d.region}.amazonaws.com/${d.accountId}/${d.queue.name}`;
const JSON_HEADERS: [string, string][] = [['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', 'AmazonSQS.SendMessage']];
const templateOf = (d: IntegrationDesign) => d.integration.requestTemplates['application/json'] ?? '';

type Case = { breakIt: (designId: string, d: IntegrationDesign) => Promise<void>; fixIt: (designId: string, d: IntegrationDesign) => Promise<void> };

const withoutStatement = (d: IntegrationDesign, sid: string) => {
  const policy = leastPrivilegePolicy(d);
  policy.Statement = policy.Statement.filter((s) => s.Sid !== sid);
  return JSON.stringify(policy);
};

const CASES: Record<string, Case> = {
  'query-content-type': {
    breakIt: (id) => redeploy(id, (d) => void delete d.integration.requestParameters['integration.request.header.Content-Type']),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.requestParameters['integration.request.header.Content-Type'] = "'application/x-www-form-urlencoded'")),
  },
  'query-no-action': {
    breakIt: (id) => redeploy(id, (d) => void (d.integration.requestTemplates['application/json'] = 'MessageBody=$util.urlEncode($input.body)')),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.requestTemplates['application/json'] = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)')),
  },
  'json-target': {
    breakIt: (id) => redeploy(id, (d) => void delete d.integration.requestParameters['integration.request.header.X-Amz-Target']),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.requestParameters['integration.request.header.X-Amz-Target'] = 'method.request.header.X-Amz-Target')),
  },
  'access-denied': {
    breakIt: (id) => redeploy(id, (d) => void (d.executionRole.mode === 'create' && (d.executionRole.policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }] })))),
    fixIt: (id) => redeploy(id, (d) => void (d.executionRole.mode === 'create' && delete d.executionRole.policyDocument)),
  },
  'kms-access-denied': {
    breakIt: (id) => redeploy(id, (d) => void (d.executionRole.mode === 'create' && (d.executionRole.policyDocument = withoutStatement(d, 'UseQueueKey')))),
    fixIt: (id) => redeploy(id, (d) => void (d.executionRole.mode === 'create' && delete d.executionRole.policyDocument)),
  },
  'malformed-query-string': {
    breakIt: async (id) => lastSend(id, '{"discount": "100%"}', [['Content-Type', 'application/json']]),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.requestTemplates['application/json'] = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)')),
  },
  'signature-get': {
    breakIt: (id) => redeploy(id, (d) => void (d.integration.integrationHttpMethod = 'GET')),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.integrationHttpMethod = 'POST')),
  },
  'invalid-address': {
    breakIt: async (id, d) => lastSend(id, json({ QueueUrl: queueUrlOf(d).replace('us-east-1', 'eu-west-1'), MessageBody: 'hello' }), JSON_HEADERS),
    fixIt: async (id, d) => lastSend(id, json({ QueueUrl: queueUrlOf(d), MessageBody: 'hello' }), JSON_HEADERS),
  },
  serialization: {
    breakIt: async (id, d) => lastSend(id, `{"QueueUrl": "${queueUrlOf(d)}" "MessageBody": "hi"}`, JSON_HEADERS),
    fixIt: async (id, d) => lastSend(id, json({ QueueUrl: queueUrlOf(d), MessageBody: 'hi' }), JSON_HEADERS),
  },
  'missing-message-body': {
    breakIt: async (id, d) => lastSend(id, json({ QueueUrl: queueUrlOf(d) }), JSON_HEADERS),
    fixIt: async (id, d) => lastSend(id, json({ QueueUrl: queueUrlOf(d), MessageBody: 'hi' }), JSON_HEADERS),
  },
  'fifo-group-id': {
    breakIt: (id) => redeploy(id, (d) => void (d.integration.requestTemplates['application/json'] = templateOf(d).replace(/&MessageGroupId=[^&]*/, ''))),
    fixIt: (id) => redeploy(id, (d) => void (d.integration.requestTemplates['application/json'] = `${templateOf(d)}&MessageGroupId=$util.urlEncode($input.params('X-Message-Group-Id'))`)),
  },
};

let learnerCount = 0;
async function begin(ex: Exercise) {
  learnerCount += 1;
  const learner = await learners.createLearner(`Tester ${learnerCount}`, `t${learnerCount}`);
  const set = await learn.setUpScenario(learner, ex);
  expect(set.ok, set.ok ? '' : set.message).toBe(true);
  const designId = set.ok ? set.designId : '';
  const check = async (stageIndex: number) => evaluateStage(ex.stages[stageIndex]!, await learn.observeExercise(designId));
  return { learner, designId, design: async () => (await store.getDesign(designId))!.design, check };
}

describe('break-it exercises: each check fails on the working scenario, passes once broken, and passes again once fixed', () => {
  for (const ex of EXERCISES.filter((e) => e.part === 'break' && e.stages.length === 2)) {
    it(`${ex.id}: ${ex.error}`, async () => {
      const c = CASES[ex.id];
      expect(c, `a test case for ${ex.id}`).toBeDefined();
      const { designId, design, check } = await begin(ex);
      // FIFO: the learner's requests carry the group header the design asks for.
      if (ex.scenario.preset === 'fifo') await lastSend(designId, '{"message": "Hello World"}', [['Content-Type', 'application/json'], ['X-Message-Group-Id', 'g1']]);

      const before = await check(0);
      expect(before.passed, JSON.stringify(before.items)).toBe(false);
      await c!.breakIt(designId, await design());
      const broken = await check(0);
      expect(broken.passed, JSON.stringify(broken.items)).toBe(true);
      expect(broken.items[0]!.text).toMatch(/^The invoke URL answered /);

      const stillBroken = await check(1);
      expect(stillBroken.passed).toBe(false);
      expect(stillBroken.items[0]!.ok).toBe(false);
      await c!.fixIt(designId, await design());
      const fixed = await check(1);
      expect(fixed.passed, JSON.stringify(fixed.items)).toBe(true);
      expect(fixed.items[0]!.text).toMatch(/is in the queue/);
    });
  }
});

describe('build and beyond exercises', () => {
  const byId = (id: string) => EXERCISES.find((e) => e.id === id)!;

  it('build-query: fails until the design is deployed, then the message arrives', async () => {
    const { designId, design, check } = await begin(byId('build-query'));
    const notDeployed = await check(0);
    expect(notDeployed.passed).toBe(false);
    expect(notDeployed.items[0]!.text).toMatch(/not deployed/);
    await redeploy(designId, () => {});
    expect((await design()).protocol).toBe('query');
    const built = await check(0);
    expect(built.passed, JSON.stringify(built.items)).toBe(true);
  });

  it('build-json: the JSON protocol design delivers once deployed', async () => {
    const { designId, check } = await begin(byId('build-json'));
    expect((await check(0)).passed).toBe(false);
    await redeploy(designId, () => {});
    expect((await check(0)).passed).toBe(true);
  });

  it('clean-response: SQS\'s raw body fails; a response template answering {"messageId"} passes', async () => {
    const { designId, check } = await begin(byId('clean-response'));
    const raw = await check(0);
    expect(raw.passed).toBe(false);
    expect(raw.items.find((i) => !i.ok)!.text).toMatch(/SendMessageResponse/);
    await redeploy(designId, (d) => {
      d.integrationResponses[0]!.responseTemplates = { 'application/json': "#set($r = $input.path('$.SendMessageResponse.SendMessageResult'))\n{\"messageId\": \"$r.MessageId\", \"md5OfMessageBody\": \"$r.MD5OfMessageBody\"}" };
    });
    const clean = await check(0);
    expect(clean.passed, JSON.stringify(clean.items)).toBe(true);
  });

  it('errors-as-4xx: an SQS error answered 200 passes the first stage; only a 4xx mapping passes the second', async () => {
    const { designId, design, check } = await begin(byId('errors-as-4xx'));
    expect((await check(0)).passed).toBe(false);
    await lastSend(designId, `{"QueueUrl": "${queueUrlOf(await design())}" "MessageBody": "x"}`, JSON_HEADERS);
    const as200 = await check(0);
    expect(as200.passed, JSON.stringify(as200.items)).toBe(true);
    expect((await check(1)).passed).toBe(false);
    await redeploy(designId, (d) => {
      d.methodResponses.push({ statusCode: '400', responseParameters: {}, responseModels: {} });
      d.integrationResponses.push({ statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: {}, responseParameters: {} });
    });
    const as400 = await check(1);
    expect(as400.passed, JSON.stringify(as400.items)).toBe(true);
  });

  it('message-attributes: a message without attributes fails; one with an attribute passes', async () => {
    const { designId, check } = await begin(byId('message-attributes'));
    const plain = await check(0);
    expect(plain.passed).toBe(false);
    await redeploy(designId, (d) => {
      d.integration.requestTemplates['application/json'] += '&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp)';
    });
    expect((await check(0)).passed).toBe(true);
  });

  it('cors-errors: a 415 without CORS headers passes the first stage; a DEFAULT_4XX gateway response with the header, deployed, the second', async () => {
    const { designId, check } = await begin(byId('cors-errors'));
    expect((await check(0)).passed).toBe(false);
    await lastSend(designId, 'hello', [['Content-Type', 'text/plain']]);
    const bare = await check(0);
    expect(bare.passed, JSON.stringify(bare.items)).toBe(true);
    expect((await check(1)).passed).toBe(false);
    const connection = learn.sandboxConnection();
    const record = await (await import('@/lib/store/deployments')).getDeployment(designId, connection.id);
    const clients = clientsModule.createClients(connection);
    const { PutGatewayResponseCommand, CreateDeploymentCommand } = await import('@aws-sdk/client-api-gateway');
    await clients.apigateway.send(new PutGatewayResponseCommand({ restApiId: record!.restApiId!, responseType: 'DEFAULT_4XX', responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } }));
    // Not deployed yet: the stage still answers without the header.
    expect((await check(1)).passed).toBe(false);
    await clients.apigateway.send(new CreateDeploymentCommand({ restApiId: record!.restApiId!, stageName: 'prod' }));
    clientsModule.destroyClients(clients);
    const withCors = await check(1);
    expect(withCors.passed, JSON.stringify(withCors.items)).toBe(true);
  });

  it('redeploy-drift: the scenario leaves the stage behind the API; deploying again brings it in sync', async () => {
    const { designId, check } = await begin(byId('redeploy-drift'));
    const drifted = await check(0);
    expect(drifted.passed, JSON.stringify(drifted.items)).toBe(true);
    expect(drifted.items[0]!.text).toMatch(/passthroughBehavior/);
    expect((await check(1)).passed).toBe(false);
    await redeploy(designId, () => {});
    const synced = await check(1);
    expect(synced.passed, JSON.stringify(synced.items)).toBe(true);
  });
});

describe('the serverless.yml example', () => {
  it('imported with its four wrong mappings under the learner\'s names; passes once the doctor\'s fixes are deployed', async () => {
    const ex = EXERCISES.find((e) => e.id === 'serverless-yml')!;
    const { designId, design, check } = await begin(ex);
    const imported = await design();
    expect(imported.queue.name).toMatch(/^learn-t\d+-serverless-yml$/);
    expect(Object.keys(imported.integration.requestParameters)).toEqual(
      expect.arrayContaining(['integration.request.header.X-Amz-Target', 'integration.request.header.X-Amz-Content-Type-X', 'integration.request.path.QueueUrl', 'integration.request.body.MessageBody']),
    );
    expect(JSON.stringify(imported)).not.toContain('my-direct-integration-queue');
    expect((await check(0)).passed).toBe(false);
    // What the learner does in the wizard: every one-click fix the doctor offers, until none is left.
    let fixed = imported;
    for (let i = 0; i < 20; i++) {
      const next = diagnose(fixed).find((f) => f.fix);
      if (!next?.fix) break;
      fixed = applyFix(fixed, next.fix);
    }
    await redeploy(designId, (d) => Object.assign(d, fixed));
    const result = await check(0);
    expect(result.passed, JSON.stringify(result.items)).toBe(true);
  });
});

describe('isolation and reset', () => {
  it('two learners doing the same exercise get separate resources; a reset removes exactly one learner\'s', async () => {
    const ex = EXERCISES.find((e) => e.id === 'access-denied')!;
    const ana = await learners.createLearner('Ana', 'ana');
    const ben = await learners.createLearner('Ben', 'ben');
    const a = await learn.setUpScenario(ana, ex);
    const b = await learn.setUpScenario(ben, ex);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    // Ana breaks her role; Ben's still works.
    await redeploy(a.designId, (d) => void (d.executionRole.mode === 'create' && (d.executionRole.policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }] }))));
    expect(evaluateStage(ex.stages[0]!, await learn.observeExercise(a.designId)).passed).toBe(true);
    expect(evaluateStage(ex.stages[1]!, await learn.observeExercise(b.designId)).passed).toBe(true);

    const clients = clientsModule.createClients(learn.sandboxConnection());
    // A queue Ana made by hand with her prefix is hers too; one without it is nobody's business.
    await clients.sqs.send(new CreateQueueCommand({ QueueName: 'learn-ana-scratch' }));
    await clients.sqs.send(new CreateQueueCommand({ QueueName: 'not-a-learner-queue' }));
    const summary = await learn.resetLearnerSandbox(ana, [a.designId]);
    expect(summary.failures).toEqual([]);
    expect(summary.queues).toBe(2);
    expect(summary.roles).toBe(1);
    expect(summary.restApis).toBe(1);
    const left = ((await clients.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((u) => u.slice(u.lastIndexOf('/') + 1));
    clientsModule.destroyClients(clients);
    expect(left.filter((n) => n.startsWith('learn-ana-'))).toEqual([]);
    expect(left).toContain('learn-ben-access-denied');
    expect(left).toContain('not-a-learner-queue');
    expect(await store.getDesign(a.designId)).toBeUndefined();
    expect(evaluateStage(ex.stages[1]!, await learn.observeExercise(b.designId)).passed).toBe(true);
  });

  it('names collide into distinct prefixes', async () => {
    const first = await learners.createLearner('Kim', 'kim');
    const second = await learners.createLearner('Kim', 'kim');
    expect(first.slug).toBe('kim');
    expect(second.slug).toBe('kim2');
  });
});
