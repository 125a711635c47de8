import 'server-only';
import type { Database } from 'libsql';
import { parsePolicyDocument, trustPolicyAllows, type PrincipalIdentity } from '@/lib/iam';
import { el, node, type XmlNode } from '@/lib/sandbox/http';
import { newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, iamDate } from '@/lib/sandbox/iam/ids';
import { memberStructs, QueryError, queryErrorResponse, queryResponse, readQueryParams, requireParam, validationError } from '@/lib/sandbox/iam/query';
import { getManagedPolicy, getRole, type Role } from '@/lib/sandbox/iam/store';
import type { OperationInfo, Principal, SandboxContext, SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';
import { insertSession, migrateSts, purgeOldSessions } from './store';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_VERSION = '2011-06-15';

/** The route table; GetCallerIdentity needs no permission (STS API reference). */
const table: readonly OperationInfo[] = [
  { name: 'AssumeRole', iamAction: 'sts:AssumeRole', notes: '' },
  { name: 'GetCallerIdentity', iamAction: 'sts:GetCallerIdentity', notes: '' },
  { name: 'GetSessionToken', iamAction: 'sts:GetSessionToken', notes: 'No MFA: SerialNumber and TokenCode are not checked.' },
];
const STS_ACTIONS = new Set(table.map((op) => op.name));

/**
 * Sandbox-internal convention, not an AWS header: the sandbox's own API Gateway data plane assumes an integration's
 * execution role as the service principal named here (`apigateway.amazonaws.com`), the way API Gateway does on AWS.
 * It is honoured only for requests dispatched in-process — recognised by an AWS host name (`sts.amazonaws.com` or
 * `sts.{region}.amazonaws.com`) together with `protocol: 'https'`, which the local HTTP listener never produces
 * (it marks every network request `http`; see SandboxRequest.protocol). Such a request needs no signature.
 * `x-sluice-source-arn` optionally carries `aws:SourceArn` (e.g. `arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/orders`)
 * for trust policies with confused-deputy conditions; `aws:SourceAccount` is always the sandbox account.
 */
export const SERVICE_PRINCIPAL_HEADER = 'x-sluice-service-principal';
export const SOURCE_ARN_HEADER = 'x-sluice-source-arn';

function isInProcessDispatch(req: SandboxRequest): boolean {
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  return req.protocol === 'https' && /^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(host);
}

type Caller = { identity: PrincipalIdentity; arn: string; principal: Principal | null; context: Record<string, string[]> };

function accessDenied(callerArn: string, roleArn: string): QueryError {
  return new QueryError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

function readDuration(params: URLSearchParams, role: Role, chained: boolean): number {
  const raw = params.get('DurationSeconds');
  if (raw === null) return chained ? Math.min(3600, role.maxSessionDuration) : 3600;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationError(raw, 'durationSeconds', 'Member must be an integer');
  if (value < 900) throw validationError(raw, 'durationSeconds', 'Member must have value greater than or equal to 900');
  if (value > 43200) throw validationError(raw, 'durationSeconds', 'Member must have value less than or equal to 43200');
  if (chained && value > 3600) {
    throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  }
  if (value > role.maxSessionDuration) {
    throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  }
  return value;
}

/** `Policy` (inline JSON) and `PolicyArns.member.N.arn` (managed policies) restrict the session below its role. */
function readSessionPolicies(db: Database, params: URLSearchParams): { id: string; document: string }[] {
  const out: { id: string; document: string }[] = [];
  const inline = params.get('Policy');
  if (inline !== null) {
    const parsed = parsePolicyDocument(inline);
    if (!parsed.ok) throw new QueryError('MalformedPolicyDocument', parsed.error, 400);
    if (inline.length > 2048) throw new QueryError('PackedPolicyTooLarge', 'Packed policy consumes more than 100% of allotted space', 400);
    out.push({ id: 'Policy', document: inline });
  }
  for (const entry of memberStructs(params, 'PolicyArns')) {
    const arn = typeof entry.arn === 'string' ? entry.arn : '';
    const policy = getManagedPolicy(db, arn);
    if (!policy) throw new QueryError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`, 400);
    out.push({ id: policy.policyName, document: policy.document });
  }
  return out;
}

function assumeRole(ctx: SandboxContext, params: URLSearchParams, caller: Caller): XmlNode[] {
  const { db, config } = ctx;
  const roleArn = requireParam(params, 'RoleArn');
  const sessionName = requireParam(params, 'RoleSessionName');
  if (roleArn.length < 20) throw validationError(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
  if (sessionName.length < 2 || sessionName.length > 64) {
    throw validationError(sessionName, 'roleSessionName', 'Member must have length between 2 and 64');
  }
  if (!/^[\w+=,.@-]*$/.test(sessionName)) {
    throw validationError(sessionName, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }

  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  const role = m && m[1] === config.accountId ? getRole(db, m[2]!) : undefined;
  // AWS answers a missing role exactly like a refused trust policy, so as not to reveal which roles exist.
  if (!role || role.arn !== roleArn) throw accessDenied(caller.arn, roleArn);

  const context = { ...caller.context };
  const externalId = params.get('ExternalId');
  if (externalId !== null) context['sts:ExternalId'] = [externalId];
  if (!trustPolicyAllows(role.assumeRolePolicyDocument, caller.identity, 'sts:AssumeRole', context)) {
    throw accessDenied(caller.arn, roleArn);
  }
  const chained = caller.principal?.kind === 'assumed-role';
  // A role session needs sts:AssumeRole from its own policies too, unless the trust policy names it (or its role)
  // rather than the account: naming the account delegates to identity policies (IAM-UG policy evaluation logic).
  if (
    caller.principal &&
    chained &&
    !trustPolicyAllows(role.assumeRolePolicyDocument, caller.identity, 'sts:AssumeRole', context, 'direct') &&
    ctx.auth.authorize(caller.principal, 'sts:AssumeRole', roleArn) !== 'allowed'
  ) {
    throw accessDenied(caller.arn, roleArn);
  }
  const duration = readDuration(params, role, chained);
  const sessionPolicies = readSessionPolicies(db, params);

  const now = Date.now();
  const session = {
    accessKeyId: newTemporaryAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    roleArn: role.arn,
    roleName: role.roleName,
    roleId: role.roleId,
    sessionName,
    expiresAt: now + duration * 1000,
    createdAt: now,
    sessionPolicies,
  };
  purgeOldSessions(db, now);
  insertSession(db, session);
  return [
    credentialsXml(session),
    node('AssumedRoleUser', [
      el('AssumedRoleId', `${role.roleId}:${sessionName}`),
      el('Arn', `arn:aws:sts::${config.accountId}:assumed-role/${role.roleName}/${sessionName}`),
    ]),
  ];
}

/**
 * GetSessionToken: temporary credentials that act as the long-term identity asking for them. The account root's are
 * limited to one hour (longer requests get one hour); role sessions may not call it (STS API reference).
 */
function getSessionToken(db: Database, params: URLSearchParams, principal: Principal): XmlNode[] {
  if (principal.kind !== 'root' || principal.accessKeyId.startsWith('ASIA')) {
    throw new QueryError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
  }
  const raw = params.get('DurationSeconds');
  let duration = 43200;
  if (raw !== null) {
    duration = Number(raw);
    if (!Number.isInteger(duration)) throw validationError(raw, 'durationSeconds', 'Member must be an integer');
    if (duration < 900) throw validationError(raw, 'durationSeconds', 'Member must have value greater than or equal to 900');
    if (duration > 129600) throw validationError(raw, 'durationSeconds', 'Member must have value less than or equal to 129600');
  }
  if (principal.arn.endsWith(':root')) duration = Math.min(duration, 3600);
  const now = Date.now();
  const session = {
    kind: 'session-token' as const,
    accessKeyId: newTemporaryAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    roleArn: principal.arn,
    roleName: '',
    roleId: '',
    sessionName: '',
    expiresAt: now + duration * 1000,
    createdAt: now,
    sessionPolicies: [],
  };
  purgeOldSessions(db, now);
  insertSession(db, session);
  return [credentialsXml(session)];
}

function credentialsXml(s: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number }): XmlNode {
  return node('Credentials', [
    el('AccessKeyId', s.accessKeyId),
    el('SecretAccessKey', s.secretAccessKey),
    el('SessionToken', s.sessionToken),
    el('Expiration', iamDate(s.expiresAt)),
  ]);
}

function getCallerIdentity(db: Database, principal: Principal): XmlNode[] {
  const userId =
    principal.kind === 'root' ? principal.accountId : `${getRole(db, principal.roleName)?.roleId ?? principal.roleName}:${principal.sessionName}`;
  return [el('UserId', userId), el('Account', principal.accountId), el('Arn', principal.arn)];
}

export const stsService: SandboxService = {
  name: 'sts',

  migrate(db: Database) {
    migrateSts(db);
  },

  matches(req, routing) {
    if (routing.scopeService !== undefined) return routing.scopeService === 'sts';
    const params = readQueryParams(req);
    const action = params?.get('Action');
    return action != null && params?.get('Version') === STS_VERSION && STS_ACTIONS.has(action);
  },

  operations: table,

  operationOf(req) {
    const action = readQueryParams(req)?.get('Action');
    return action != null && STS_ACTIONS.has(action) ? action : undefined;
  },

  async handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> {
    const params = readQueryParams(req);
    if (!params) {
      return queryErrorResponse(STS_NAMESPACE, { code: 'MalformedQueryString', message: 'The query string is malformed.', status: 400 });
    }
    const action = params.get('Action');
    if (!action || !STS_ACTIONS.has(action)) {
      return queryErrorResponse(STS_NAMESPACE, {
        code: 'InvalidAction',
        message: `Could not find operation ${action ?? ''} for version ${params.get('Version') ?? STS_VERSION}`,
        status: 400,
      });
    }

    let caller: Caller;
    const servicePrincipal = req.headers[SERVICE_PRINCIPAL_HEADER];
    if (servicePrincipal && action === 'AssumeRole' && isInProcessDispatch(req)) {
      const sourceArn = req.headers[SOURCE_ARN_HEADER];
      caller = {
        identity: { service: servicePrincipal },
        arn: servicePrincipal,
        principal: null,
        context: { 'aws:SourceAccount': [ctx.config.accountId], ...(sourceArn ? { 'aws:SourceArn': [sourceArn] } : {}) },
      };
    } else {
      const auth = ctx.auth.authenticate(req, 'sts');
      if (!auth.ok) return queryErrorResponse(STS_NAMESPACE, auth.error);
      const p = auth.principal;
      caller = {
        identity: { arn: p.arn, accountId: p.accountId },
        arn: p.arn,
        principal: p,
        context: { 'aws:PrincipalArn': [p.kind === 'assumed-role' ? p.roleArn : p.arn], 'aws:PrincipalAccount': [p.accountId] },
      };
    }

    try {
      if (action === 'GetCallerIdentity') {
        if (!caller.principal) throw new QueryError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        return queryResponse(STS_NAMESPACE, action, getCallerIdentity(ctx.db, caller.principal));
      }
      if (action === 'GetSessionToken') {
        if (!caller.principal) throw new QueryError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        return queryResponse(STS_NAMESPACE, action, getSessionToken(ctx.db, params, caller.principal));
      }
      return queryResponse(STS_NAMESPACE, action, assumeRole(ctx, params, caller));
    } catch (err) {
      if (err instanceof QueryError) return queryErrorResponse(STS_NAMESPACE, err);
      throw err;
    }
  },
};
