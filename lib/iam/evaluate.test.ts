import { describe, expect, it } from 'vitest';
import {
  evaluatePolicies,
  notAuthorizedMessage,
  parsePolicyDocument,
  trustPolicyAllows,
  validateIdentityPolicy,
  validateTrustPolicy,
  type PolicyInput,
} from '@/lib/iam';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const role = (document: string, id = 'send'): PolicyInput => ({ id, type: 'role', document });
const send = (resource = QUEUE, context?: Record<string, string[]>) => ({
  action: 'sqs:SendMessage',
  resource,
  ...(context ? { context } : {}),
});

describe('evaluatePolicies', () => {
  it('allows an action granted on the exact queue ARN and names the statement', () => {
    const result = evaluatePolicies([role(doc({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE] }))], send());
    expect(result.decision).toBe('allowed');
    expect(result.matchedStatements).toEqual([
      expect.objectContaining({ sourcePolicyId: 'send', sourcePolicyType: 'role', statementIndex: 0, effect: 'Allow' }),
    ]);
  });

  it('denies implicitly when no statement allows, with no matched statements', () => {
    const result = evaluatePolicies([role(doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: QUEUE }))], send());
    expect(result).toMatchObject({ decision: 'implicitDeny', matchedStatements: [] });
    expect(evaluatePolicies([], send()).decision).toBe('implicitDeny');
  });

  it('lets an explicit Deny in any policy win over an Allow, reporting the Deny', () => {
    const allow = role(doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }), 'allow-all');
    const deny = { id: 'guard', type: 'aws-managed' as const, document: doc({ Sid: 'NoSend', Effect: 'Deny', Action: 'sqs:SendMessage', Resource: QUEUE }) };
    const result = evaluatePolicies([allow, deny], send());
    expect(result.decision).toBe('explicitDeny');
    expect(result.matchedStatements).toEqual([expect.objectContaining({ sourcePolicyId: 'guard', sid: 'NoSend', effect: 'Deny' })]);
  });

  it('matches actions case-insensitively and with * and ? wildcards', () => {
    const allowed = (action: string) =>
      evaluatePolicies([role(doc({ Effect: 'Allow', Action: action, Resource: '*' }))], send()).decision;
    expect(allowed('SQS:sendmessage')).toBe('allowed');
    expect(allowed('sqs:Send*')).toBe('allowed');
    expect(allowed('sqs:*')).toBe('allowed');
    expect(allowed('*')).toBe('allowed');
    expect(allowed('sqs:SendMessag?')).toBe('allowed');
    expect(allowed('sqs:SendMessage?')).toBe('implicitDeny');
    expect(allowed('sqs:Receive*')).toBe('implicitDeny');
    expect(allowed('sns:SendMessage')).toBe('implicitDeny');
  });

  it('matches resource ARNs with wildcards, case-sensitively', () => {
    const decide = (pattern: string, arn = QUEUE) =>
      evaluatePolicies([role(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: pattern }))], send(arn)).decision;
    expect(decide('arn:aws:sqs:*:000000000000:orders*')).toBe('allowed');
    expect(decide('arn:aws:sqs:*:000000000000:orders*', 'arn:aws:sqs:eu-west-1:000000000000:orders-dlq.fifo')).toBe('allowed');
    expect(decide('arn:aws:sqs:*:000000000000:orders*', 'arn:aws:sqs:us-east-1:111111111111:orders')).toBe('implicitDeny');
    expect(decide('arn:aws:sqs:us-east-1:000000000000:order?')).toBe('allowed');
    expect(decide('arn:aws:sqs:us-east-1:000000000000:order?', 'arn:aws:sqs:us-east-1:000000000000:orderss')).toBe('implicitDeny');
    expect(decide('arn:aws:sqs:us-east-1:000000000000:Orders')).toBe('implicitDeny');
    expect(decide('arn:aws:sqs:us-east-?:000000000000:orders')).toBe('allowed');
    // In the resource part `*` crosses `/` and `:`; in the region part it does not cross `:`.
    expect(decide('arn:aws:execute-api:us-east-1:000000000000:*', 'arn:aws:execute-api:us-east-1:000000000000:a1/prod/POST/x:y')).toBe('allowed');
    expect(decide('arn:aws:sqs:*:orders')).toBe('implicitDeny');
    expect(decide('arn:aws:sqs:*')).toBe('allowed');
  });

  it('applies NotAction to everything except the listed actions', () => {
    const policy = role(doc({ Effect: 'Allow', NotAction: 'sqs:Delete*', Resource: '*' }));
    expect(evaluatePolicies([policy], send()).decision).toBe('allowed');
    expect(evaluatePolicies([policy], { action: 'sqs:DeleteQueue', resource: QUEUE }).decision).toBe('implicitDeny');
    const denyAllBut = role(doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: 'sqs:*', Resource: '*' }));
    expect(evaluatePolicies([denyAllBut], { action: 'iam:CreateRole', resource: '*' }).decision).toBe('explicitDeny');
    expect(evaluatePolicies([denyAllBut], send()).decision).toBe('allowed');
  });

  it('applies NotResource to every resource except the listed ones', () => {
    const policy = role(doc({ Effect: 'Deny', Action: 'sqs:SendMessage', NotResource: QUEUE }, { Effect: 'Allow', Action: 'sqs:*', Resource: '*' }));
    expect(evaluatePolicies([policy], send()).decision).toBe('allowed');
    expect(evaluatePolicies([policy], send('arn:aws:sqs:us-east-1:000000000000:other')).decision).toBe('explicitDeny');
  });

  it('evaluates conditions and reports missing context keys', () => {
    const policy = role(
      doc({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
        Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' }, Bool: { 'aws:SecureTransport': true } },
      }),
    );
    expect(evaluatePolicies([policy], send(QUEUE, { 'aws:SourceAccount': ['000000000000'], 'aws:SecureTransport': ['true'] })).decision).toBe('allowed');
    expect(evaluatePolicies([policy], send(QUEUE, { 'AWS:sourceaccount': ['000000000000'], 'aws:SecureTransport': ['false'] })).decision).toBe('implicitDeny');
    const missing = evaluatePolicies([policy], send());
    expect(missing.decision).toBe('implicitDeny');
    expect(missing.missingContextValues).toEqual(['aws:SourceAccount', 'aws:SecureTransport']);
  });

  it('supports StringLike, StringNotEquals, ArnLike, ArnEquals and the set qualifiers', () => {
    const withCondition = (condition: object) =>
      role(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: condition }));
    const decide = (condition: object, context: Record<string, string[]>) =>
      evaluatePolicies([withCondition(condition)], send(QUEUE, context)).decision;

    expect(decide({ StringLike: { 'aws:PrincipalTag/team': 'pay*' } }, { 'aws:PrincipalTag/team': ['payments'] })).toBe('allowed');
    expect(decide({ StringLike: { 'aws:PrincipalTag/team': 'pay*' } }, { 'aws:PrincipalTag/team': ['Payments'] })).toBe('implicitDeny');
    expect(decide({ StringNotEquals: { 'aws:SourceAccount': '111111111111' } }, { 'aws:SourceAccount': ['000000000000'] })).toBe('allowed');
    expect(decide({ StringNotEquals: { 'aws:SourceAccount': '111111111111' } }, { 'aws:SourceAccount': ['111111111111'] })).toBe('implicitDeny');
    const sourceArn = { 'aws:SourceArn': ['arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/orders'] };
    expect(decide({ ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:000000000000:abc123/*' } }, sourceArn)).toBe('allowed');
    expect(decide({ ArnEquals: { 'aws:SourceArn': 'arn:aws:execute-api:*:000000000000:abc123/*' } }, sourceArn)).toBe('allowed');
    expect(decide({ ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:000000000000:zzz/*' } }, sourceArn)).toBe('implicitDeny');

    const tags = { 'aws:TagKeys': ['env', 'team'] };
    expect(decide({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team', 'cost'] } }, tags)).toBe('allowed');
    expect(decide({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, tags)).toBe('implicitDeny');
    expect(decide({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe('allowed');
    expect(decide({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'x'] } }, tags)).toBe('allowed');
    expect(decide({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['x'] } }, tags)).toBe('implicitDeny');
    expect(decide({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['x'] } }, {})).toBe('implicitDeny');
  });

  it('supports numeric and date operators and IfExists', () => {
    const decide = (condition: object, context: Record<string, string[]>) =>
      evaluatePolicies([role(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: condition }))], send(QUEUE, context)).decision;
    expect(decide({ NumericLessThanEquals: { 'sqs:DelaySeconds': '10' } }, { 'sqs:DelaySeconds': ['5'] })).toBe('allowed');
    expect(decide({ NumericLessThanEquals: { 'sqs:DelaySeconds': '10' } }, { 'sqs:DelaySeconds': ['15'] })).toBe('implicitDeny');
    expect(decide({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': ['2026-11-21T09:00:00Z'] })).toBe('allowed');
    expect(decide({ DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': ['2026-11-21T09:00:00Z'] })).toBe('implicitDeny');
    expect(decide({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }, {})).toBe('allowed');
    expect(decide({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }, { 'aws:SourceVpc': ['vpc-2'] })).toBe('implicitDeny');
    expect(decide({ Null: { 'aws:SourceVpc': 'true' } }, {})).toBe('allowed');
  });

  it('treats unknown condition operators as not matching and says which', () => {
    const policy = role(doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { IpAddressish: { 'sqs:x': '1' } } }));
    const result = evaluatePolicies([policy], send(QUEUE, { 'sqs:x': ['1'] }));
    expect(result.decision).toBe('implicitDeny');
    expect(result.unknownOperators).toEqual(['IpAddressish']);
  });

  it('reports statement positions in the policy text', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Deny", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:*:x"},\n    {\n      "Effect": "Allow",\n      "Action": "sqs:SendMessage",\n      "Resource": "*"\n    }\n  ]\n}';
    const [matched] = evaluatePolicies([role(text)], send()).matchedStatements;
    expect(matched).toMatchObject({ statementIndex: 1, startPosition: { line: 5, column: 6 }, endPosition: { line: 9, column: 6 } });
  });
});

describe('parsePolicyDocument', () => {
  it('accepts Statement as an object or an array and string-or-list elements', () => {
    const single = parsePolicyDocument('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}');
    expect(single.ok && single.policy.statements[0]).toMatchObject({ action: ['sqs:SendMessage'], resource: ['*'], start: { line: 1, column: 38 } });
    const list = parsePolicyDocument(doc({ Effect: 'Allow', Action: ['a:b', 'c:d'], Resource: ['*'] }, { Effect: 'Deny', NotAction: 'x:y', NotResource: '*' }));
    expect(list.ok && list.policy.statements.map((s) => s.effect)).toEqual(['Allow', 'Deny']);
  });

  it('rejects invalid JSON and invalid grammar with IAM wording', () => {
    expect(parsePolicyDocument('{"Version":')).toEqual({ ok: false, error: 'This policy contains invalid Json' });
    expect(parsePolicyDocument(doc({ Effect: 'Maybe', Action: 'a:b', Resource: '*' }))).toEqual({ ok: false, error: 'Syntax errors in policy.' });
    expect(parsePolicyDocument(doc({ Effect: 'Allow', Resource: '*' }))).toEqual({ ok: false, error: 'Policy statement must contain actions.' });
    expect(parsePolicyDocument(doc({ Effect: 'Allow', Action: 'SendMessage', Resource: '*' }))).toMatchObject({ ok: false, error: expect.stringContaining('prefaced by a vendor') });
    expect(parsePolicyDocument(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'orders' }))).toEqual({ ok: false, error: 'Resource orders must be in ARN format or "*".' });
  });

  it('checks identity and trust policy rules', () => {
    const parsed = (text: string) => {
      const r = parsePolicyDocument(text);
      if (!r.ok) throw new Error(r.error);
      return r.policy;
    };
    expect(validateIdentityPolicy(parsed(doc({ Effect: 'Allow', Action: 'sqs:*' })))).toBe('Policy statement must contain resources.');
    expect(validateIdentityPolicy(parsed(doc({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' })))).toBe('Policy document should not specify a principal.');
    expect(validateTrustPolicy(parsed(doc({ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' })))).toBe('Has prohibited field Resource');
    expect(validateTrustPolicy(parsed(doc({ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sqs:SendMessage' })))).toBe('AssumeRole policy may only specify STS AssumeRole actions.');
  });
});

describe('trustPolicyAllows', () => {
  const apigatewayTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

  it('lets the trusted service assume the role, and no other service', () => {
    expect(trustPolicyAllows(apigatewayTrust, { service: 'apigateway.amazonaws.com' })).toBe(true);
    expect(trustPolicyAllows(apigatewayTrust, { service: 'lambda.amazonaws.com' })).toBe(false);
    expect(trustPolicyAllows(apigatewayTrust, { arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' })).toBe(false);
    expect(trustPolicyAllows(apigatewayTrust, { service: 'apigateway.amazonaws.com' }, 'sts:TagSession')).toBe(false);
  });

  it('matches account and role principals', () => {
    const trust = (aws: string) => doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
    const root = { arn: 'arn:aws:iam::000000000000:root' };
    expect(trustPolicyAllows(trust('000000000000'), root)).toBe(true);
    expect(trustPolicyAllows(trust('arn:aws:iam::000000000000:root'), { arn: 'arn:aws:sts::000000000000:assumed-role/ci/s1' })).toBe(true);
    expect(trustPolicyAllows(trust('arn:aws:iam::111111111111:root'), root)).toBe(false);
    expect(trustPolicyAllows(trust('arn:aws:iam::000000000000:role/team/ci'), { arn: 'arn:aws:sts::000000000000:assumed-role/ci/s1' })).toBe(true);
    expect(trustPolicyAllows(trust('arn:aws:iam::000000000000:role/ci'), root)).toBe(false);
  });

  it('honours confused-deputy conditions when the context carries them', () => {
    const trust = doc({
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } },
    });
    expect(trustPolicyAllows(trust, { service: 'apigateway.amazonaws.com' }, 'sts:AssumeRole', { 'aws:SourceAccount': ['000000000000'] })).toBe(true);
    expect(trustPolicyAllows(trust, { service: 'apigateway.amazonaws.com' }, 'sts:AssumeRole', { 'aws:SourceAccount': ['111111111111'] })).toBe(false);
  });
});

describe('notAuthorizedMessage', () => {
  it('prints the action lower-cased as AWS does', () => {
    const arn = 'arn:aws:sts::000000000000:assumed-role/apigw-sqs/session';
    expect(notAuthorizedMessage(arn, 'sqs:SendMessage', QUEUE, 'implicitDeny')).toBe(
      `User: ${arn} is not authorized to perform: sqs:sendmessage on resource: ${QUEUE} because no identity-based policy allows the sqs:sendmessage action`,
    );
    expect(notAuthorizedMessage(arn, 'sqs:SendMessage', QUEUE, 'explicitDeny')).toBe(
      `User: ${arn} is not authorized to perform: sqs:sendmessage on resource: ${QUEUE} with an explicit deny in an identity-based policy`,
    );
  });
});
