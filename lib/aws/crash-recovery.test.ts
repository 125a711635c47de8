import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetDesign, type IntegrationDesign } from '@/lib/design';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { getDeployment } from '@/lib/store/deployments';
import { type AwsClients, createClients } from './clients';
import type { Connection } from './connections';
import { deployStoredDesign, teardownStoredDesign } from './deploy-design';
import { planDesign } from './plan';

// The console's store for this file; set before anything reads the environment.
const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-crash-console-'));
process.env.SLUICE_DATA_DIR = dataDir;
const root = fileURLToPath(new URL('../../', import.meta.url));

let sandbox: RunningSandbox;
let connection: Connection;
let clients: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-crash-sandbox-')), services: [...defaultServices] });
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
});
afterAll(async () => {
  for (const c of [clients?.sqs, clients?.iam, clients?.sts, clients?.apigateway]) c?.destroy();
  await sandbox?.close();
});

async function inventory() {
  const [queues, roles, apis] = await Promise.all([clients.sqs.send(new ListQueuesCommand({})), clients.iam.send(new ListRolesCommand({})), clients.apigateway.send(new GetRestApisCommand({}))]);
  return {
    queues: (queues.QueueUrls ?? []).map((u) => u.slice(u.lastIndexOf('/') + 1)),
    roles: (roles.Roles ?? []).map((r) => r.RoleName ?? ''),
    apis: (apis.items ?? []).map((a) => a.id ?? ''),
  };
}

type ChildEvent = { kind: string; stepId?: string; status?: string; command?: string };

/** Starts an apply in a separate console process; resolves once `until` sees its event, with the process still running. */
async function applyInChild(designId: string, design: IntegrationDesign, until: (e: ChildEvent) => boolean, slowCommand: string, slowAt: 'request' | 'answer' = 'request'): Promise<ChildProcess> {
  const file = path.join(dataDir, `${designId}.json`);
  writeFileSync(file, JSON.stringify(design));
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'lib/aws/fixtures/apply-child.ts'), sandbox.url, designId, file, slowCommand, slowAt], {
    cwd: root,
    env: { ...process.env, SLUICE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child did not get there in 30 s: ${stderr}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) too early: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (until(JSON.parse(line) as ChildEvent)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a console killed with SIGKILL in the middle of an apply', () => {
  it('leaves a record of what it created: the next plan adopts it, the next apply creates no second REST API, teardown removes everything', async () => {
    const design = createPresetDesign('query-urlencoded', { queueName: 'crash-orders', roleName: 'crash-orders-role', apiName: 'crash-api' });
    const designId = 'crashabcde';
    const child = await applyInChild(designId, design, (e) => e.kind === 'step' && e.stepId === 'restApi' && e.status === 'done', 'CreateResourceCommand');
    await kill(child);

    const afterCrash = await inventory();
    expect(afterCrash.queues).toEqual(['crash-orders']);
    expect(afterCrash.roles).toEqual(['crash-orders-role']);
    expect(afterCrash.apis).toHaveLength(1);
    const record = await getDeployment(designId, connection.id);
    expect(record?.created).toMatchObject({ queueUrl: expect.stringMatching(/crash-orders$/), roleName: 'crash-orders-role', restApiId: afterCrash.apis[0] });
    expect(record?.deployedAt).toBeUndefined();

    // The next plan (another process) shows exactly what exists: nothing to create but what the crash cut off.
    const plan = await planDesign(design, clients, { restApiId: record!.restApiId!, queueUrl: record!.queueUrl! });
    const byId = new Map(plan.steps.map((s) => [s.id, s.action]));
    expect(byId.get('queue')).toBe('noop');
    expect(byId.get('role')).toBe('noop');
    expect(byId.has('restApi')).toBe(false);
    expect(byId.get('resource:/send')).toBe('create');

    // The lock the killed process held does not block the next apply.
    const outcome = await deployStoredDesign(designId, design, connection, clients);
    expect(outcome.kind === 'applied' && outcome.result.ok).toBe(true);
    const applied = await inventory();
    expect(applied.apis).toEqual(afterCrash.apis);

    const down = await teardownStoredDesign(designId, connection, clients);
    expect(down.kind === 'torn_down' && down.results.every((r) => r.ok)).toBe(true);
    expect(await inventory()).toEqual({ queues: [], roles: [], apis: [] });
    expect(await getDeployment(designId, connection.id)).toBeUndefined();
  }, 90_000);

  for (const [command, kind] of [['CreateQueueCommand', 'queue'], ['CreateRestApiCommand', 'REST API']] as const) {
    it(`loses nothing when killed after AWS created the ${kind} but before the console read the answer`, async () => {
      const suffix = command === 'CreateQueueCommand' ? 'q' : 'a';
      const design = createPresetDesign('query-urlencoded', { queueName: `inflight-${suffix}`, roleName: `inflight-${suffix}-role`, apiName: `inflight-${suffix}-api` });
      const designId = `inflight${suffix}x`;
      const child = await applyInChild(designId, design, (e) => e.kind === 'answered', command, 'answer');
      await kill(child);
      const afterCrash = await inventory();
      expect(afterCrash.queues).toEqual([`inflight-${suffix}`]);
      if (command === 'CreateRestApiCommand') expect(afterCrash.apis).toHaveLength(1);

      const outcome = await deployStoredDesign(designId, design, connection, clients);
      expect(outcome.kind === 'applied' && outcome.result.ok).toBe(true);
      if (command === 'CreateRestApiCommand') {
        expect(outcome.plan.steps.some((s) => s.operation === 'CreateRestApi')).toBe(false);
        expect((await inventory()).apis).toEqual(afterCrash.apis);
      }
      const down = await teardownStoredDesign(designId, connection, clients);
      expect(down.kind === 'torn_down' && down.results.every((r) => r.ok)).toBe(true);
      expect(await inventory()).toEqual({ queues: [], roles: [], apis: [] });
    }, 90_000);
  }

  it('serializes a teardown started during an apply: the apply completes, then the teardown removes all of it', async () => {
    const design = createPresetDesign('query-urlencoded', { queueName: 'lock-orders', roleName: 'lock-orders-role', apiName: 'lock-api' });
    const designId = 'lockabcdef';
    const slow = createClients(connection, design.region);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached: () => void = () => {};
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    slow.apigateway.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutIntegrationCommand') {
          reached();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name: 'gateForTest' },
    );
    const applying = deployStoredDesign(designId, design, connection, slow);
    await atGate;
    const tearingDown = teardownStoredDesign(designId, connection, clients);
    await new Promise((r) => setTimeout(r, 300));
    release();
    const [applied, down] = await Promise.all([applying, tearingDown]);
    for (const c of [slow.sqs, slow.iam, slow.sts, slow.apigateway]) c.destroy();
    expect(applied.kind === 'applied' && applied.result.ok).toBe(true);
    expect(down.kind === 'torn_down' && down.results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(await inventory()).toEqual({ queues: [], roles: [], apis: [] });
  }, 60_000);
});
