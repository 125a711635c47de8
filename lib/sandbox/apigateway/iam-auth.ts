import 'server-only';
import { requestCredential, requestPresignedParameters } from '@/lib/sandbox/http';
import type { SandboxContext, SandboxRequest } from '@/lib/sandbox/types';

/** Why API Gateway refuses an `AWS_IAM` method call: its `x-amzn-ErrorType` and JSON body. */
export type IamRefusal = { status: number; errorType: string; body: string };

const REQUIRED = ['Credential', 'Signature', 'SignedHeaders'] as const;

/**
 * API Gateway's answer to an Authorization header that is not a complete SigV4 one, in its own words: each missing
 * part as a sentence, then the header echoed, e.g. for `Authorization: garbage`
 * "Authorization header requires 'Credential' parameter. … Authorization=garbage"; for `Bearer x`,
 * "'x' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer x'."
 */
export function incompleteSignatureMessage(header: string, headers: Readonly<Record<string, string>>): string | undefined {
  const value = header.trim();
  const space = value.indexOf(' ');
  const params = space === -1 ? '' : value.slice(space + 1);
  const fields = new Set<string>();
  for (const raw of params.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) return `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`;
    fields.add(part.slice(0, eq).trim());
  }
  const missing: string[] = REQUIRED.filter((name) => !fields.has(name)).map((name) => `Authorization header requires '${name}' parameter.`);
  if (headers['x-amz-date'] === undefined && headers['date'] === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  return missing.length > 0 ? `${missing.join(' ')} Authorization=${value}` : undefined;
}

const ERROR_TYPES: Readonly<Record<string, string>> = {
  SignatureDoesNotMatch: 'InvalidSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  ExpiredToken: 'ExpiredTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
};

const refusal = (status: number, errorType: string, body: Record<string, string>): IamRefusal => ({ status, errorType, body: JSON.stringify(body) });

/**
 * `AWS_IAM` authorization of an invoke URL request, as API Gateway does it before the integration runs: a complete
 * SigV4 signature (header or presigned query) scoped to `execute-api`, verified like every sandbox signature
 * (lib/sandbox/auth: sandbox-issued session keys are checked, long-term keys are the account root), then
 * `execute-api:Invoke` on the method ARN evaluated against the caller's policies. Undefined when allowed.
 */
export function authorizeIamInvoke(req: SandboxRequest, ctx: SandboxContext, methodArn: string): IamRefusal | undefined {
  const header = req.headers['authorization'];
  if (header === undefined && !requestPresignedParameters(req)) {
    return refusal(403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' });
  }
  if (header !== undefined) {
    const incomplete = incompleteSignatureMessage(header, req.headers);
    if (incomplete) return refusal(403, 'IncompleteSignatureException', { message: incomplete });
  }
  const scope = requestCredential(req)?.service;
  if (scope !== undefined && scope !== 'execute-api') {
    return refusal(403, 'InvalidSignatureException', { message: "Credential should be scoped to correct service: 'execute-api'. " });
  }
  const authn = ctx.auth.authenticate(req, 'execute-api');
  if (!authn.ok) {
    const { code, message, status } = authn.error;
    return refusal(status === 400 ? 400 : 403, ERROR_TYPES[code] ?? `${code}Exception`, { message });
  }
  const principal = authn.principal;
  const decision = ctx.auth.authorize(principal, 'execute-api:Invoke', methodArn);
  if (decision === 'allowed') return undefined;
  // API Gateway spells this body's key `Message`.
  const suffix = decision === 'explicitDeny' ? ' with an explicit deny' : '';
  return refusal(403, 'AccessDeniedException', {
    Message: `User: ${principal.arn} is not authorized to perform: execute-api:Invoke on resource: ${methodArn}${suffix}`,
  });
}
