import 'server-only';
import type { InvocationContext, MethodRequest } from '@/lib/gateway';
import { groupPairs } from '@/lib/records';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { newExtendedRequestId, newRequestId, newTraceId } from './ids';
import { authorizeIamInvoke } from './iam-auth';
import { invokeMethod } from './invoke';
import { matchMethod, matchResource, parseInvokeTarget } from './routing';
import { getApiRegion, getDeployment, getStage } from './store';

function gatewayResponse(status: number, errorType: string, body: string, requestId: string, extendedRequestId: string): SandboxResponse {
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': errorType,
      'x-amz-apigw-id': extendedRequestId,
    },
    body,
  };
}

function* rawHeaderPairs(raw: readonly string[]): Generator<[string, string]> {
  for (let i = 0; i + 1 < raw.length; i += 2) yield [raw[i]!, raw[i + 1]!];
}

/**
 * An invoke URL request: the stage's deployment (a snapshot, so undeployed edits are not live), resource and method
 * matching, then the shared invoke path. Anything that names no deployed method is answered like AWS answers an
 * unknown route: 403 `Missing Authentication Token`.
 */
export async function handleInvoke(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> {
  const requestId = newRequestId();
  const extendedRequestId = newExtendedRequestId();
  const missingToken = () =>
    gatewayResponse(403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}', requestId, extendedRequestId);

  const target = parseInvokeTarget(req);
  if (!target) return missingToken();
  const region = getApiRegion(ctx.db, target.apiId);
  const stage = region ? getStage(ctx.db, target.apiId, target.stage) : undefined;
  const deployment = stage ? getDeployment(ctx.db, target.apiId, stage.deploymentId) : undefined;
  if (!region || !stage || !deployment) return missingToken();
  const match = matchResource(deployment.config, target.path);
  const method = match ? matchMethod(match.resource, req.method) : undefined;
  if (!match || !method) return missingToken();
  if (method.authorizationType === 'AWS_IAM') {
    const methodArn = `arn:aws:execute-api:${region}:${ctx.config.accountId}:${target.apiId}/${stage.stageName}/${req.method.toUpperCase()}${target.path}`;
    const refused = authorizeIamInvoke(req, ctx, methodArn);
    if (refused) return gatewayResponse(refused.status, refused.errorType, refused.body, requestId, extendedRequestId);
  }
  // The sandbox accepts any API key, but, like AWS, not its absence.
  if (method.apiKeyRequired && !req.headers['x-api-key']) {
    return gatewayResponse(403, 'ForbiddenException', '{"message":"Forbidden"}', requestId, extendedRequestId);
  }

  const multiValueHeaders = groupPairs(req.rawHeaders ? rawHeaderPairs(req.rawHeaders) : Object.entries(req.headers));
  const body = req.body.toString('utf8');
  const request: MethodRequest = {
    httpMethod: req.method.toUpperCase(),
    path: target.path,
    pathParameters: match.pathParameters,
    multiValueQueryStringParameters: groupPairs(new URLSearchParams(req.rawQuery)),
    multiValueHeaders,
    ...(body !== '' ? { body } : {}),
  };
  const requestTime = new Date();
  const traceId = newTraceId(requestTime);
  const forwardedFor = req.headers['x-forwarded-for']?.split(',')[0]?.trim();
  const invocation: InvocationContext = {
    apiId: target.apiId,
    stage: stage.stageName,
    accountId: ctx.config.accountId,
    region,
    requestId,
    sourceIp: forwardedFor || '127.0.0.1',
    ...(req.headers['user-agent'] !== undefined ? { userAgent: req.headers['user-agent'] } : {}),
    requestTime,
    stageVariables: stage.variables ?? {},
    extendedRequestId,
    resourceId: match.resource.id,
    domainName: req.host,
    traceId,
  };
  const outcome = await invokeMethod(ctx, match.resource, method, request, invocation, { log: false, requestValidators: deployment.config.requestValidators ?? {} }).catch((err: unknown) => {
    console.error('execute-api: unexpected error', err);
    return undefined;
  });
  if (!outcome) return gatewayResponse(500, 'InternalServerErrorException', '{"message": "Internal server error"}', requestId, extendedRequestId);

  // Names keep API Gateway's spelling (`x-amzn-RequestId`, `X-Amzn-Trace-Id`); duplicates are merged case-insensitively.
  const headers: Record<string, string> = {};
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
  for (const [k, v] of outcome.headers) set(k, v, true);
  set('x-amzn-RequestId', requestId, false);
  set('x-amz-apigw-id', extendedRequestId, false);
  if (!names.has('x-amzn-trace-id')) set('X-Amzn-Trace-Id', traceId, false);
  return { status: outcome.status, headers, body: outcome.body };
}
