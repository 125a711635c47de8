import { GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { exportDesigns } from '@/lib/iac';
import { startTestSandbox, type TestSandbox } from '@/lib/sandbox/apigateway/test-support';
import { adoptLiveMethod } from './adopt';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

describe('adopt into a design', () => {
  it('reads a deployed method back as a design that keeps its API, queue and role', async () => {
    const design = createPresetDesign('query-urlencoded', { resourcePath: '/v1/orders' });
    const api = await sb.apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(exportDesigns([design], 'openapi').text) }));
    const resources = await sb.apigw.send(new GetResourcesCommand({ restApiId: api.id }));
    const resourceId = resources.items!.find((r) => r.path === '/v1/orders')!.id!;
    const adopted = await adoptLiveMethod({ kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sb.url, region: 'us-east-1' }, { restApiId: api.id!, resourceId, httpMethod: 'POST' });
    expect(adopted).toMatchObject({
      restApi: { mode: 'existing', id: api.id, name: design.restApi.mode === 'create' ? design.restApi.name : '' },
      queue: { mode: 'existing', name: 'orders' },
      executionRole: { mode: 'existing', roleArn: 'arn:aws:iam::000000000000:role/apigateway-sqs-orders' },
      resourcePath: '/v1/orders',
      protocol: 'query',
    });
    expect(adopted.integration).toEqual(design.integration);
  });
});
