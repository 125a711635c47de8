import {
  HTTP_METHODS,
  INTEGRATION_HTTP_METHODS,
  type ExecutionRoleDesign,
  type IntegrationDesign,
  type IntegrationResponseDesign,
  type QueueDesign,
} from '@/lib/design';

/**
 * An API Gateway method in the shape GetMethod returns it (and that CloudFormation, OpenAPI and serverless.yml all
 * describe in their own words). Every importer reduces its input to this shape, so one function decides how a method
 * becomes a design.
 */
export type RawMethod = {
  httpMethod?: string;
  authorizationType?: string;
  apiKeyRequired?: boolean;
  requestParameters?: Record<string, boolean>;
  methodIntegration?: {
    type?: string;
    httpMethod?: string;
    uri?: string;
    credentials?: string;
    requestParameters?: Record<string, string>;
    requestTemplates?: Record<string, string>;
    passthroughBehavior?: string;
    timeoutInMillis?: number;
    contentHandling?: string;
    integrationResponses?: Record<
      string,
      { statusCode?: string; selectionPattern?: string; responseTemplates?: Record<string, string>; responseParameters?: Record<string, string>; contentHandling?: string }
    >;
  };
  methodResponses?: Record<string, { statusCode?: string; responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }>;
};

export type MethodContext = {
  restApi: IntegrationDesign['restApi'];
  resourcePath: string;
  name?: string;
  description?: string;
  /** Used when neither the URI nor the role ARN names an account. */
  accountId?: string;
  /** Used when the URI names no Region. */
  region?: string;
  stageName?: string;
  stageVariables?: Record<string, string>;
  /** The queue as the source defines it; otherwise read from the URI as an existing queue. */
  queue?: QueueDesign;
  /** The role as the source defines it; otherwise the credentials ARN as an existing role. */
  executionRole?: ExecutionRoleDesign;
  cors?: IntegrationDesign['cors'];
};

export const SQS_URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+|\$\{[^}]+\}):(?:([a-z0-9-]+)\.)?sqs:(path|action)\/(.*)$/;

/** Whether an integration URI sends to SQS (the only kind of integration a design describes). */
export function isSqsIntegration(m: RawMethod): boolean {
  return (m.methodIntegration?.type ?? '').toUpperCase() === 'AWS' && SQS_URI.test(m.methodIntegration?.uri ?? '');
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  const upper = (value ?? '').toUpperCase();
  return (values as readonly string[]).includes(upper) ? (upper as T) : fallback;
}

function headerMapping(params: Record<string, string>, name: string): string | undefined {
  const key = `integration.request.header.${name}`.toLowerCase();
  return Object.entries(params).find(([k]) => k.toLowerCase() === key)?.[1];
}

/**
 * SQS picks the AWS JSON protocol by the Content-Type application/x-amz-json-1.0 (AWS Knowledge Center, "UnknownOperationException");
 * a method that maps the client's Content-Type and X-Amz-Target through, or sets X-Amz-Target in its template, is
 * written for that protocol too. Anything else — the course example's static 'SendMessage' target with no Content-Type — is read
 * as the query protocol, which is what SQS would apply to it.
 */
export function inferProtocol(params: Record<string, string>, templates: Record<string, string>): 'query' | 'json' {
  const contentType = headerMapping(params, 'Content-Type');
  const target = headerMapping(params, 'X-Amz-Target');
  if (contentType !== undefined && /x-amz-json/i.test(contentType)) return 'json';
  if (contentType !== undefined && contentType.startsWith('method.request.') && target !== undefined) return 'json';
  if (Object.values(templates).some((t) => /requestOverride\.header\.X-Amz-Target/i.test(t))) return 'json';
  return 'query';
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** A method (GetMethod's shape) as an IntegrationDesign. Values the method does not carry come from `ctx`, else neutral defaults. */
export function methodToDesign(method: RawMethod, ctx: MethodContext): IntegrationDesign {
  const integration = method.methodIntegration ?? {};
  const uri = SQS_URI.exec(integration.uri ?? '');
  const uriRegion = uri?.[1] && !uri[1].startsWith('$') ? uri[1] : undefined;
  const region = uriRegion ?? ctx.region ?? 'us-east-1';
  const kind = uri?.[3] === 'action' ? 'action' : 'pathOverride';
  const target = uri?.[4] ?? '';
  const pathParts = kind === 'pathOverride' ? target.split('/').filter(Boolean) : [];
  const credentials = integration.credentials ?? '';
  const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(credentials)?.[1];
  const pathAccount = pathParts.length === 2 && /^\d{12}$/.test(pathParts[0]!) ? pathParts[0] : undefined;
  const accountId = pathAccount ?? roleAccount ?? ctx.accountId ?? '000000000000';
  const queueName = pathParts.length === 2 ? pathParts[1]! : '';
  const requestParameters = { ...(integration.requestParameters ?? {}) };
  const requestTemplates = { ...(integration.requestTemplates ?? {}) };
  const integrationResponses = Object.values(integration.integrationResponses ?? {}).map((r): IntegrationResponseDesign => ({
    statusCode: r.statusCode ?? '200',
    ...(r.selectionPattern ? { selectionPattern: r.selectionPattern } : {}),
    responseTemplates: { ...(r.responseTemplates ?? {}) },
    responseParameters: { ...(r.responseParameters ?? {}) },
    ...(r.contentHandling === 'CONVERT_TO_TEXT' || r.contentHandling === 'CONVERT_TO_BINARY' ? { contentHandling: r.contentHandling } : {}),
  }));
  const methodResponses = Object.values(method.methodResponses ?? {}).map((r) => ({
    statusCode: r.statusCode ?? '200',
    responseParameters: { ...(r.responseParameters ?? {}) },
    responseModels: { ...(r.responseModels ?? {}) },
  }));
  const apiLabel = ctx.restApi.mode === 'create' ? ctx.restApi.name : (ctx.restApi.name ?? ctx.restApi.id);
  const contentHandling = integration.contentHandling;
  return {
    schemaVersion: 1,
    name: (ctx.name ?? `${apiLabel} ${method.httpMethod ?? 'POST'} ${ctx.resourcePath}`).slice(0, 120),
    ...(ctx.description ? { description: ctx.description } : {}),
    region,
    accountId,
    protocol: inferProtocol(requestParameters, requestTemplates),
    queue: ctx.queue ?? { mode: 'existing', name: queueName, fifo: queueName.endsWith('.fifo'), contentBasedDeduplication: false, encryption: { type: 'none' } },
    executionRole: ctx.executionRole ?? (ROLE_ARN.test(credentials) ? { mode: 'existing', roleArn: credentials } : { mode: 'create', roleName: 'unknown-execution-role' }),
    restApi: ctx.restApi,
    resourcePath: ctx.resourcePath,
    method: {
      httpMethod: oneOf(HTTP_METHODS, method.httpMethod, 'POST'),
      authorizationType: method.authorizationType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
      apiKeyRequired: method.apiKeyRequired ?? false,
      requestParameters: { ...(method.requestParameters ?? {}) },
    },
    integration: {
      type: 'AWS',
      // The doctor must see a GET here (SignatureDoesNotMatch in the AWS Knowledge Center article), so unknown values fall back to POST only.
      integrationHttpMethod: oneOf(INTEGRATION_HTTP_METHODS, integration.httpMethod, 'POST'),
      actionType: kind,
      pathOverride: kind === 'pathOverride' ? target : '',
      action: kind === 'action' ? target : 'SendMessage',
      subdomain: uri?.[2] ?? '',
      timeoutInMillis: integration.timeoutInMillis ?? 29_000,
      passthroughBehavior: oneOf(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const, integration.passthroughBehavior, 'WHEN_NO_MATCH'),
      ...(contentHandling === 'CONVERT_TO_TEXT' || contentHandling === 'CONVERT_TO_BINARY' ? { contentHandling } : {}),
      requestParameters,
      requestTemplates,
    },
    integrationResponses,
    methodResponses,
    stageName: ctx.stageName ?? 'prod',
    stageVariables: { ...(ctx.stageVariables ?? {}) },
    // Off, with the headers a new design offers when CORS is turned on.
    cors: ctx.cors ?? { enabled: false, allowOrigin: '*', allowHeaders: ['Content-Type', 'X-Amz-Target'] },
  };
}
