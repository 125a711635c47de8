import { isCustomerManagedKey, kmsPolicyTarget, queueArn } from './arns';
import type { IntegrationDesign } from './schema';

export type PolicyStatement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
};
export type PolicyDocument = { Version: '2012-10-17'; Statement: PolicyStatement[] };

/** Trust policy that lets API Gateway assume the execution role (aws-reference E). */
export function apiGatewayTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
  };
}

/**
 * The least-privilege inline policy: sqs:SendMessage on this queue only, plus kms:GenerateDataKey and kms:Decrypt
 * on the key when the queue uses a customer-managed KMS key (AWS Knowledge Center, "KMS.AccessDeniedException").
 */
export function leastPrivilegePolicy(d: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>): PolicyDocument {
  const statements: PolicyStatement[] = [{ Sid: 'SendToQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queueArn(d)] }];
  if (isCustomerManagedKey(d.queue.encryption)) {
    const target = kmsPolicyTarget(d, d.queue.encryption.kmsKeyId);
    statements.push({
      Sid: 'UseQueueKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [target.resource],
      ...(target.condition ? { Condition: target.condition } : {}),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The inline policy document a design will put on the role: the user's edited one, or the derived least-privilege one. */
export function executionRolePolicyDocument(d: IntegrationDesign): string {
  if (d.executionRole.mode === 'create' && d.executionRole.policyDocument !== undefined) return d.executionRole.policyDocument;
  return JSON.stringify(leastPrivilegePolicy(d), null, 2);
}

export const INLINE_POLICY_NAME = 'sluice-sqs-send';
