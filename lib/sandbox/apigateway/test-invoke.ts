import 'server-only';
import { formatExecutionLog, matchResourcePath, type MethodRequest } from '@/lib/gateway';
import type { SandboxContext } from '@/lib/sandbox/types';
import { dict, groupPairs } from './dict';
import { newExtendedRequestId, newRequestId } from './ids';
import { invokeMethod } from './invoke';
import type { Method, Resource } from './model';
import type { z } from 'zod';
import type { testInvokeMethodSchema } from './model';
import type { StoredRestApi } from './store';

export type TestInvokeMethodInput = z.infer<typeof testInvokeMethodSchema>;

export type TestInvokeMethodOutput = {
  status: number;
  body: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  log: string;
  latency: number;
};

/**
 * TestInvokeMethod: runs the current (undeployed) configuration with no stage — `$context.stage` unset, stage
 * variables from the request (aws-reference D) — and returns the result with the execution log.
 */
export async function testInvokeMethod(
  sandbox: SandboxContext,
  stored: StoredRestApi,
  resource: Resource,
  method: Method,
  input: TestInvokeMethodInput,
): Promise<TestInvokeMethodOutput> {
  const pathWithQuery = input.pathWithQueryString ?? resource.path;
  const q = pathWithQuery.indexOf('?');
  const path = q === -1 ? pathWithQuery : pathWithQuery.slice(0, q);
  const multiValueHeaders = dict<string[]>();
  for (const [k, v] of Object.entries(input.headers ?? {})) multiValueHeaders[k] = [v];
  for (const [k, v] of Object.entries(input.multiValueHeaders ?? {})) multiValueHeaders[k] = [...v];
  const request: MethodRequest = {
    httpMethod: method.httpMethod === 'ANY' ? 'POST' : method.httpMethod,
    path,
    pathParameters: matchResourcePath(resource.path, path),
    multiValueQueryStringParameters: q === -1 ? {} : groupPairs(new URLSearchParams(pathWithQuery.slice(q + 1))),
    multiValueHeaders,
    ...(input.body !== undefined ? { body: input.body } : {}),
  };
  const requestTime = new Date();
  const outcome = await invokeMethod(sandbox, resource, method, request, {
    apiId: stored.api.id,
    accountId: sandbox.config.accountId,
    region: stored.region,
    requestId: newRequestId(),
    sourceIp: 'test-invoke-source-ip',
    requestTime,
    stageVariables: input.stageVariables ?? {},
    extendedRequestId: newExtendedRequestId(),
    resourceId: resource.id,
  }, { log: true, requestValidators: stored.config.requestValidators ?? {} });
  const headers = dict(outcome.headers);
  const multi = groupPairs(outcome.headers);
  return { status: outcome.status, body: outcome.body, headers, multiValueHeaders: multi, log: formatExecutionLog(outcome.log), latency: outcome.latencyMs };
}
