import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection } from '@/lib/aws/connections';
import type { RunningSandbox } from '@/lib/sandbox/server';
import type * as ActionsModule from './pickers';

vi.mock('next/headers', () => ({ cookies: async () => ({ get: () => undefined, set: vi.fn() }) }));
vi.mock('next/navigation', () => ({ unstable_rethrow: () => undefined }));
const active: { connection?: Connection } = {};
vi.mock('@/lib/aws/active', () => ({ getActiveConnection: async () => active.connection }));

let actions: typeof ActionsModule;
let sandbox: RunningSandbox;
let dataDir: string;

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-pickers-'));
  process.env.SLUICE_DATA_DIR = dataDir;
  const { startSandbox } = await import('@/lib/sandbox/server');
  sandbox = await startSandbox({ port: 0, dataDir: path.join(dataDir, 'sandbox') });
  active.connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  const { createClients, destroyClients } = await import('@/lib/aws/clients');
  const clients = createClients(active.connection);
  for (let i = 0; i < 55; i += 1) await clients.sqs.send(new CreateQueueCommand({ QueueName: `bulk-${String(i).padStart(2, '0')}` }));
  await clients.sqs.send(new CreateQueueCommand({ QueueName: 'orders-intake' }));
  await clients.sqs.send(new CreateQueueCommand({ QueueName: 'orders-intake.fifo', Attributes: { FifoQueue: 'true' } }));
  await clients.iam.send(new CreateRoleCommand({ RoleName: 'picker-gateway-role', AssumeRolePolicyDocument: trust('apigateway.amazonaws.com') }));
  await clients.iam.send(new CreateRoleCommand({ RoleName: 'picker-lambda-role', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  await clients.apigateway.send(new CreateRestApiCommand({ name: 'picker-orders-api' }));
  await clients.apigateway.send(new CreateRestApiCommand({ name: 'unrelated-api' }));
  destroyClients(clients);
  actions = await import('./pickers');
});

afterAll(async () => {
  await sandbox?.close();
  const { closeConsoleDatabase } = await import('@/lib/store/db');
  await closeConsoleDatabase({ kind: 'sqlite', dataDir });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('picker actions on the active connection', () => {
  it('lists queues by name prefix with FIFO-ness from the name', async () => {
    const result = await actions.listQueuePicksAction({ search: 'orders' });
    expect(result).toMatchObject({ ok: true, data: { total: 2, connectionName: 'Built-in sandbox' } });
    if (!result.ok) return;
    expect(result.data.items.map((q) => [q.name, q.fifo])).toEqual([
      ['orders-intake', false],
      ['orders-intake.fifo', true],
    ]);
    expect(result.data.items[0]!.url).toMatch(/\/000000000000\/orders-intake$/);
  });

  it('caps the list at 50 and says how many matched', async () => {
    const result = await actions.listQueuePicksAction({ search: 'bulk-' });
    expect(result).toMatchObject({ ok: true, data: { total: 55, limit: 50 } });
    if (result.ok) expect(result.data.items).toHaveLength(50);
  });

  it('lists roles by substring and says whether API Gateway may assume each', async () => {
    const result = await actions.listRolePicksAction({ search: 'PICKER' });
    expect(result.ok && result.data.items.map((r) => [r.name, r.apiGatewayCanAssume])).toEqual([
      ['picker-gateway-role', true],
      ['picker-lambda-role', false],
    ]);
  });

  it('lists REST APIs by name or ID', async () => {
    const byName = await actions.listRestApiPicksAction({ search: 'orders' });
    expect(byName.ok && byName.data.items.map((a) => a.name)).toEqual(['picker-orders-api']);
    const id = byName.ok ? byName.data.items[0]!.id : '';
    const byId = await actions.listRestApiPicksAction({ search: id });
    expect(byId.ok && byId.data.items).toEqual([{ id, name: 'picker-orders-api' }]);
  });

  it('turns an AWS error into aws_error with a plain message, and rejects bad input', async () => {
    const saved = active.connection;
    active.connection = { kind: 'sandbox', id: 'sandbox', name: 'Broken sandbox', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };
    try {
      const result = await actions.listQueuePicksAction({ search: '' });
      expect(result).toMatchObject({ ok: false, code: 'aws_error', message: expect.stringMatching(/^Could not list queues on Broken sandbox: /) });
    } finally {
      active.connection = saved;
    }
    await expect(actions.listRolePicksAction({ search: 'x'.repeat(300) })).resolves.toMatchObject({ ok: false, code: 'invalid_input' });
  });
});
