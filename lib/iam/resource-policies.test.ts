import { describe, expect, it } from 'vitest';
import { combineIdentityAndResource, deniedMessage, evaluateResourcePolicy, intersectEvaluations, evaluatePolicies, parsePolicyDocument } from '@/lib/iam';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const SESSION = 'arn:aws:sts::000000000000:assumed-role/producer/s';
const policy = (principal: unknown, effect = 'Allow') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: principal, Action: 'sqs:SendMessage', Resource: QUEUE }] });
const request = (allowMatch: 'any' | 'direct') => ({
  action: 'sqs:SendMessage',
  resource: QUEUE,
  principal: { arn: SESSION, accountId: '000000000000' },
  allowMatch,
});

describe('resource policies with identity policies', () => {
  it('within one account an Allow naming the account delegates to identity policies; naming the role grants', () => {
    expect(evaluateResourcePolicy(policy({ AWS: '000000000000' }), request('any')).decision).toBe('allowed');
    expect(evaluateResourcePolicy(policy({ AWS: '000000000000' }), request('direct')).decision).toBe('implicitDeny');
    expect(evaluateResourcePolicy(policy({ AWS: 'arn:aws:iam::000000000000:role/producer' }), request('direct')).decision).toBe('allowed');
    // A Deny naming the account still binds everyone in it.
    expect(evaluateResourcePolicy(policy({ AWS: '000000000000' }, 'Deny'), request('direct')).decision).toBe('explicitDeny');
  });

  it('combines as IAM does: Deny wins, one Allow suffices in-account, both are needed across accounts', () => {
    expect(combineIdentityAndResource('implicitDeny', 'allowed', true)).toEqual({ decision: 'allowed' });
    expect(combineIdentityAndResource('allowed', 'explicitDeny', true)).toEqual({ decision: 'explicitDeny', reason: 'resource-explicit' });
    expect(combineIdentityAndResource('explicitDeny', 'allowed', true)).toEqual({ decision: 'explicitDeny', reason: 'identity-explicit' });
    expect(combineIdentityAndResource('allowed', 'implicitDeny', false)).toEqual({ decision: 'implicitDeny', reason: 'resource-implicit' });
    expect(combineIdentityAndResource('implicitDeny', 'allowed', false)).toEqual({ decision: 'implicitDeny', reason: 'identity-implicit' });
    expect(deniedMessage(SESSION, 'sqs:SendMessage', QUEUE, 'resource-implicit')).toBe(
      `User: ${SESSION} is not authorized to perform: sqs:sendmessage on resource: ${QUEUE} because no resource-based policy allows the sqs:sendmessage action`,
    );
  });

  it('a cap (permissions boundary, session policy) lets through only what both allow', () => {
    const allowAll = [{ id: 'a', type: 'role' as const, document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }) }];
    const receiveOnly = [{ id: 'b', type: 'inline' as const, document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }] }) }];
    const req = { action: 'sqs:SendMessage', resource: QUEUE };
    expect(intersectEvaluations(evaluatePolicies(allowAll, req), evaluatePolicies(receiveOnly, req)).decision).toBe('implicitDeny');
    const recv = { action: 'sqs:ReceiveMessage', resource: QUEUE };
    expect(intersectEvaluations(evaluatePolicies(allowAll, recv), evaluatePolicies(receiveOnly, recv)).decision).toBe('allowed');
  });

  it('refuses duplicate statement ids', () => {
    const dup = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'a', Effect: 'Deny', Action: 's3:*', Resource: '*' }] });
    expect(parsePolicyDocument(dup)).toEqual({ ok: false, error: 'Statement IDs (SID) in a single policy must be unique.' });
  });
});
