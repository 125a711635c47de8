import 'server-only';
import type { Database } from 'libsql';
import { inTransaction } from '@/lib/sandbox/db';
import type { OperationInfo, SandboxContext, SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';
import { accountOperations } from './account';
import type { IamOperation } from './operation';
import { policyOperations } from './policies';
import { QueryError, queryErrorResponse, queryResponse, readQueryParams } from './query';
import { roleOperations } from './roles';
import { simulateOperations } from './simulate';
import { migrateIam } from './store';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const IAM_VERSION = '2010-05-08';

const operations: Record<string, IamOperation> = { ...roleOperations, ...policyOperations, ...simulateOperations, ...accountOperations };

/** The IAM actions this sandbox implements (query protocol, version 2010-05-08). */
export const IAM_ACTIONS: readonly string[] = Object.keys(operations);

/** The route table: every IAM API action is authorized as the IAM action of the same name. */
const table: readonly OperationInfo[] = IAM_ACTIONS.map((name) => ({ name, iamAction: `iam:${name}`, notes: notesFor(name) }));
const iamActionOf = new Map(table.map((op) => [op.name, op.iamAction]));

function notesFor(name: string): string {
  if (name === 'ListInstanceProfilesForRole') return 'The sandbox has no instance profiles: always an empty list.';
  if (name === 'GetAccountAuthorizationDetails') return 'Roles and managed policies only (the sandbox has no users or groups); not paginated.';
  return '';
}

export const iamService: SandboxService = {
  name: 'iam',

  migrate(db: Database) {
    migrateIam(db);
  },

  matches(req, routing) {
    if (routing.scopeService !== undefined) return routing.scopeService === 'iam';
    const params = readQueryParams(req);
    const action = params?.get('Action');
    return action != null && params?.get('Version') === IAM_VERSION && Object.hasOwn(operations, action);
  },

  operations: table,

  operationOf(req) {
    const action = readQueryParams(req)?.get('Action');
    return action != null && Object.hasOwn(operations, action) ? action : undefined;
  },

  async handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> {
    const params = readQueryParams(req);
    if (!params) {
      return queryErrorResponse(IAM_NAMESPACE, { code: 'MalformedQueryString', message: 'The query string is malformed.', status: 400 });
    }
    const caller = ctx.auth.authenticate(req, 'iam');
    if (!caller.ok) return queryErrorResponse(IAM_NAMESPACE, caller.error);

    const action = params.get('Action');
    const operation = action !== null && Object.hasOwn(operations, action) ? operations[action] : undefined;
    if (!action || !operation) {
      return queryErrorResponse(IAM_NAMESPACE, {
        code: 'InvalidAction',
        message: `Could not find operation ${action ?? ''} for version ${params.get('Version') ?? IAM_VERSION}`,
        status: 400,
      });
    }

    try {
      const result = inTransaction(ctx.db, () => {
        if (caller.principal.kind === 'assumed-role') {
          const resource = operation.resource(params, ctx.config.accountId, ctx.db);
          const iamAction = iamActionOf.get(action)!;
          const decision = ctx.auth.authorize(caller.principal, iamAction, resource);
          if (decision !== 'allowed') {
            // IAM keeps the action's case in this message, unlike SQS (aws-reference C.3).
            const why = decision === 'explicitDeny' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${iamAction} action`;
            throw new QueryError('AccessDenied', `User: ${caller.principal.arn} is not authorized to perform: ${iamAction} on resource: ${resource} ${why}`, 403);
          }
        }
        return operation.run({ db: ctx.db, config: ctx.config, params });
      });
      return queryResponse(IAM_NAMESPACE, action, result);
    } catch (err) {
      if (err instanceof QueryError) return queryErrorResponse(IAM_NAMESPACE, err);
      throw err;
    }
  },
};
