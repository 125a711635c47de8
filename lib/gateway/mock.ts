import { buildMethodResponse } from './response';
import { buildIntegrationRequest } from './request';
import type { HeaderList, InvocationContext, MethodConfig, MethodErrorResult, MethodRequest } from './types';

/** Log lines about an endpoint, which a MOCK integration does not have (aws-reference D). */
const ENDPOINT_LINE = / : (Endpoint request |Endpoint response |Sending request to |Received response)/;

export type MockResult = { kind: 'mock-response'; status: number; headers: HeaderList; body: string; log: string[] } | MethodErrorResult;

/**
 * A MOCK integration, as API Gateway runs it: no endpoint is called. The request template (rendered like any other)
 * yields the status (`{"statusCode": 200}`); the integration responses then map an empty endpoint response. The
 * endpoint lines are left out of the log, as AWS does for MOCK. Shared by the sandbox's invoke URLs and
 * TestInvokeMethod and by the preview.
 */
export function runMock(config: MethodConfig, request: MethodRequest, ctx: InvocationContext): MockResult {
  const built = buildIntegrationRequest(config, request, ctx);
  if (built.kind === 'method-error') return built;
  let status = 200;
  try {
    const parsed: unknown = JSON.parse(built.request.body);
    if (parsed && typeof parsed === 'object' && 'statusCode' in parsed) {
      const code = Number(parsed.statusCode);
      if (Number.isInteger(code)) status = code;
    }
  } catch {
    // A template that is not JSON selects the default status, like a template without statusCode.
  }
  const response = buildMethodResponse(config, { status, headers: [], body: '' }, { request, context: ctx, latencyMs: 0 });
  return { kind: 'mock-response', status: response.status, headers: response.headers, body: response.body, log: [...built.log, ...response.log].filter((line) => !ENDPOINT_LINE.test(line)) };
}
