import 'server-only';
import type { HeaderPairs } from '@/lib/test-panel/request';
import type { AwsErrorInfo } from '../errors';

/** What a test send got back; secrets in headers and the execution log are already masked. */
export type SendResponse = { status: number; headers: HeaderPairs; body: string; latencyMs: number; log?: string };
export type SendOutcome = { ok: true; response: SendResponse } | { ok: false; error: AwsErrorInfo; latencyMs: number };

export type MethodTarget = { restApiId: string; resourceId: string; httpMethod: string };

export const elapsed = (t0: number) => Math.round(performance.now() - t0);
