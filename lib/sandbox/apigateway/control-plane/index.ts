import 'server-only';
import type { OperationInfo, RoutingInfo, SandboxContext, SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { ApiGatewayError, errorResponse, type ApiGatewayErrorCode } from '../errors';
import type { Call, Handler } from './call';
import { accountRoutes } from './account';
import { authorizerRoutes } from './authorizers';
import { deploymentRoutes } from './deployments';
import { gatewayResponseRoutes } from './gateway-responses';
import { authorizeCall } from './iam';
import { integrationRoutes } from './integrations';
import { keyRoutes } from './keys';
import { methodRoutes } from './methods';
import { modelRoutes } from './models';
import { resourceRoutes } from './resources';
import { responseRoutes } from './responses';
import { restApiRoutes } from './rest-apis';
import { operationInfo, pathSegments, RouteTable } from './table';
import { tagRoutes } from './tags';
import { validatorRoutes } from './validators';

export type { Call, Handler } from './call';

/** API Gateway's control plane: every operation the sandbox knows, in one table. */
export const apiGatewayRoutes = new RouteTable([
  ...restApiRoutes,
  ...resourceRoutes,
  ...methodRoutes,
  ...integrationRoutes,
  ...responseRoutes,
  ...deploymentRoutes,
  ...validatorRoutes,
  ...modelRoutes,
  ...gatewayResponseRoutes,
  ...keyRoutes,
  ...authorizerRoutes,
  ...tagRoutes,
  ...accountRoutes,
]);

/** Registers the handler of an operation the table lists without one (ImportRestApi, PutRestApi…). */
export function registerApiGatewayHandler(name: string, handler: Handler): void {
  apiGatewayRoutes.register(name, handler);
}

const PREFIXES = ['restapis', 'apikeys', 'usageplans', 'tags', 'account'];

/** True for paths under the control plane's top-level collections. */
export function isControlPlanePath(path: string): boolean {
  const first = path.split('/')[1] ?? '';
  return PREFIXES.includes(first);
}

export function apiGatewayOperations(): OperationInfo[] {
  return apiGatewayRoutes.operations.map(operationInfo);
}

export function apiGatewayOperationOf(req: SandboxRequest): string | undefined {
  const segments = pathSegments(req);
  if (!segments) return undefined;
  return apiGatewayRoutes.match(req.method.toUpperCase(), segments, new URLSearchParams(req.rawQuery))?.route.name;
}

/** AWS's error codes for a request whose credentials are refused (the SigV4 layer in front of API Gateway). */
const AUTH_ERRORS: Record<string, ApiGatewayErrorCode> = {
  ExpiredToken: 'ExpiredTokenException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
};

/** Serves API Gateway's REST-JSON control plane (requests signed for service `apigateway`). */
export async function handleControlPlane(req: SandboxRequest, ctx: SandboxContext, routing: RoutingInfo): Promise<SandboxResponse> {
  const segments = pathSegments(req);
  if (!segments) return errorResponse('BadRequestException', 'Invalid request path');
  const caller = ctx.auth.authenticate(req, 'apigateway');
  if (!caller.ok) {
    const code = Object.hasOwn(AUTH_ERRORS, caller.error.code) ? AUTH_ERRORS[caller.error.code]! : 'UnrecognizedClientException';
    return errorResponse(code, caller.error.message);
  }
  const verb = req.method.toUpperCase();
  const query = new URLSearchParams(req.rawQuery);
  const match = apiGatewayRoutes.match(verb, segments, query);
  if (!match) return errorResponse('NotFoundException', `Unsupported operation: ${verb} ${req.path}`);
  const region = routing.scopeRegion ?? ctx.config.defaultRegion;
  const { route } = match;
  try {
    authorizeCall(ctx.auth, caller.principal, `apigateway:${route.method}`, `arn:aws:apigateway:${region}::/${segments.join('/')}`);
    if (!route.handler) return errorResponse('BadRequestException', `${route.name} is not supported by the Sluice sandbox`);
    const call: Call = { req, ctx, region, principal: caller.principal, params: match.params, query };
    return await route.handler(call);
  } catch (err) {
    if (err instanceof ApiGatewayError) return errorResponse(err.code, err.message);
    throw err;
  }
}
