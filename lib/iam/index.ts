/**
 * IAM policy language: parsing, validation and evaluation. Pure TypeScript (no I/O), shared by the sandbox's IAM/STS
 * and the design doctor in the browser.
 */
export {
  parsePolicyDocument,
  validateIdentityPolicy,
  validateTrustPolicy,
  type ConditionEntry,
  type PolicyDocument,
  type PolicyParseResult,
  type PolicyStatement,
  type Principals,
} from './policy';
export {
  combineIdentityAndResource,
  deniedMessage,
  evaluatePolicies,
  evaluateResourcePolicy,
  intersectEvaluations,
  type CombinedDecision,
  type DenialReason,
  notAuthorizedMessage,
  trustPolicyAllows,
  type EvalDecision,
  type EvaluationRequest,
  type EvaluationResult,
  type MatchedStatement,
  type PolicyInput,
  type PolicySourceType,
  type PrincipalIdentity,
} from './evaluate';
export { evaluateConditions, type ConditionOutcome, type RequestContext } from './conditions';
export { actionMatches, arnMatches, globMatch } from './wildcard';
export type { Position } from './json-positions';
