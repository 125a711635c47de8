import 'server-only';
import { type APIGatewayClient, TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway';
import { type HeaderPairs, maskHeaders, maskLog, type SendRequest } from '@/lib/test-panel/request';
import { groupPairs } from '@/lib/records';
import { toAwsErrorInfo } from '../errors';
import { elapsed, type MethodTarget, type SendOutcome } from './types';

function headerRecords(headers: HeaderPairs): { headers: Record<string, string>; multiValueHeaders?: Record<string, string[]> } {
  const multi = groupPairs(headers);
  const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.join(',')]));
  return Object.values(multi).some((v) => v.length > 1) ? { headers: single, multiValueHeaders: multi } : { headers: single };
}

/**
 * TestInvokeMethod on the method's current configuration — no deployment needed, no stage (`$context.stage` unset,
 * aws-reference D). `latencyMs` is API Gateway's own `latency`. Never throws: an SDK error becomes `ok: false`.
 */
export async function testInvoke(apigateway: APIGatewayClient, target: MethodTarget, req: SendRequest, stageVariables?: Record<string, string>): Promise<SendOutcome> {
  const t0 = performance.now();
  try {
    const out = await apigateway.send(
      new TestInvokeMethodCommand({
        ...target,
        pathWithQueryString: `${req.path}${req.query ? `?${req.query}` : ''}`,
        ...(req.body !== '' ? { body: req.body } : {}),
        ...headerRecords(req.headers),
        ...(stageVariables && Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
      }),
    );
    const pairs: HeaderPairs = out.multiValueHeaders
      ? Object.entries(out.multiValueHeaders).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))
      : Object.entries(out.headers ?? {});
    return {
      ok: true,
      response: { status: out.status ?? 0, headers: maskHeaders(pairs), body: out.body ?? '', latencyMs: out.latency ?? elapsed(t0), log: maskLog(out.log ?? '') },
    };
  } catch (err) {
    return { ok: false, error: toAwsErrorInfo(err), latencyMs: elapsed(t0) };
  }
}
