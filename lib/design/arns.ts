import type { IntegrationDesign, QueueEncryption } from './schema';

/** The queue's ARN: `arn:aws:sqs:{region}:{account}:{name}`. */
export function queueArn(d: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>): string {
  return `arn:aws:sqs:${d.region}:${d.accountId}:${d.queue.name}`;
}

/** The queue URL on AWS: `https://sqs.{region}.amazonaws.com/{account}/{name}`. */
export function awsQueueUrl(d: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>): string {
  return `https://sqs.${d.region}.amazonaws.com/${d.accountId}/${d.queue.name}`;
}

export function roleArn(d: Pick<IntegrationDesign, 'accountId' | 'executionRole'>): string {
  return d.executionRole.mode === 'existing' ? d.executionRole.roleArn : `arn:aws:iam::${d.accountId}:role/${d.executionRole.roleName}`;
}

export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The AWS managed key for SQS needs no IAM KMS permissions for same-account callers (aws-reference E). */
export function isCustomerManagedKey(enc: QueueEncryption): enc is QueueEncryption & { type: 'kms' } {
  return enc.type === 'kms' && enc.kmsKeyId !== 'alias/aws/sqs' && !enc.kmsKeyId.endsWith(':alias/aws/sqs');
}

/**
 * What to put in an IAM policy's Resource for a KMS key. KMS authorizes key operations against the key ARN, never
 * the alias ARN, so an alias is expressed as "any key of the account" narrowed by a kms:ResourceAliases condition.
 */
export function kmsPolicyTarget(
  d: Pick<IntegrationDesign, 'region' | 'accountId'>,
  kmsKeyId: string,
): { resource: string; condition?: Record<string, Record<string, string>> } {
  if (kmsKeyId.startsWith('arn:') && kmsKeyId.includes(':key/')) return { resource: kmsKeyId };
  if (kmsKeyId.startsWith('arn:') && kmsKeyId.includes(':alias/')) {
    const [, , , region, account, rest] = kmsKeyId.split(':');
    return {
      resource: `arn:aws:kms:${region}:${account}:key/*`,
      condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': (rest ?? '') } },
    };
  }
  if (kmsKeyId.startsWith('alias/')) {
    return {
      resource: `arn:aws:kms:${d.region}:${d.accountId}:key/*`,
      condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': kmsKeyId } },
    };
  }
  return { resource: `arn:aws:kms:${d.region}:${d.accountId}:key/${kmsKeyId}` };
}

/** The integration `uri`: `arn:aws:apigateway:{region}:{subdomain.}sqs:path/{override}` or `…:action/{action}`. */
export function integrationUri(d: Pick<IntegrationDesign, 'region' | 'integration'>): string {
  const service = d.integration.subdomain ? `${d.integration.subdomain}.sqs` : 'sqs';
  return d.integration.actionType === 'pathOverride'
    ? `arn:aws:apigateway:${d.region}:${service}:path/${d.integration.pathOverride}`
    : `arn:aws:apigateway:${d.region}:${service}:action/${d.integration.action}`;
}
