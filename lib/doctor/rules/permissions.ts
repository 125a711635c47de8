/** The execution role may not send to the queue or use its KMS key: AccessDenied, KMS.AccessDeniedException. */
import { executionRolePolicyDocument, isCustomerManagedKey, kmsPolicyTarget, leastPrivilegePolicy, queueArn, type IntegrationDesign } from '@/lib/design';
import { evaluatePolicies } from '@/lib/iam';
import { type JsonValue } from '../types';
import { type Rule, finding } from './analysis';

function parsedPolicy(d: IntegrationDesign): { Version?: string; Statement?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(executionRolePolicyDocument(d));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { Statement?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** The policy with `statements` added, or the least-privilege policy when the user's cannot be extended. */
function policyWith(d: IntegrationDesign, statements: JsonValue[], replace: boolean): string {
  const current = parsedPolicy(d);
  if (replace || !current) return JSON.stringify(leastPrivilegePolicy(d), null, 2);
  const existing = Array.isArray(current.Statement) ? (current.Statement as JsonValue[]) : current.Statement ? [current.Statement as JsonValue] : [];
  // IAM refuses a policy with two statements of one Sid: a statement with the added one's Sid is replaced, not repeated.
  const sidOf = (st: JsonValue): string | undefined => (st !== null && typeof st === 'object' && !Array.isArray(st) && typeof st.Sid === 'string' ? st.Sid : undefined);
  const added = new Set(statements.map(sidOf).filter((x) => x !== undefined));
  const kept = existing.filter((st) => !added.has(sidOf(st) ?? ''));
  return JSON.stringify({ ...current, Version: current.Version ?? '2012-10-17', Statement: [...kept, ...statements] }, null, 2);
}

export const accessDeniedPolicy: Rule = (a) => {
  const d = a.design;
  if (d.executionRole?.mode !== 'create') return [];
  const arn = queueArn(d);
  const result = evaluatePolicies([{ id: 'inline', type: 'inline', document: executionRolePolicyDocument(d) }], { action: 'sqs:SendMessage', resource: arn });
  if (result.decision === 'allowed') return [];
  const invalid = result.invalidPolicies[0]?.error;
  const statement = leastPrivilegePolicy(d).Statement[0]! as unknown as JsonValue;
  return [
    finding(
      'access-denied-policy',
      'error',
      ['executionRole', 'policyDocument'],
      `The execution role may not call sqs:SendMessage on ${arn}`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "AccessDenied": this error occurs when the API integration execution role doesn't have the sqs:SendMessage permission on the queue. ` +
        (invalid
          ? `The policy document cannot be used: ${invalid}.`
          : result.decision === 'explicitDeny'
            ? 'A Deny statement in the policy matches sqs:SendMessage on this queue, and a Deny always wins.'
            : 'No statement of the policy allows sqs:SendMessage on this queue\'s ARN.'),
      {
        description: result.decision === 'explicitDeny' || invalid ? 'Replace the policy with the least-privilege policy (sqs:SendMessage on this queue).' : 'Add a statement allowing sqs:SendMessage on this queue.',
        patch: [{ op: 'set', path: ['executionRole', 'policyDocument'], value: policyWith(d, [statement], result.decision === 'explicitDeny' || invalid !== undefined) }],
      },
      `IAM decision for sqs:SendMessage on ${arn}: ${result.decision}`,
    ),
  ];
};

export const kmsAccessDenied: Rule = (a) => {
  const d = a.design;
  const enc = d.queue?.encryption;
  if (!enc || !isCustomerManagedKey(enc) || d.executionRole?.mode !== 'create') return [];
  const target = kmsPolicyTarget(d, enc.kmsKeyId);
  // An alias is authorized against the key it names: evaluate on a key of the account carrying that alias.
  const alias = enc.kmsKeyId.includes('alias/') ? enc.kmsKeyId.slice(enc.kmsKeyId.indexOf('alias/')) : undefined;
  const resource = target.resource.endsWith('key/*') ? target.resource.replace(/\*$/, '00000000-0000-0000-0000-000000000000') : target.resource;
  const denied = ['kms:GenerateDataKey', 'kms:Decrypt'].filter(
    (action) =>
      evaluatePolicies([{ id: 'inline', type: 'inline', document: executionRolePolicyDocument(d) }], {
        action,
        resource,
        ...(alias ? { context: { 'kms:ResourceAliases': [alias] } } : {}),
      }).decision !== 'allowed',
  );
  if (denied.length === 0) return [];
  const kmsStatement = leastPrivilegePolicy(d).Statement.find((s) => s.Action.includes('kms:GenerateDataKey'));
  return [
    finding(
      'kms-access-denied',
      'error',
      ['executionRole', 'policyDocument'],
      `The execution role lacks ${denied.join(' and ')} on the queue's KMS key`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "KMS.AccessDeniedException": the queue is encrypted with a customer-managed KMS key (${enc.kmsKeyId}), so sending needs kms:GenerateDataKey and kms:Decrypt on that key; ` +
        `the role's policy does not allow ${denied.join(' and ')}. (The key's own key policy must allow the role too; Sluice cannot check that here.)`,
      kmsStatement
        ? { description: 'Add a statement allowing kms:GenerateDataKey and kms:Decrypt on the queue key.', patch: [{ op: 'set', path: ['executionRole', 'policyDocument'], value: policyWith(d, [kmsStatement as unknown as JsonValue], false) }] }
        : undefined,
    ),
  ];
};
