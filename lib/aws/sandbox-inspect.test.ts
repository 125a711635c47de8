import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { applyPlan } from './apply';
import { type AwsClients, createClients } from './clients';
import type { Connection } from './connections';
import { planDesign } from './plan';
import { createQueue, deleteQueue, listApiSummaries, listQueueSummaries, listRoleSummaries, peekMessages, receiveAndDelete, resetSandbox, sendMessage } from './sandbox-inspect';

let sandbox: RunningSandbox;
let connection: Connection;
let clients: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-inspect-')), services: defaultServices });
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
});
afterAll(async () => {
  await sandbox?.close();
});

describe('sandbox page operations', () => {
  it('creates a queue, sends by hand, peeks (counting a receive), receives and deletes, deletes the queue', async () => {
    const url = await createQueue(clients, 'by-hand.fifo', true);
    await sendMessage(clients, url, 'hello', 'g1');
    const peeked = await peekMessages(clients, url);
    expect(peeked.map((m) => [m.body, m.receiveCount])).toEqual([['hello', '1']]);
    const received = await receiveAndDelete(clients, url);
    expect(received).toMatchObject({ body: 'hello', receiveCount: '2', messageGroupId: 'g1' });
    expect(await receiveAndDelete(clients, url)).toBeUndefined();
    await deleteQueue(clients, url);
    expect((await listQueueSummaries(clients)).map((q) => q.name)).not.toContain('by-hand.fifo');
  });

  it('reset deletes every queue, role (with its policies) and REST API', async () => {
    const d = createPresetDesign('query-urlencoded');
    expect((await applyPlan(d, await planDesign(d, clients), clients, connection)).ok).toBe(true);
    await createQueue(clients, 'extra', false);
    const counts = await resetSandbox(clients);
    expect(counts).toEqual({ queues: 2, roles: 1, apis: 1 });
    expect(await listQueueSummaries(clients)).toEqual([]);
    expect(await listRoleSummaries(clients)).toEqual([]);
    expect(await listApiSummaries(clients, connection)).toEqual([]);
  });
});
