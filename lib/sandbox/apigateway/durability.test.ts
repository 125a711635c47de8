import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetMethodCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from './test-support';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-apigw-durable-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('API Gateway state is durable', () => {
  it('keeps APIs, deployments and stages across a sandbox restart', async () => {
    const first = await startTestSandbox(dataDir);
    let apiId: string;
    let resourceId: string;
    try {
      const api = await first.apigw.send(new CreateRestApiCommand({ name: 'durable' }));
      apiId = api.id!;
      const resource = await first.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'ping' }));
      resourceId = resource.id!;
      const ids = { restApiId: apiId, resourceId, httpMethod: 'GET' };
      await first.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
      await first.apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await first.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
      await first.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{"pong": true}' } }));
      await first.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'live' }));
    } finally {
      await first.stop();
    }

    const second = await startTestSandbox(dataDir);
    try {
      const method = await second.apigw.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
      expect(method.methodIntegration?.type).toBe('MOCK');
      const res = await fetch(`${second.url}/_aws/execute-api/${apiId}/live/ping`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{"pong": true}');
      const test = await second.apigw.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
      expect(test.status).toBe(200);
      expect(test.body).toBe('{"pong": true}');
      expect(test.log).not.toContain('Endpoint request');
      expect(test.log).toContain('Method completed with status: 200');
    } finally {
      await second.stop();
    }
  });
});
