import { evaluateConditions, type RequestContext } from './conditions';
import type { Position } from './json-positions';
import { parsePolicyDocument, type PolicyStatement, type Principals } from './policy';
import { actionMatches, arnMatches } from './wildcard';

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** SimulatePrincipalPolicy's PolicySourceType values, plus `inline` for policies passed in PolicyInputList. */
export type PolicySourceType = 'role' | 'user' | 'aws-managed' | 'user-managed' | 'resource' | 'inline';

export type PolicyInput = { id: string; type: PolicySourceType; document: string };

/** Who is acting, for statements that name a Principal (trust and resource policies). */
export type PrincipalIdentity = { service?: string; arn?: string; accountId?: string };

export type EvaluationRequest = {
  action: string;
  resource: string;
  context?: RequestContext;
  /** Only needed when a policy has Principal/NotPrincipal; statements naming a principal are skipped without it. */
  principal?: PrincipalIdentity;
  /**
   * `direct`: an Allow counts only when it names the caller itself (its ARN, its role, `*`), not its account. Within one
   * account, a resource policy that names the account delegates to the identity policies instead of granting (IAM-UG
   * "cross-account policy evaluation logic"); Deny statements always match the account too.
   */
  allowMatch?: 'any' | 'direct';
};

export type MatchedStatement = {
  sourcePolicyId: string;
  sourcePolicyType: PolicySourceType;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  startPosition: Position;
  endPosition: Position;
};

export type EvaluationResult = {
  decision: EvalDecision;
  /** The statements that decided: the matching Deny statements for explicitDeny, the matching Allows for allowed. */
  matchedStatements: MatchedStatement[];
  /** Condition keys referenced by otherwise-applicable statements that the context lacked. */
  missingContextValues: string[];
  /** Policies that could not be parsed; they contribute nothing to the decision. */
  invalidPolicies: { id: string; error: string }[];
  /** Condition operators that were not understood (the condition was treated as not matching). */
  unknownOperators: string[];
};

const parsedCache = new Map<string, ReturnType<typeof parsePolicyDocument>>();

function parseCached(document: string): ReturnType<typeof parsePolicyDocument> {
  let parsed = parsedCache.get(document);
  if (!parsed) {
    parsed = parsePolicyDocument(document);
    if (parsedCache.size > 500) parsedCache.clear();
    parsedCache.set(document, parsed);
  }
  return parsed;
}

/**
 * IAM's evaluation logic for one request over a set of policies (IAM-UG `reference_policies_evaluation-logic.md`):
 * any applicable Deny → explicitDeny; otherwise any applicable Allow → allowed; otherwise implicitDeny.
 * Pure: no I/O, safe in the browser.
 */
export function evaluatePolicies(policies: PolicyInput[], request: EvaluationRequest): EvaluationResult {
  const context = request.context ?? {};
  const allows: MatchedStatement[] = [];
  const denies: MatchedStatement[] = [];
  const missing = new Set<string>();
  const unknownOperators = new Set<string>();
  const invalidPolicies: { id: string; error: string }[] = [];

  for (const input of policies) {
    const parsed = parseCached(input.document);
    if (!parsed.ok) {
      invalidPolicies.push({ id: input.id, error: parsed.error });
      continue;
    }
    for (const statement of parsed.policy.statements) {
      if (!statementApplies(statement, request)) continue;
      const conditions = evaluateConditions(statement.conditions, context);
      for (const key of conditions.missingKeys) missing.add(key);
      for (const op of conditions.unknownOperators) unknownOperators.add(op);
      if (!conditions.matches) continue;
      const matched: MatchedStatement = {
        sourcePolicyId: input.id,
        sourcePolicyType: input.type,
        statementIndex: statement.index,
        ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
        effect: statement.effect,
        startPosition: statement.start,
        endPosition: statement.end,
      };
      (statement.effect === 'Deny' ? denies : allows).push(matched);
    }
  }

  const decision: EvalDecision = denies.length > 0 ? 'explicitDeny' : allows.length > 0 ? 'allowed' : 'implicitDeny';
  return {
    decision,
    matchedStatements: decision === 'explicitDeny' ? denies : decision === 'allowed' ? allows : [],
    missingContextValues: [...missing],
    invalidPolicies,
    unknownOperators: [...unknownOperators],
  };
}

function statementApplies(s: PolicyStatement, request: EvaluationRequest): boolean {
  if (s.principal !== undefined || s.notPrincipal !== undefined) {
    if (!request.principal) return false;
    const direct = request.allowMatch === 'direct' && s.effect === 'Allow';
    if (s.principal !== undefined && !principalMatches(s.principal, request.principal, direct)) return false;
    if (s.notPrincipal !== undefined && principalMatches(s.notPrincipal, request.principal, false)) return false;
  }
  if (s.action && !s.action.some((p) => actionMatches(p, request.action))) return false;
  if (s.notAction && s.notAction.some((p) => actionMatches(p, request.action))) return false;
  if (s.resource && !s.resource.some((p) => arnMatches(p, request.resource))) return false;
  if (s.notResource && s.notResource.some((p) => arnMatches(p, request.resource))) return false;
  return true;
}

const ACCOUNT_ID = /^\d{12}$/;

function accountOf(who: PrincipalIdentity): string | undefined {
  if (who.accountId) return who.accountId;
  return who.arn?.split(':')[4] || undefined;
}

/** `arn:aws:sts::1:assumed-role/R/s` acts as role R: a policy naming `arn:aws:iam::1:role/R` (any path) covers it. */
function roleNameOfSession(arn: string): { account: string; roleName: string } | null {
  const m = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? { account: m[1]!, roleName: m[2]! } : null;
}

function awsPrincipalMatches(value: string, who: PrincipalIdentity, direct: boolean): boolean {
  if (value === '*') return true;
  const account = accountOf(who);
  // The account's root user is named directly by the account principal; anyone else only through their account.
  if (ACCOUNT_ID.test(value)) return account === value && (!direct || who.arn === `arn:aws:iam::${value}:root`);
  const root = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(value);
  if (root) return account === root[1] && (!direct || who.arn === value);
  if (!who.arn) return false;
  if (value === who.arn) return true;
  const session = roleNameOfSession(who.arn);
  const role = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  return session !== null && role !== null && session.account === role[1] && session.roleName === role[2];
}

function principalMatches(principals: Principals, who: PrincipalIdentity, direct: boolean): boolean {
  if (principals === '*') return true;
  if (who.service && principals.Service.some((s) => s === '*' || s.toLowerCase() === who.service!.toLowerCase())) {
    return true;
  }
  if (who.service) return principals.AWS.includes('*');
  return principals.AWS.some((v) => awsPrincipalMatches(v, who, direct));
}

/**
 * Whether a role's trust policy lets `principal` perform `action` (default `sts:AssumeRole`). `context` supplies
 * condition keys such as `aws:SourceAccount` / `aws:SourceArn` (confused-deputy protection, aws-reference E).
 */
export function trustPolicyAllows(
  document: string,
  principal: PrincipalIdentity,
  action = 'sts:AssumeRole',
  context: RequestContext = {},
  allowMatch: 'any' | 'direct' = 'any',
): boolean {
  const result = evaluatePolicies([{ id: 'AssumeRolePolicyDocument', type: 'resource', document }], {
    action,
    resource: '*',
    context,
    principal,
    allowMatch,
  });
  return result.decision === 'allowed';
}

/**
 * The AccessDenied text AWS prints for an identity-policy denial (aws-reference C.3, E); AWS lower-cases the action.
 */
export function notAuthorizedMessage(principalArn: string, action: string, resource: string, decision: EvalDecision): string {
  return deniedMessage(principalArn, action, resource, decision === 'explicitDeny' ? 'identity-explicit' : 'identity-implicit');
}

/** Which policy kind decided a denial, for AWS's AccessDenied wording. */
export type DenialReason = 'identity-explicit' | 'resource-explicit' | 'identity-implicit' | 'resource-implicit';

export type CombinedDecision = { decision: EvalDecision; reason?: DenialReason };

/**
 * Identity-based and resource-based policies together (IAM-UG `reference_policies_evaluation-logic.md`, "cross-account
 * policy evaluation logic"): an explicit Deny in either wins; within one account an Allow from either suffices; across
 * accounts both the caller's identity policies and the resource policy must allow. `identity` is `allowed` for an
 * account's root, which identity policies cannot restrict.
 */
export function combineIdentityAndResource(identity: EvalDecision, resource: EvalDecision, sameAccount: boolean): CombinedDecision {
  if (identity === 'explicitDeny') return { decision: 'explicitDeny', reason: 'identity-explicit' };
  if (resource === 'explicitDeny') return { decision: 'explicitDeny', reason: 'resource-explicit' };
  if (sameAccount) {
    return identity === 'allowed' || resource === 'allowed' ? { decision: 'allowed' } : { decision: 'implicitDeny', reason: 'identity-implicit' };
  }
  if (identity !== 'allowed') return { decision: 'implicitDeny', reason: 'identity-implicit' };
  return resource === 'allowed' ? { decision: 'allowed' } : { decision: 'implicitDeny', reason: 'resource-implicit' };
}

/** Evaluates one resource-based policy (e.g. an SQS queue's `Policy`) for a principal. */
export function evaluateResourcePolicy(document: string, request: EvaluationRequest & { principal: PrincipalIdentity }): EvaluationResult {
  return evaluatePolicies([{ id: 'Policy', type: 'resource', document }], request);
}

/** AWS's AccessDenied text for a denial from identity or resource policies; the action is lower-cased as SQS prints it. */
export function deniedMessage(principalArn: string, action: string, resource: string, reason: DenialReason): string {
  const a = action.toLowerCase();
  const head = `User: ${principalArn} is not authorized to perform: ${a} on resource: ${resource}`;
  switch (reason) {
    case 'identity-explicit':
      return `${head} with an explicit deny in an identity-based policy`;
    case 'resource-explicit':
      return `${head} with an explicit deny in a resource-based policy`;
    case 'identity-implicit':
      return `${head} because no identity-based policy allows the ${a} action`;
    case 'resource-implicit':
      return `${head} because no resource-based policy allows the ${a} action`;
  }
}

/**
 * Policies that cap what identity policies grant — a permissions boundary, session policies (IAM-UG evaluation
 * logic): the request is allowed only when every set allows; a Deny in any wins. Matched statements and missing
 * context keys are reported as for one set.
 */
export function intersectEvaluations(identity: EvaluationResult, ...caps: EvaluationResult[]): EvaluationResult {
  const all = [identity, ...caps];
  const missingContextValues = [...new Set(all.flatMap((r) => r.missingContextValues))];
  if (all.some((r) => r.decision === 'explicitDeny')) {
    return {
      ...identity,
      decision: 'explicitDeny',
      matchedStatements: all.flatMap((r) => r.matchedStatements).filter((s) => s.effect === 'Deny'),
      missingContextValues,
    };
  }
  if (all.every((r) => r.decision === 'allowed')) return { ...identity, missingContextValues };
  return { ...identity, decision: 'implicitDeny', matchedStatements: [], missingContextValues };
}
