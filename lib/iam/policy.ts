import { z } from 'zod';
import { parseJsonWithPositions, toJsonValue, type JsonNode, type Position } from './json-positions';

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const principalValue = z.union([z.string(), z.array(z.string()).min(1)]);

const principalSchema = z.union([
  z.literal('*'),
  z
    .object({
      AWS: principalValue.optional(),
      Service: principalValue.optional(),
      Federated: principalValue.optional(),
      CanonicalUser: principalValue.optional(),
    })
    .strict(),
]);

/** Condition values may be strings, numbers or booleans (`"Bool": {"aws:SecureTransport": false}`). */
const conditionScalar = z.union([z.string(), z.number(), z.boolean()]);
const conditionSchema = z.record(z.string(), z.record(z.string(), z.union([conditionScalar, z.array(conditionScalar)])));

export const policyStatementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: principalSchema.optional(),
    NotPrincipal: principalSchema.optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Condition: conditionSchema.optional(),
  })
  .strict();

export const policyDocumentSchema = z
  .object({
    Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
    Id: z.string().optional(),
    Statement: z.union([policyStatementSchema, z.array(policyStatementSchema).min(1)]),
  })
  .strict();

export type PolicyStatementJson = z.infer<typeof policyStatementSchema>;
export type PolicyDocumentJson = z.infer<typeof policyDocumentSchema>;

export type Principals = '*' | { AWS: string[]; Service: string[]; Federated: string[]; CanonicalUser: string[] };

/** A condition block entry, e.g. `"ForAnyValue:StringLike": {"aws:TagKeys": ["env*"]}` → one ConditionEntry per key. */
export type ConditionEntry = { operator: string; key: string; values: string[] };

/** A statement with every string-or-list element normalised to a list and its place in the policy text. */
export type PolicyStatement = {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: Principals;
  notPrincipal?: Principals;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionEntry[];
  start: Position;
  end: Position;
};

export type PolicyDocument = { version?: string; id?: string; statements: PolicyStatement[] };

export type PolicyParseResult = { ok: true; policy: PolicyDocument } | { ok: false; error: string };

const asList = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

function normalisePrincipal(p: PolicyStatementJson['Principal']): Principals | undefined {
  if (p === undefined) return undefined;
  if (p === '*') return '*';
  return {
    AWS: asList(p.AWS) ?? [],
    Service: asList(p.Service) ?? [],
    Federated: asList(p.Federated) ?? [],
    CanonicalUser: asList(p.CanonicalUser) ?? [],
  };
}

/**
 * Parses an IAM policy document (identity, trust or resource policy). Checks JSON syntax and the grammar of the
 * policy language; whether the elements fit the policy's *kind* is checked by {@link validateIdentityPolicy} and
 * {@link validateTrustPolicy}. Errors use IAM's MalformedPolicyDocument wording.
 */
export function parsePolicyDocument(text: string): PolicyParseResult {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return { ok: false, error: 'This policy contains invalid Json' };
  const result = policyDocumentSchema.safeParse(toJsonValue(parsed.node));
  if (!result.success) return { ok: false, error: 'Syntax errors in policy.' };
  const doc = result.data;

  const statementNodes = statementNodesOf(parsed.node);
  const statementsJson = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const sids = statementsJson.map((s) => s.Sid).filter((sid): sid is string => sid !== undefined && sid !== '');
  if (new Set(sids).size !== sids.length) return { ok: false, error: 'Statement IDs (SID) in a single policy must be unique.' };
  const statements: PolicyStatement[] = [];
  for (const [index, s] of statementsJson.entries()) {
    if (s.Action !== undefined && s.NotAction !== undefined) return { ok: false, error: 'Syntax errors in policy.' };
    if (s.Resource !== undefined && s.NotResource !== undefined) return { ok: false, error: 'Syntax errors in policy.' };
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) return { ok: false, error: 'Syntax errors in policy.' };
    if (s.Action === undefined && s.NotAction === undefined) {
      return { ok: false, error: 'Policy statement must contain actions.' };
    }
    for (const action of [...(asList(s.Action) ?? []), ...(asList(s.NotAction) ?? [])]) {
      if (action !== '*' && !/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]*$/.test(action)) {
        return { ok: false, error: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' };
      }
    }
    for (const resource of [...(asList(s.Resource) ?? []), ...(asList(s.NotResource) ?? [])]) {
      if (resource !== '*' && !resource.startsWith('arn:')) {
        return { ok: false, error: `Resource ${resource} must be in ARN format or "*".` };
      }
    }
    const conditions: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) {
        conditions.push({ operator, key, values: (Array.isArray(value) ? value : [value]).map(String) });
      }
    }
    const node = statementNodes[index];
    const principal = normalisePrincipal(s.Principal);
    const notPrincipal = normalisePrincipal(s.NotPrincipal);
    statements.push({
      index,
      ...(s.Sid !== undefined ? { sid: s.Sid } : {}),
      effect: s.Effect,
      ...(principal ? { principal } : {}),
      ...(notPrincipal ? { notPrincipal } : {}),
      ...(s.Action !== undefined ? { action: asList(s.Action) } : {}),
      ...(s.NotAction !== undefined ? { notAction: asList(s.NotAction) } : {}),
      ...(s.Resource !== undefined ? { resource: asList(s.Resource) } : {}),
      ...(s.NotResource !== undefined ? { notResource: asList(s.NotResource) } : {}),
      conditions,
      start: node?.start ?? { line: 1, column: 1 },
      end: node?.end ?? { line: 1, column: 1 },
    });
  }
  return {
    ok: true,
    policy: {
      ...(doc.Version !== undefined ? { version: doc.Version } : {}),
      ...(doc.Id !== undefined ? { id: doc.Id } : {}),
      statements,
    },
  };
}

function statementNodesOf(root: JsonNode): JsonNode[] {
  if (root.kind !== 'object') return [];
  const entry = root.entries.findLast((e) => e.key === 'Statement');
  if (!entry) return [];
  return entry.value.kind === 'array' ? entry.value.items : [entry.value];
}

/** IAM's extra rules for identity-based policies (inline role policies, managed policies). Returns an error message or null. */
export function validateIdentityPolicy(policy: PolicyDocument): string | null {
  for (const s of policy.statements) {
    if (s.principal || s.notPrincipal) return 'Policy document should not specify a principal.';
    if (!s.resource && !s.notResource) return 'Policy statement must contain resources.';
  }
  return null;
}

/** IAM's extra rules for role trust policies (AssumeRolePolicyDocument). Returns an error message or null. */
export function validateTrustPolicy(policy: PolicyDocument): string | null {
  for (const s of policy.statements) {
    if (s.resource || s.notResource) return 'Has prohibited field Resource';
    if (!s.principal && !s.notPrincipal) return 'Missing required field Principal';
    for (const a of s.action ?? s.notAction ?? []) {
      if (!/^sts:/i.test(a) && a !== '*') return 'AssumeRole policy may only specify STS AssumeRole actions.';
    }
  }
  return null;
}
