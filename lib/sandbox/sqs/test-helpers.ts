import 'server-only';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type Database from 'libsql';
import type { SandboxAuth, SandboxConfig, SandboxService } from '@/lib/sandbox/types';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { sqsService } from './service';

export type TestSandbox = RunningSandbox & { dataDir: string; sqs: SQSClient; stop(): Promise<void> };

/** A sandbox on a free port with a temporary data directory, and an SDK client pointed at it. */
export async function startTestSandbox(
  opts: { auth?: (db: Database.Database, config: SandboxConfig) => SandboxAuth; services?: SandboxService[]; dataDir?: string } = {},
): Promise<TestSandbox> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'sluice-sqs-'));
  const sb = await startSandbox({ port: 0, dataDir, services: opts.services ?? [sqsService], auth: opts.auth });
  const sqs = new SQSClient({
    endpoint: sb.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    useQueueUrlAsEndpoint: false,
  });
  return {
    ...sb,
    dataDir,
    sqs,
    async stop() {
      sqs.destroy();
      await sb.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A SigV4-looking Authorization header (the sandbox does not verify long-term keys' signatures). */
export function fakeAuthorization(service = 'sqs', region = 'us-east-1', accessKeyId = 'test'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}
