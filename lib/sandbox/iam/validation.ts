import 'server-only';
import { parsePolicyDocument, validateIdentityPolicy, validateTrustPolicy, type PolicyDocument } from '@/lib/iam';
import { QueryError, validationError } from './query';

const NAME_PATTERN = /^[\w+=,.@-]+$/;

/** A managed policy ARN (customer-managed or `aws`), as IAM accepts it; InvalidInput otherwise. */
export function assertPolicyArn(arn: string): void {
  if (!POLICY_ARN.test(arn)) throw new QueryError('InvalidInput', `ARN ${arn} is not valid.`, 400);
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

/** Role, policy and session names: `[\w+=,.@-]+`, 1..max characters (IAM API reference). */
export function validateName(value: string, field: string, max: number): void {
  if (value.length < 1) throw validationError(value, field, 'Member must have length greater than or equal to 1');
  if (value.length > max) throw validationError(value, field, `Member must have length less than or equal to ${max}`);
  if (!NAME_PATTERN.test(value)) throw validationError(value, field, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
}

export function validatePath(path: string): void {
  if (path.length > 512) throw validationError(path, 'path', 'Member must have length less than or equal to 512');
  if (path !== '/' && !/^\/[\u0021-\u007E]+\/$/.test(path)) {
    throw new QueryError(
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
      400,
    );
  }
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|role\/.+|user\/.+)|arn:aws:sts::\d{12}:assumed-role\/.+)$/;

/**
 * Parses an AssumeRolePolicyDocument. Throws MalformedPolicyDocument with IAM's messages. `roleExists` lets it reject a
 * principal naming a role that does not exist, as IAM does (`Invalid principal in policy`).
 */
export function parseTrustPolicyOrThrow(text: string, roleExists: (arn: string) => boolean): PolicyDocument {
  if (text.length > 2048) throw new QueryError('LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048', 409);
  const policy = parseOrThrow(text);
  const problem = validateTrustPolicy(policy);
  if (problem) throw new QueryError('MalformedPolicyDocument', problem, 400);
  for (const s of policy.statements) {
    for (const p of [s.principal, s.notPrincipal]) {
      if (p === undefined || p === '*') continue;
      for (const service of p.Service) {
        if (!SERVICE_PRINCIPAL.test(service)) {
          throw new QueryError('MalformedPolicyDocument', `Invalid principal in policy: "SERVICE":"${service}"`, 400);
        }
      }
      for (const aws of p.AWS) {
        const isMissingRole = /^arn:aws:iam::\d{12}:role\//.test(aws) && !roleExists(aws);
        if (!AWS_PRINCIPAL.test(aws) || isMissingRole) {
          throw new QueryError('MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${aws}"`, 400);
        }
      }
    }
  }
  return policy;
}

/** Parses an identity-based policy (inline or managed). Throws MalformedPolicyDocument with IAM's messages. */
export function parseIdentityPolicyOrThrow(text: string, maxLength: number): PolicyDocument {
  if (text.length > maxLength) {
    throw new QueryError('LimitExceeded', `Maximum policy size of ${maxLength} bytes exceeded for role`, 409);
  }
  const policy = parseOrThrow(text);
  const problem = validateIdentityPolicy(policy);
  if (problem) throw new QueryError('MalformedPolicyDocument', problem, 400);
  return policy;
}

function parseOrThrow(text: string): PolicyDocument {
  const parsed = parsePolicyDocument(text);
  if (!parsed.ok) throw new QueryError('MalformedPolicyDocument', parsed.error, 400);
  return parsed.policy;
}
