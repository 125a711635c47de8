import 'server-only';
import {
  buildIntegrationRequest,
  buildMethodResponse,
  configurationError,
  formatRequestLog,
  logLine,
  type ContentHandling,
  type HeaderList,
  type IntegrationConfig,
  type InvocationContext,
  type MethodConfig,
  type MethodRequest,
  type PassthroughBehavior,
} from '@/lib/gateway';
import { own } from '@/lib/records';
import type { SandboxContext } from '@/lib/sandbox/types';
import { assumeExecutionRole } from './credentials';
import type { ApiConfiguration, Method, Resource } from './model';
import { signIntegrationRequest } from './signing';

export type InvokeOutcome = {
  status: number;
  headers: HeaderList;
  body: string;
  /** TestInvokeMethod-format log lines (request half, then response half). */
  log: string[];
  latencyMs: number;
};

const PASSTHROUGH: readonly PassthroughBehavior[] = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const CONTENT_HANDLING: readonly ContentHandling[] = ['CONVERT_TO_TEXT', 'CONVERT_TO_BINARY'];
const INTEGRATION_TYPES: readonly IntegrationConfig['type'][] = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => values.find((v) => v === value);

/** The stored method (GetMethod's wire shape) as lib/gateway's MethodConfig. */
export function methodConfigOf(resource: Resource, method: Method, requestValidators: ApiConfiguration['requestValidators'] = {}): MethodConfig | undefined {
  const validator = method.requestValidatorId ? own(requestValidators, method.requestValidatorId) : undefined;
  const integration = method.methodIntegration;
  const type = oneOf(INTEGRATION_TYPES, integration?.type);
  if (!integration || !type) return undefined;
  const passthroughBehavior = oneOf(PASSTHROUGH, integration.passthroughBehavior);
  const contentHandling = oneOf(CONTENT_HANDLING, integration.contentHandling);
  const integrationResponses = Object.fromEntries(
    Object.entries(integration.integrationResponses ?? {}).map(([code, r]) => {
      const ch = oneOf(CONTENT_HANDLING, r.contentHandling);
      return [
        code,
        {
          statusCode: r.statusCode,
          ...(r.selectionPattern !== undefined ? { selectionPattern: r.selectionPattern } : {}),
          ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
          ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
          ...(ch ? { contentHandling: ch } : {}),
        },
      ];
    }),
  );
  return {
    httpMethod: method.httpMethod,
    resourcePath: resource.path,
    ...(method.requestParameters ? { requestParameters: method.requestParameters } : {}),
    ...(validator ? { requestValidator: { validateRequestParameters: validator.validateRequestParameters, validateRequestBody: validator.validateRequestBody } } : {}),
    methodIntegration: {
      type,
      uri: integration.uri ?? '',
      integrationHttpMethod: integration.httpMethod ?? method.httpMethod,
      ...(integration.credentials ? { credentials: integration.credentials } : {}),
      ...(integration.requestParameters ? { requestParameters: integration.requestParameters } : {}),
      ...(integration.requestTemplates ? { requestTemplates: integration.requestTemplates } : {}),
      ...(passthroughBehavior ? { passthroughBehavior } : {}),
      timeoutInMillis: integration.timeoutInMillis,
      ...(contentHandling ? { contentHandling } : {}),
      integrationResponses,
    },
    ...(method.methodResponses ? { methodResponses: method.methodResponses } : {}),
  };
}

const ENDPOINT_LINE = / : (Endpoint request |Endpoint response |Sending request to |Received response)/;

function substituteStageVariables(text: string, stageVariables: Record<string, string> | undefined): string {
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9._~-]+)\}/g, (_, name: string) => stageVariables?.[name] ?? '');
}

function timedOut(ctx: InvocationContext, requestLog: string[], latencyMs: number): InvokeOutcome {
  const t = new Date(ctx.requestTime.getTime() + latencyMs);
  return {
    status: 504,
    headers: [
      ['Content-Type', 'application/json'],
      ['x-amzn-ErrorType', 'InternalServerErrorException'],
    ],
    body: '{"message": "Endpoint request timed out"}',
    log: [...requestLog, logLine(t, 'Execution failed due to a timeout error'), logLine(t, 'Method completed with status: 504')],
    latencyMs,
  };
}

/**
 * MOCK: no endpoint is called. The request template (rendered by lib/gateway like any other) yields the status
 * (`{"statusCode": 200}`); the integration responses then map an empty endpoint response. The endpoint lines are
 * left out of the log, as AWS does for MOCK (aws-reference D).
 */
function invokeMock(config: MethodConfig, request: MethodRequest, ctx: InvocationContext, started: number): InvokeOutcome {
  const rendering: MethodConfig = {
    ...config,
    methodIntegration: { ...config.methodIntegration, uri: `arn:aws:apigateway:${ctx.region}:mock:path/`, integrationHttpMethod: 'POST' },
  };
  const built = buildIntegrationRequest(rendering, request, ctx);
  if (built.kind === 'method-error') return { ...built, latencyMs: Date.now() - started };
  let status = 200;
  try {
    const parsed: unknown = JSON.parse(built.request.body);
    if (parsed && typeof parsed === 'object' && 'statusCode' in parsed) {
      const code = Number((parsed as { statusCode: unknown }).statusCode);
      if (Number.isInteger(code)) status = code;
    }
  } catch {
    // A non-JSON mock template selects the default status, like a template without statusCode.
  }
  const response = buildMethodResponse(config, { status, headers: [], body: '' }, { request, context: ctx, latencyMs: 0 });
  return {
    status: response.status,
    headers: response.headers,
    body: response.body,
    log: [...built.log, ...response.log].filter((line) => !ENDPOINT_LINE.test(line)),
    latencyMs: Date.now() - started,
  };
}

/**
 * Runs one method request through a method configuration, as API Gateway does: lib/gateway builds the integration
 * request; the execution role is assumed through the sandbox's STS as apigateway.amazonaws.com; the request is signed
 * with the role session and delivered in-process to SQS as the HTTP request AWS would send; lib/gateway maps the
 * answer. Used by the invoke URLs (a deployment's snapshot) and by TestInvokeMethod (the current configuration).
 */
export async function invokeMethod(
  sandbox: SandboxContext,
  resource: Resource,
  method: Method,
  request: MethodRequest,
  ctx: InvocationContext,
  options: { log: boolean; requestValidators?: ApiConfiguration['requestValidators'] } = { log: true },
): Promise<InvokeOutcome> {
  const started = Date.now();
  const config = methodConfigOf(resource, method, options.requestValidators);
  if (!config) {
    return { status: 500, headers: [['Content-Type', 'application/json']], body: '{"message": "Internal server error"}', log: [], latencyMs: 0 };
  }
  const integration = config.methodIntegration;
  if (integration.type === 'MOCK') return invokeMock(config, request, ctx, started);
  if (integration.type !== 'AWS') {
    const result = configurationError(config, request, ctx, `Integration type ${integration.type} is not supported by the Sluice sandbox`);
    return { ...result, latencyMs: Date.now() - started };
  }

  const built = buildIntegrationRequest(config, request, ctx);
  if (built.kind === 'method-error') return { ...built, latencyMs: Date.now() - started };

  let credentials;
  if (integration.credentials) {
    const roleArn = substituteStageVariables(integration.credentials, ctx.stageVariables);
    const sourceArn = `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:${ctx.apiId}/${ctx.stage ?? 'test-invoke-stage'}/${request.httpMethod}${config.resourcePath}`;
    credentials = await assumeExecutionRole(sandbox, roleArn, ctx.region, sourceArn);
    if (!credentials) {
      const result = configurationError(
        config,
        request,
        ctx,
        `API Gateway does not have permission to assume the provided role ${roleArn}`,
        built.log.filter((line) => !line.includes(' : Sending request to ')),
      );
      return { ...result, latencyMs: Date.now() - started };
    }
  }

  const { delivery, headers } = await signIntegrationRequest(built.request, credentials, new Date());
  // The request half is logged again with the headers really sent (SigV4 included); invoke URLs keep no log.
  const requestLog = options.log ? formatRequestLog(config, request, ctx, { ...built.request, headers }) : built.log;

  const timeoutMs = integration.timeoutInMillis ?? 29_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sentAt = Date.now();
  const outcome = await Promise.race([
    sandbox.dispatch(delivery).then((response) => ({ kind: 'response' as const, response })),
    new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  const latencyMs = Date.now() - sentAt;
  if (outcome.kind === 'timeout') return timedOut(ctx, requestLog, Date.now() - started);

  const endpoint = outcome.response;
  const response = buildMethodResponse(
    config,
    {
      status: endpoint.status,
      headers: endpoint.headers,
      body: typeof endpoint.body === 'string' ? endpoint.body : endpoint.body.toString('utf8'),
    },
    { request, context: ctx, latencyMs },
  );
  return { status: response.status, headers: response.headers, body: response.body, log: [...requestLog, ...response.log], latencyMs: Date.now() - started };
}
