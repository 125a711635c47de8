import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { discoverIntegrations } from '@/lib/aws/discover';
import { createPresetDesign, PRESET_IDS } from '@/lib/design';
import { startSandbox } from '@/lib/sandbox/server';
import { createDesign, listDesigns } from '@/lib/store';
import { closeConsoleDatabase, openConsoleDatabase } from '@/lib/store/db';
import { figure, median } from './report';

const DESIGNS = 500;
const APIS = 50;
const RUNS = 5;

async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Console server time, measured on the pages' data functions (what a request to the page spends before React
 * renders the rows): the designs list with 500 stored designs (`listDesigns`, goal < 300 ms) and the integrations
 * page's discovery of 50 deployed APIs on an in-process sandbox (`discoverIntegrations`, goal < 1 s).
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-console-'));
  const sandbox = await startSandbox({ port: 0, dataDir: path.join(dataDir, 'sandbox') });
  const connection: Connection = { kind: 'sandbox', id: 'sandbox', name: 'sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  const clients = createClients(connection);
  // The console store as `sluice start` opens it without DATABASE_URL: SQLite in the data directory.
  const location = { kind: 'sqlite', dataDir } as const;
  const db = await openConsoleDatabase(location);
  try {
    for (let i = 0; i < DESIGNS; i++) {
      const preset = PRESET_IDS[i % PRESET_IDS.length]!;
      await createDesign(createPresetDesign(preset, { queueName: preset === 'fifo' ? `q${i}.fifo` : `q${i}`, apiName: `design ${i}` }), 'queue', db);
    }
    await listDesigns(db);
    const listMs = await medianMs(RUNS, () => listDesigns(db));
    figure(`designs list, ${DESIGNS} designs (listDesigns)`, listMs, 'ms', { op: '<=', value: 300 }, `median of ${RUNS}`);

    const api = clients.apigateway;
    for (let i = 0; i < APIS; i++) {
      const created = await api.send(new CreateRestApiCommand({ name: `bench-${i}` }));
      const resource = await api.send(new CreateResourceCommand({ restApiId: created.id, parentId: created.rootResourceId, pathPart: 'send' }));
      const ids = { restApiId: created.id!, resourceId: resource.id!, httpMethod: 'POST' };
      await api.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
      await api.send(
        new PutIntegrationCommand({
          ...ids,
          type: 'AWS',
          integrationHttpMethod: 'POST',
          uri: `arn:aws:apigateway:us-east-1:sqs:path/000000000000/q${i}`,
          requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
        }),
      );
      await api.send(new CreateDeploymentCommand({ restApiId: created.id, stageName: 'prod' }));
    }
    const found = await discoverIntegrations(clients, connection);
    if (found.length !== APIS) throw new Error(`discovered ${found.length} integrations, expected ${APIS}`);
    const discoverMs = await medianMs(3, () => discoverIntegrations(clients, connection));
    figure(`integrations page, ${APIS} APIs (discoverIntegrations)`, discoverMs, 'ms', { op: '<=', value: 1000 }, 'median of 3, sandbox in-process');
  } finally {
    for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
    await sandbox.close();
    await closeConsoleDatabase(location);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
