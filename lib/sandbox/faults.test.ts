import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateRestApiCommand, GetExportCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { createFaultService } from './faults';
import { defaultServices, startSandbox, type RunningSandbox } from './server';

let sandbox: RunningSandbox;
let apigw: APIGatewayClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-faults-')), services: [createFaultService(), ...defaultServices] });
  apigw = new APIGatewayClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});
afterAll(async () => {
  apigw.destroy();
  await sandbox.close();
});

async function calls(): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox.url}/_sluice/faults`);
  return ((await res.json()) as { calls: Record<string, number> }).calls;
}

describe('fault hook', () => {
  it('names API Gateway operations from the route table (GetExport is not GetStage)', async () => {
    await fetch(`${sandbox.url}/_sluice/faults?calls`, { method: 'DELETE' });
    const api = await apigw.send(new CreateRestApiCommand({ name: 'faults' }));
    await apigw.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'oas30' })).catch(() => undefined);
    await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' })).catch(() => undefined);
    const counted = await calls();
    expect(counted).toMatchObject({ CreateRestApi: 1, GetExport: 1, GetStage: 1 });
  });

  it('fails the armed operation once with a REST-JSON error the SDK reads', async () => {
    await fetch(`${sandbox.url}/_sluice/faults`, { method: 'POST', body: JSON.stringify({ operation: 'GetExport' }) });
    const api = await apigw.send(new CreateRestApiCommand({ name: 'faults-2' }));
    const err = await apigw.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'oas30' })).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'SluiceInjectedFault' });
    const again = await apigw.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'oas30' })).catch((e: Error) => e);
    expect(again).toMatchObject({ name: 'NotFoundException', message: 'Invalid Stage identifier specified' });
  });
});
