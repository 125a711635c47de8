import 'server-only';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
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
