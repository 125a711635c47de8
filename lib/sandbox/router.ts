import 'server-only';
import type { SandboxContext, SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';
import { routingInfo } from '@/lib/sandbox/http';
import { awsErrorFor } from '@/lib/sandbox/http/edge';

/**
 * Routes a request to the first service that claims it. A request nobody claims is answered the way AWS's shared
 * front end answers requests it cannot attribute to an operation:
 * - unsigned → 403 `MissingAuthenticationToken` "Request is missing Authentication Token" (what AWS query services
 *   answer before looking at the action, so an unsigned IAM/STS/SQS-root request gets a familiar error);
 * - signed for a service this sandbox does not serve → 400 `UnknownOperationException` (in AWS such a request would
 *   reach a host that has no such operation; there is no better-matching real error for "wrong service").
 * The shape (JSON vs XML) follows the request: JSON for `application/x-amz-json-*` bodies or `Accept: application/json`.
 */
export async function routeRequest(
  services: readonly SandboxService[],
  req: SandboxRequest,
  ctx: SandboxContext,
): Promise<SandboxResponse> {
  const routing = routingInfo(req);
  for (const service of services) {
    if (service.matches(req, routing)) return service.handle(req, ctx);
  }
  const signed = routing.scopeService !== undefined;
  const code = signed ? 'UnknownOperationException' : 'MissingAuthenticationToken';
  const message = signed
    ? `The sandbox does not serve the service '${routing.scopeService}' for this request.`
    : 'Request is missing Authentication Token';
  return awsErrorFor(req, { code, message, status: signed ? 400 : 403 });
}
