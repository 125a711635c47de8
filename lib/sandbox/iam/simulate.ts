import 'server-only';
import type { Database } from 'libsql';
import { z } from 'zod';
import { evaluatePolicies, intersectEvaluations, parsePolicyDocument, type EvaluationResult, type MatchedStatement, type PolicyInput } from '@/lib/iam';
import { el, node, type XmlNode } from '@/lib/sandbox/http';
import type { IamOperation, IamOperationEnv } from './operation';
import { memberList, memberStructs, members, QueryError, requireParam, stringMembers, validationError } from './query';
import { paginate } from './roles';
import * as store from './store';
import { emptyRecord } from '@/lib/records';

const CONTEXT_KEY_TYPES = [
  'string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList',
  'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList',
] as const;

const contextEntrySchema = z.object({
  ContextKeyName: z.string().min(5).max(256),
  ContextKeyValues: z.union([z.array(z.string()), z.string().transform((v) => [v])]).default([]),
  ContextKeyType: z.enum(CONTEXT_KEY_TYPES),
});

function readContext(params: URLSearchParams): Record<string, string[]> {
  const context = emptyRecord<string[]>();
  for (const raw of memberStructs(params, 'ContextEntries')) {
    const parsed = contextEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const type = typeof raw.ContextKeyType === 'string' ? raw.ContextKeyType : null;
      if (type !== null && !(CONTEXT_KEY_TYPES as readonly string[]).includes(type)) {
        throw validationError(type, 'contextEntries.member.contextKeyType', `Member must satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]`);
      }
      throw new QueryError('InvalidInput', 'Each context entry needs a ContextKeyName and a ContextKeyType.', 400);
    }
    context[parsed.data.ContextKeyName] = parsed.data.ContextKeyValues;
  }
  return context;
}

function readPolicyList(params: URLSearchParams, listName: string, type: PolicyInput['type']): PolicyInput[] {
  return memberList(params, listName).map((document, i) => {
    const parsed = parsePolicyDocument(document);
    if (!parsed.ok) throw new QueryError('MalformedPolicyDocument', parsed.error, 400);
    return { id: `${listName}.${i + 1}`, type, document };
  });
}

function readActionNames(params: URLSearchParams): string[] {
  const actions = memberList(params, 'ActionNames');
  if (actions.length === 0) throw validationError(null, 'actionNames', 'Member must not be null');
  for (const action of actions) {
    if (action !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) {
      throw new QueryError('InvalidInput', `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid action: ${action}`, 400);
    }
  }
  return actions;
}

/** AWS prints PolicyInputList entries as SourcePolicyType `none`; everything else keeps its type. */
function matchedStatementXml(s: MatchedStatement): XmlNode[] {
  return [
    el('SourcePolicyId', s.sourcePolicyId),
    el('SourcePolicyType', s.sourcePolicyType === 'inline' ? 'none' : s.sourcePolicyType),
    node('StartPosition', [el('Line', s.startPosition.line), el('Column', s.startPosition.column)]),
    node('EndPosition', [el('Line', s.endPosition.line), el('Column', s.endPosition.column)]),
  ];
}

type Simulation = {
  action: string;
  resource: string;
  result: EvaluationResult;
  boundary?: EvaluationResult;
};

function simulate(
  identity: PolicyInput[],
  boundary: PolicyInput[],
  actions: string[],
  resources: string[],
  context: Record<string, string[]>,
): Simulation[] {
  const out: Simulation[] = [];
  for (const action of actions) {
    for (const resource of resources) {
      const result = evaluatePolicies(identity, { action, resource, context });
      if (boundary.length === 0) {
        out.push({ action, resource, result });
        continue;
      }
      const bounded = evaluatePolicies(boundary, { action, resource, context });
      out.push({
        action,
        resource,
        result: intersectEvaluations(result, bounded),
        boundary: bounded,
      });
    }
  }
  return out;
}

function evaluationResultsXml(simulations: Simulation[], params: URLSearchParams, resourcesGiven: boolean): XmlNode[] {
  const page = paginate(simulations, params);
  const results = page.items.map(({ action, resource, result, boundary }) => {
    const matched = members('MatchedStatements', result.matchedStatements.map(matchedStatementXml));
    const missing = stringMembers('MissingContextValues', result.missingContextValues);
    const children: XmlNode[] = [el('EvalActionName', action), el('EvalResourceName', resource), el('EvalDecision', result.decision), matched, missing];
    if (boundary) {
      children.push(node('PermissionsBoundaryDecisionDetail', [el('AllowedByPermissionsBoundary', boundary.decision === 'allowed')]));
    }
    if (resourcesGiven) {
      children.push(
        members('ResourceSpecificResults', [
          [el('EvalResourceName', resource), el('EvalResourceDecision', result.decision), matched, missing],
        ]),
      );
    }
    return children;
  });
  return [
    members('EvaluationResults', results),
    el('IsTruncated', page.isTruncated),
    ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
  ];
}

function roleForSourceArn(db: Database, arn: string): store.Role {
  const m = /^arn:aws:iam::(\d{12}):(role|user|group)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/.exec(arn);
  if (!m) throw new QueryError('InvalidInput', `Invalid ARN ${arn}: PolicySourceArn must be the ARN of an IAM user, group or role.`, 400);
  const kind = m[2]!;
  const name = m[4]!;
  if (kind !== 'role') throw new QueryError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);
  const role = store.getRole(db, name);
  if (!role || role.arn !== arn) throw new QueryError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  return role;
}

function runSimulation(env: IamOperationEnv, identity: PolicyInput[], roleBoundary: PolicyInput[] = []): XmlNode[] {
  const { params } = env;
  const actions = readActionNames(params);
  const resourceArns = memberList(params, 'ResourceArns');
  const context = readContext(params);
  // A boundary given in the request replaces the role's own (IAM API reference SimulatePrincipalPolicy).
  const given = readPolicyList(params, 'PermissionsBoundaryPolicyInputList', 'inline');
  const boundary = given.length > 0 ? given : roleBoundary;
  const resourcePolicy = params.get('ResourcePolicy');
  const all = [...identity];
  if (resourcePolicy !== null) {
    if (!parsePolicyDocument(resourcePolicy).ok) throw new QueryError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
    all.push({ id: 'ResourcePolicy', type: 'resource', document: resourcePolicy });
  }
  const resources = resourceArns.length > 0 ? resourceArns : ['*'];
  return evaluationResultsXml(simulate(all, boundary, actions, resources, context), params, resourceArns.length > 0);
}

export const simulateOperations: Record<string, IamOperation> = {
  SimulatePrincipalPolicy: {
    resource: (params) => params.get('PolicySourceArn') ?? '*',
    run(env) {
      const role = roleForSourceArn(env.db, requireParam(env.params, 'PolicySourceArn'));
      const identity = [...store.rolePolicyInputs(env.db, role.roleName), ...readPolicyList(env.params, 'PolicyInputList', 'inline')];
      const boundary = store.roleBoundaryInputs(env.db, role).map((p) => ({ ...p, type: 'user-managed' as const }));
      return runSimulation(env, identity, boundary);
    },
  },
  SimulateCustomPolicy: {
    resource: () => '*',
    run(env) {
      const identity = readPolicyList(env.params, 'PolicyInputList', 'inline');
      if (identity.length === 0) throw validationError(null, 'policyInputList', 'Member must not be null');
      return runSimulation(env, identity);
    },
  },
};
