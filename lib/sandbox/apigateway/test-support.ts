import 'server-only';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { iamService } from '@/lib/sandbox/iam/service';
import { defaultServices, startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { stsService } from '@/lib/sandbox/sts/service';
import type { SandboxService } from '@/lib/sandbox/types';
import { apigatewayService, executeApiService } from './service';

/**
 * The sandbox as the tests need it: the default services plus IAM/STS and both API Gateway services (whichever the
 * default list does not have yet), execute-api first, with IAM-backed authentication.
 */
export function sandboxServices(): SandboxService[] {
  const list: SandboxService[] = [executeApiService];
  for (const s of [...defaultServices, iamService, stsService, apigatewayService]) {
    if (!list.some((x) => x.name === s.name)) list.push(s);
  }
  return list;
}

export type TestSandbox = RunningSandbox & {
  apigw: APIGatewayClient;
  iam: IAMClient;
  sqs: SQSClient;
  dataDir: string;
  stop(): Promise<void>;
};

export async function startTestSandbox(dataDir?: string): Promise<TestSandbox> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'sluice-apigw-'));
  const sandbox = await startSandbox({ port: 0, dataDir: dir, services: sandboxServices(), auth: (db, config) => createSandboxAuth(db, config) });
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
