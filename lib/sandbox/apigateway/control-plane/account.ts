import 'server-only';
import { badRequest } from '../errors';
import { patchBodySchema, type Account } from '../model';
import { applyPatch } from '../patch';
import { getObject, putObject } from '../store';
import { ok, parseBody, type Call } from './call';
import { authorizePassRole } from './iam';
import type { Route } from './table';

/** The account-level settings of a region, as GetAccount shows a fresh account. */
function accountOf(call: Call): Account {
  return (
    getObject<Account>(call.ctx.db, 'account', call.region, 'account') ?? {
      throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
      features: ['UsagePlans'],
      apiKeyVersion: '4',
    }
  );
}

function updateAccount(call: Call) {
  const { patchOperations } = parseBody(call.req, patchBodySchema);
  const current = accountOf(call);
  const next = applyPatch(current, patchOperations ?? [], [{ path: '/cloudwatchRoleArn', ops: ['replace', 'remove'] }]);
  if (next.cloudwatchRoleArn === '') delete next.cloudwatchRoleArn;
  if (next.cloudwatchRoleArn !== undefined) {
    // AWS checks that the role exists and trusts apigateway.amazonaws.com; the sandbox checks the ARN's form.
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(next.cloudwatchRoleArn)) {
      throw badRequest('The role ARN does not have required permissions set to API Gateway');
    }
    if (next.cloudwatchRoleArn !== current.cloudwatchRoleArn) authorizePassRole(call.ctx.auth, call.principal, next.cloudwatchRoleArn);
  }
  putObject(call.ctx.db, 'account', call.region, 'account', next);
  return ok(200, next);
}

export const accountRoutes: Route[] = [
  { name: 'GetAccount', method: 'GET', uri: '/account', handler: (call) => ok(200, accountOf(call)) },
  { name: 'UpdateAccount', method: 'PATCH', uri: '/account', handler: updateAccount },
];
