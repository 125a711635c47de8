import 'server-only';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APIGatewayClient,
  APIGatewayServiceException,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';

export type TestSandbox = RunningSandbox & {
  apigw: APIGatewayClient;
  iam: IAMClient;
  sqs: SQSClient;
  dataDir: string;
  stop(): Promise<void>;
};

/**
 * The sandbox exactly as `sluice start` runs it (default services and IAM-backed auth) on a free port, with the three
 * SDK clients the tests configure it through. Without `dataDir`, a temporary directory removed by `stop()`.
 */
export async function startTestSandbox(dataDir?: string): Promise<TestSandbox> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'sluice-apigw-'));
  const sandbox = await startSandbox({ port: 0, dataDir: dir });
  const common = { endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const apigw = new APIGatewayClient(common);
  const iam = new IAMClient(common);
  const sqs = new SQSClient({ ...common, useQueueUrlAsEndpoint: false });
  return {
    ...sandbox,
    apigw,
    iam,
    sqs,
    dataDir: dir,
    async stop() {
      apigw.destroy();
      iam.destroy();
      sqs.destroy();
      await sandbox.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The API Gateway error a call fails with (the test fails when it succeeds or fails otherwise). */
export async function apiGatewayErrorOf(p: Promise<unknown>): Promise<APIGatewayServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof APIGatewayServiceException) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

export type MethodIds = { restApiId: string; resourceId: string; httpMethod: string };

/**
 * A MOCK method answering 200 with `responseTemplate` (passthrough when absent): PutMethod (with `method`'s extra
 * members), PutIntegration, PutMethodResponse, PutIntegrationResponse.
 */
export async function putMockMethod(
  apigw: APIGatewayClient,
  ids: MethodIds,
  options: { method?: Partial<PutMethodCommandInput>; responseTemplate?: string } = {},
): Promise<void> {
  await apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE', ...options.method }));
  await apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  const templates = options.responseTemplate !== undefined ? { responseTemplates: { 'application/json': options.responseTemplate } } : {};
  await apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', ...templates }));
}
