import 'server-only';
import { API_GATEWAY_PAYLOAD_BYTES } from '@/lib/design/limits';
import { isCustomized, renderGatewayResponse, type GatewayResponseType } from '@/lib/gateway/gateway-responses';
import { validateBody } from '@/lib/gateway/model-validation';
import type { HeaderList, InvocationContext, MethodRequest } from '@/lib/gateway';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { dict, groupPairs, own } from './dict';
import { newExtendedRequestId, newRequestId, newTraceId } from './ids';
import { authorizeIamInvoke } from './iam-auth';
import { invokeMethod, type InvokeOutcome } from './invoke';
import type { ApiConfiguration, Method, Stage } from './model';
import { matchMethod, matchResource, parseInvokeTarget } from './routing';
import { getApiKeySource, getApiRegion, getDeployment, getStage } from './store';
import { checkUsage, takeToken } from './usage';
import { authorizationOf } from './validation';

function multiValueHeaders(req: SandboxRequest): Record<string, string[]> {
  if (!req.rawHeaders) return groupPairs(Object.entries(req.headers));
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return groupPairs(pairs);
}

/** The method's request model for the request's content type (`$default` when none is named for it). */
function requestModelOf(method: Method, contentType: string | undefined): string | undefined {
  const media = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const models = method.requestModels ?? {};
  const byType = Object.entries(models).find(([k]) => k.toLowerCase() === media)?.[1];
  return byType ?? own(models, '$default') ?? undefined;
}

/** The stage's method settings for a method: its own entry, else `*\/*`. */
function throttleOf(stage: Stage, resourcePath: string, verb: string) {
  const own_ = own(stage.methodSettings, `${resourcePath.replace(/^\//, '')}/${verb}`) ?? own(stage.methodSettings, '*/*');
  return own_ ? { rateLimit: own_.throttlingRateLimit, burstLimit: own_.throttlingBurstLimit } : undefined;
}

/** The gateway response type of each refusal of an AWS_IAM call (iam-auth.ts). */
const IAM_REFUSALS: Record<string, GatewayResponseType> = {
  MissingAuthenticationTokenException: 'MISSING_AUTHENTICATION_TOKEN',
  IncompleteSignatureException: 'INVALID_SIGNATURE',
  InvalidSignatureException: 'INVALID_SIGNATURE',
  ExpiredTokenException: 'EXPIRED_TOKEN',
};

/** Which gateway response an outcome of the integration path is, when API Gateway itself answered. */
function gatewayResponseOf(outcome: InvokeOutcome): { type: GatewayResponseType; message: string } | undefined {
  switch (outcome.error?.kind) {
    case 'missing-parameters':
      return { type: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${outcome.error.names.join(', ')}]` };
    case 'unsupported-media-type':
      return { type: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type' };
    case 'configuration':
      return { type: 'API_CONFIGURATION_ERROR', message: 'Internal server error' };
    case 'timeout':
      return { type: 'INTEGRATION_TIMEOUT', message: 'Endpoint request timed out' };
    default:
      return undefined;
  }
}

/**
 * An invoke URL request: the stage's deployment (a snapshot, so undeployed edits are not live), resource and method
 * matching, authorization, API key and usage plan, request validation, then the shared invoke path. Whenever API
 * Gateway itself answers, the answer is the API's gateway response of that type (lib/gateway/gateway-responses.ts),
 * so customized headers (CORS…) and templates apply as on AWS.
 */
export async function handleInvoke(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> {
  const requestId = newRequestId();
  const extendedRequestId = newExtendedRequestId();
  const requestTime = new Date();
  const traceId = newTraceId(requestTime);
  const target = parseInvokeTarget(req);
  const body = req.body.toString('utf8');
  const request: MethodRequest = {
    httpMethod: req.method.toUpperCase(),
    path: target?.path ?? req.path,
    pathParameters: {},
    multiValueQueryStringParameters: groupPairs(new URLSearchParams(req.rawQuery)),
    multiValueHeaders: multiValueHeaders(req),
    ...(body !== '' ? { body } : {}),
  };
  const region = target ? getApiRegion(ctx.db, target.apiId) : undefined;
  const stage = target && region ? getStage(ctx.db, target.apiId, target.stage) : undefined;
  const deployment = target && stage ? getDeployment(ctx.db, target.apiId, stage.deploymentId) : undefined;
  const forwardedFor = req.headers['x-forwarded-for']?.split(',')[0]?.trim();
  const invocation: InvocationContext = {
    apiId: target?.apiId ?? '',
    ...(stage ? { stage: stage.stageName } : {}),
    accountId: ctx.config.accountId,
    region: region ?? ctx.config.defaultRegion,
    requestId,
    sourceIp: forwardedFor || '127.0.0.1',
    ...(req.headers['user-agent'] !== undefined ? { userAgent: req.headers['user-agent'] } : {}),
    requestTime,
    stageVariables: stage?.variables ?? {},
    extendedRequestId,
    domainName: req.host,
    traceId,
  };

  const finish = (status: number, outHeaders: HeaderList, outBody: string): SandboxResponse => {
    // Names keep API Gateway's spelling (`x-amzn-RequestId`, `X-Amzn-Trace-Id`); duplicates are merged case-insensitively.
    const headers = dict<string>();
    const names = new Map<string, string>();
    const set = (name: string, value: string, merge: boolean) => {
      const existing = names.get(name.toLowerCase());
      if (existing !== undefined && merge) headers[existing] = `${headers[existing]}, ${value}`;
      else {
        if (existing !== undefined) delete headers[existing];
        names.set(name.toLowerCase(), name);
        headers[name] = value;
      }
    };
    for (const [k, v] of outHeaders) set(k, v, true);
    set('x-amzn-RequestId', requestId, false);
    set('x-amz-apigw-id', extendedRequestId, false);
    if (!names.has('x-amzn-trace-id')) set('X-Amzn-Trace-Id', traceId, false);
    return { status, headers, body: outBody };
  };
  const gatewayResponse = (type: GatewayResponseType, message: string, config?: ApiConfiguration, extra: { validationErrorString?: string; resourcePath?: string } = {}) => {
    const rendered = renderGatewayResponse(config?.gatewayResponses, { type, message, request, context: invocation, ...extra });
    return finish(rendered.status, rendered.headers, rendered.body);
  };

  // Anything that names no deployed method is answered like AWS answers an unknown route.
  if (!target || !region || !stage || !deployment) return gatewayResponse('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
  const { config } = deployment;
  // API Gateway's 10 MB payload quota. Bytes, status and error type as a real API answered an oversized request
  // (github.com/koki-develop/lgtm-generator/issues/10); users report that a customized REQUEST_TOO_LARGE response is
  // not applied to it, so it is sent as is.
  if (req.body.length > API_GATEWAY_PAYLOAD_BYTES) return finish(413, [['Content-Type', 'application/json'], ['x-amzn-ErrorType', 'BadRequestException']], '{"message": "Request Too Long"}');
  const match = matchResource(config, target.path);
  const method = match ? matchMethod(match.resource, req.method) : undefined;
  if (!match || !method) return gatewayResponse('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token', config);
  request.pathParameters = match.pathParameters;
  invocation.resourceId = match.resource.id;
  const resourcePath = match.resource.path;

  const authorization = authorizationOf(method);
  if (authorization === 'AWS_IAM') {
    const methodArn = `arn:aws:execute-api:${region}:${ctx.config.accountId}:${target.apiId}/${stage.stageName}/${request.httpMethod}${target.path}`;
    const refused = authorizeIamInvoke(req, ctx, methodArn);
    if (refused) {
      const type = Object.hasOwn(IAM_REFUSALS, refused.errorType) ? IAM_REFUSALS[refused.errorType]! : 'ACCESS_DENIED';
      // Uncustomized, the refusal is sent in API Gateway's own words (its bodies differ per cause).
      if (!isCustomized(type, config.gatewayResponses)) return finish(refused.status, [['Content-Type', 'application/json'], ['x-amzn-ErrorType', refused.errorType]], refused.body);
      const parsed = JSON.parse(refused.body) as { message?: string; Message?: string };
      return gatewayResponse(type, parsed.message ?? parsed.Message ?? '', config, { resourcePath });
    }
  }
  // Lambda and Cognito authorizers would need AWS Lambda / Cognito; refusing beats letting unauthorized requests in.
  if (authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS') {
    const kind = authorization === 'CUSTOM' ? 'Lambda' : 'Cognito user pool';
    return gatewayResponse(
      'AUTHORIZER_CONFIGURATION_ERROR',
      `The Sluice sandbox cannot run ${kind} authorizers, so it refuses requests to methods that use one. Test this method with authorization NONE or AWS_IAM in the sandbox.`,
      config,
      { resourcePath },
    );
  }
  if (method.apiKeyRequired) {
    // With AUTHORIZER, the key would come from a Lambda authorizer, which the sandbox cannot run.
    const keyValue = getApiKeySource(ctx.db, target.apiId) === 'AUTHORIZER' ? undefined : req.headers['x-api-key'];
    const usage = checkUsage(ctx.db, region, target.apiId, stage.stageName, keyValue);
    if (!usage.ok) return gatewayResponse(usage.type, usage.message, config, { resourcePath });
  }
  if (!takeToken(`stage/${target.apiId}/${stage.stageName}/${resourcePath}/${method.httpMethod}`, throttleOf(stage, resourcePath, method.httpMethod), Date.now())) {
    return gatewayResponse('THROTTLED', 'Too Many Requests', config, { resourcePath });
  }
  const validator = method.requestValidatorId ? own(config.requestValidators, method.requestValidatorId) : undefined;
  if (validator?.validateRequestBody) {
    const modelName = requestModelOf(method, req.headers['content-type']);
    if (modelName && own(config.models, modelName)) {
      const result = validateBody({ apiId: target.apiId, models: config.models ?? {} }, modelName, body);
      if (!result.ok) {
        return gatewayResponse('BAD_REQUEST_BODY', result.message, config, { resourcePath, validationErrorString: result.validationErrorString });
      }
    }
  }

  const outcome = await invokeMethod(ctx, match.resource, method, request, invocation, { log: false, requestValidators: config.requestValidators ?? {} }).catch(
    (err: unknown) => {
      console.error('execute-api: unexpected error', err);
      return undefined;
    },
  );
  if (!outcome) return gatewayResponse('API_CONFIGURATION_ERROR', 'Internal server error', config, { resourcePath });
  // API Gateway's own 4xx/5xx bodies from lib/gateway are already the default responses' (`{"message": "…"}`).
  const answered = gatewayResponseOf(outcome);
  if (answered && isCustomized(answered.type, config.gatewayResponses)) return gatewayResponse(answered.type, answered.message, config, { resourcePath });
  return finish(outcome.status, outcome.headers, outcome.body);
}
