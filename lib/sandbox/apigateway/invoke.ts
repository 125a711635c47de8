import 'server-only';
import {
  buildIntegrationRequest,
  buildMethodResponse,
  configurationError,
  formatRequestLog,
  logLine,
  type GatewayError,
  methodConfigOf as storedMethodConfig,
  type HeaderList,
  type InvocationContext,
  type MethodConfig,
  type MethodRequest,
} from '@/lib/gateway';
import type { SandboxContext } from '@/lib/sandbox/types';
import { installTemplateGuard } from '@/lib/template-guard';
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
  /** Why API Gateway itself answered (the invoke URLs turn it into the matching gateway response). */
  error?: GatewayError | { kind: 'timeout' };
};

/** The stored method (GetMethod's wire shape) as lib/gateway's MethodConfig — the adapter the preview uses too. */
export function methodConfigOf(resource: Resource, method: Method, requestValidators: ApiConfiguration['requestValidators'] = {}): MethodConfig | undefined {
  return storedMethodConfig(resource.path, method, requestValidators ?? {});
}

/*
 * A deployment's snapshot is parsed once and then never changes (store.ts getDeployment), so the MethodConfig built
 * from one of its methods is kept with that method object; TestInvokeMethod reads a fresh configuration per call,
 * whose objects are new and so never hit.
 */
const configCache = new WeakMap<Method, { resource: Resource; validators: ApiConfiguration['requestValidators']; config: MethodConfig | undefined }>();

function cachedMethodConfig(resource: Resource, method: Method, validators: ApiConfiguration['requestValidators']): MethodConfig | undefined {
  const hit = configCache.get(method);
  const sameValidators = (a: typeof validators, b: typeof validators) => a === b || (Object.keys(a ?? {}).length === 0 && Object.keys(b ?? {}).length === 0);
  if (hit && hit.resource === resource && sameValidators(hit.validators, validators)) return hit.config;
  const config = methodConfigOf(resource, method, validators);
  configCache.set(method, { resource, validators, config });
  return config;
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
    error: { kind: 'timeout' },
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
  installTemplateGuard();
  const started = Date.now();
  const config = cachedMethodConfig(resource, method, options.requestValidators);
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
  return {
    status: response.status,
    headers: response.headers,
    body: response.body,
    log: [...requestLog, ...response.log],
    latencyMs: Date.now() - started,
    ...(response.error ? { error: response.error } : {}),
  };
}
