import type { Method } from '@aws-sdk/client-api-gateway';
import { HTTP_METHODS, INTEGRATION_HTTP_METHODS, type IntegrationDesign } from '@/lib/design';
import { diagnose, type Finding } from '@/lib/doctor';
import type { SampleRequest } from '@/lib/gateway';
import { parseSqsIntegrationUri } from '@/lib/gateway';

/**
 * A live API Gateway method (GetMethod's output) as an IntegrationDesign, so the doctor can judge an integration Sluice
 * did not create. Pure: no SDK calls, runs anywhere. Values the method does not carry (queue settings, stage) get
 * neutral defaults; the queue and role are marked `existing` because Sluice only reads them.
 */
export type LiveMethodContext = {
  restApiId: string;
  apiName?: string;
  resourcePath: string;
  /** Used when the integration URI names no account (JSON protocol) and the role ARN has none either. */
  accountId?: string;
  stageName?: string;
  stageVariables?: Record<string, string>;
};


function oneOf<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  const upper = (value ?? '').toUpperCase();
  return (values as readonly string[]).includes(upper) ? (upper as T) : fallback;
}

export function liveMethodToDesign(method: Method, ctx: LiveMethodContext): IntegrationDesign {
  const integration = method.methodIntegration ?? {};
  const uri = parseSqsIntegrationUri(integration.uri ?? '');
  const region = uri?.region ?? 'us-east-1';
  const kind = uri?.kind === 'action' ? 'action' : 'pathOverride';
  const target = uri?.target ?? '';
  const pathParts = kind === 'pathOverride' ? target.split('/').filter(Boolean) : [];
  const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(integration.credentials ?? '')?.[1];
  const accountId = (pathParts.length === 2 && /^\d{12}$/.test(pathParts[0]!) ? pathParts[0] : undefined) ?? roleAccount ?? ctx.accountId ?? '000000000000';
  const queueName = pathParts.length === 2 ? pathParts[1]! : '';
  const requestParameters = integration.requestParameters ?? {};
  const templates = integration.requestTemplates ?? {};
  const isJson =
    Object.keys(requestParameters).some((k) => k.toLowerCase() === 'integration.request.header.x-amz-target') ||
    Object.entries(requestParameters).some(([k, v]) => k.toLowerCase() === 'integration.request.header.content-type' && /x-amz-json/.test(v)) ||
    Object.values(templates).some((t) => /requestOverride\.header\.X-Amz-Target/i.test(t));
  const credentials = integration.credentials ?? '';
  const integrationResponses = Object.values(integration.integrationResponses ?? {}).map((r) => ({
    statusCode: r.statusCode ?? '200',
    ...(r.selectionPattern ? { selectionPattern: r.selectionPattern } : {}),
    responseTemplates: { ...(r.responseTemplates ?? {}) },
    responseParameters: { ...(r.responseParameters ?? {}) },
    ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
  }));
  const methodResponses = Object.values(method.methodResponses ?? {}).map((r) => ({
    statusCode: r.statusCode ?? '200',
    responseParameters: { ...(r.responseParameters ?? {}) },
    responseModels: { ...(r.responseModels ?? {}) },
  }));
  return {
    schemaVersion: 1,
    name: `${ctx.apiName ?? ctx.restApiId} ${method.httpMethod ?? 'POST'} ${ctx.resourcePath}`.slice(0, 120),
    region,
    accountId,
    protocol: isJson ? 'json' : 'query',
    queue: { mode: 'existing', name: queueName, fifo: queueName.endsWith('.fifo'), contentBasedDeduplication: false, encryption: { type: 'none' } },
    executionRole: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(credentials)
      ? { mode: 'existing', roleArn: credentials }
      : { mode: 'create', roleName: 'unknown-execution-role' },
    restApi: { mode: 'existing', id: ctx.restApiId, ...(ctx.apiName ? { name: ctx.apiName } : {}) },
    resourcePath: ctx.resourcePath,
    method: {
      httpMethod: oneOf(HTTP_METHODS, method.httpMethod, 'POST'),
      authorizationType: method.authorizationType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
      apiKeyRequired: method.apiKeyRequired ?? false,
      requestParameters: { ...(method.requestParameters ?? {}) },
    },
    integration: {
      type: 'AWS',
      // The doctor must see a GET here (the AWS Knowledge Center's SignatureDoesNotMatch), so unknown values fall back to POST only.
      integrationHttpMethod: oneOf(INTEGRATION_HTTP_METHODS, integration.httpMethod, 'POST'),
      actionType: kind,
      pathOverride: kind === 'pathOverride' ? target : '',
      action: kind === 'action' ? target : 'SendMessage',
      subdomain: uri?.subdomain ?? '',
      timeoutInMillis: integration.timeoutInMillis ?? 29_000,
      passthroughBehavior: oneOf(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const, integration.passthroughBehavior, 'WHEN_NO_MATCH'),
      ...(integration.contentHandling ? { contentHandling: integration.contentHandling } : {}),
      requestParameters: { ...requestParameters },
      requestTemplates: { ...templates },
    },
    integrationResponses,
    methodResponses,
    stageName: ctx.stageName ?? 'prod',
    stageVariables: { ...(ctx.stageVariables ?? {}) },
    cors: { enabled: false, allowOrigin: '*', allowHeaders: [] },
  };
}

/**
 * The doctor on a live method. A JSON-protocol method names no queue (each request body does), so the rule comparing
 * the body's QueueUrl with "the design's queue" has nothing to compare with and is left out.
 */
export function diagnoseLive(design: IntegrationDesign, sample?: SampleRequest): Finding[] {
  return diagnose(design, sample).filter((f) => !(design.queue.name === '' && f.id === 'json-queue-url'));
}
