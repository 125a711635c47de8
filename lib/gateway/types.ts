import type { VtlError } from '@/lib/vtl';

export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
export type ContentHandling = 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY';

/** PutIntegrationResponse, as GetMethod returns it inside `methodIntegration.integrationResponses`. */
export type IntegrationResponseConfig = {
  statusCode: string;
  /** Java regex, full match against the backend status code string; absent or empty = the default response. */
  selectionPattern?: string;
  /** `method.response.header.NAME` → `'static'` | `integration.response.header.NAME` | `integration.response.body[.JSONPath]` | … */
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: ContentHandling;
};

/** PutMethodResponse. */
export type MethodResponseConfig = {
  statusCode: string;
  /** `method.response.header.NAME` → required? */
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
};

/** PutIntegration, as GetMethod returns it in `methodIntegration`. */
export type IntegrationConfig = {
  type: 'AWS' | 'AWS_PROXY' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';
  /** `arn:aws:apigateway:{region}:{subdomain.}sqs:path/{…}` or `…:action/{Action}`. */
  uri: string;
  /** The HTTP method used to call the backend; `ANY` means the method request's. */
  integrationHttpMethod: string;
  credentials?: string;
  /** `integration.request.{header|querystring|path}.NAME` → mapping expression. */
  requestParameters?: Record<string, string>;
  /** Content type → mapping template. */
  requestTemplates?: Record<string, string>;
  /** Default `WHEN_NO_MATCH`. */
  passthroughBehavior?: PassthroughBehavior;
  /** Default 29000. */
  timeoutInMillis?: number;
  contentHandling?: ContentHandling;
  /** Keyed by status code, like GetMethod's output. Order matters only when several patterns match. */
  integrationResponses?: Record<string, IntegrationResponseConfig>;
};

/** A deployed method as the sandbox stores it (GetMethod's shape, AWS names). */
export type MethodConfig = {
  httpMethod: string;
  /** Resource path template, e.g. `/send` or `/things/{id}`. */
  resourcePath: string;
  /** `method.request.{header|querystring|path}.NAME` → required? */
  requestParameters?: Record<string, boolean>;
  /**
   * The method's request validator. API Gateway enforces required parameters only when one with
   * `validateRequestParameters` is attached.
   */
  requestValidator?: { validateRequestParameters: boolean; validateRequestBody: boolean };
  methodIntegration: IntegrationConfig;
  /** Keyed by status code. */
  methodResponses?: Record<string, MethodResponseConfig>;
};

/** The client's request as API Gateway received it (after routing to the method). */
export type MethodRequest = {
  httpMethod: string;
  /** The request path below the stage, e.g. `/send`. */
  path: string;
  pathParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  /** Header names as the client sent them; lookups are case-insensitive. */
  multiValueHeaders?: Record<string, string[]>;
  /** Absent or `''` = no body. */
  body?: string;
};

/** Where and when the request is executed. */
export type InvocationContext = {
  apiId: string;
  /** Absent for TestInvokeMethod (`$context.stage` unset, aws-reference D). */
  stage?: string;
  accountId: string;
  region: string;
  requestId: string;
  sourceIp: string;
  userAgent?: string;
  requestTime: Date;
  stageVariables?: Record<string, string>;
  extendedRequestId?: string;
  resourceId?: string;
  domainName?: string;
  /** `Root=1-…`; derived from the request id and time when absent. */
  traceId?: string;
};

export type HeaderList = [name: string, value: string][];

export type IntegrationRequest = {
  method: string;
  url: string;
  /** In the order API Gateway adds them; SigV4 headers are added by whoever signs. */
  headers: HeaderList;
  body: string;
};

export type IntegrationRequestResult = {
  kind: 'integration-request';
  request: IntegrationRequest;
  /** The content type whose request template was applied; absent on passthrough. */
  templateUsed?: string;
  passthrough: boolean;
  /** TestInvokeMethod-style log lines of the request half (see `formatExecutionLog`). */
  log: string[];
};

export type MethodErrorResult = {
  kind: 'method-error';
  status: number;
  headers: HeaderList;
  body: string;
  log: string[];
  /** Where the failure came from, for the UI. */
  error?: GatewayError;
};

export type GatewayError =
  | { kind: 'missing-parameters'; names: string[] }
  | { kind: 'unsupported-media-type'; contentType: string }
  | { kind: 'template'; contentType: string; vtl: VtlError }
  | { kind: 'configuration'; message: string };

export type BuildResult = IntegrationRequestResult | MethodErrorResult;

export type EndpointResponse = { status: number; headers: Record<string, string> | HeaderList; body: string };

export type MethodResponse = {
  status: number;
  headers: HeaderList;
  body: string;
  /** Status code key of the integration response that was chosen; absent when none matched. */
  integrationResponse?: string;
  /** The content type of the response template that was applied; absent on passthrough. */
  templateUsed?: string;
  /** Response half of the log: from `Received response` to `Method completed with status`. */
  log: string[];
  error?: GatewayError;
};
