import 'server-only';
import type { EvalDecision, Principal, SandboxAuth } from '@/lib/sandbox/types';
import { ApiGatewayError } from '../errors';

function denied(principal: Principal, action: string, resource: string, decision: EvalDecision): ApiGatewayError {
  const why = decision === 'explicitDeny' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`;
  return new ApiGatewayError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`);
}

/** Throws AccessDeniedException unless the caller's policies allow `action` on `resource` (root is always allowed). */
export function authorizeCall(auth: SandboxAuth, principal: Principal, action: string, resource: string): void {
  if (principal.kind === 'root') return;
  const decision = auth.authorize(principal, action, resource);
  if (decision !== 'allowed') throw denied(principal, action, resource, decision);
}

/**
 * Setting an integration's `credentials` passes that role to API Gateway, so AWS also evaluates `iam:PassRole` on it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). Stage-variable references and the
 * caller-credentials form (`arn:aws:iam::*:user/*`) pass no role.
 */
export function authorizePassRole(auth: SandboxAuth, principal: Principal, credentials: string | undefined): void {
  if (!credentials || !/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(credentials)) return;
  authorizeCall(auth, principal, 'iam:PassRole', credentials);
}
