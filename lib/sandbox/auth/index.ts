import 'server-only';
import type { Database } from 'libsql';
import { evaluatePolicies, intersectEvaluations, type EvaluationResult, type PolicyInput } from '@/lib/iam';
import { isSandboxIssuedAccessKeyId } from '@/lib/sandbox/iam/ids';
import { identityGeneration } from '@/lib/sandbox/iam/statements';
import { getRole, migrateIam, roleBoundaryInputs, rolePolicyInputs, type Role } from '@/lib/sandbox/iam/store';
import { getSession, migrateSts, type StsSession } from '@/lib/sandbox/sts/store';
import type { AuthResult, EvalDecision, Principal, SandboxAuth, SandboxConfig, SandboxRequest } from '@/lib/sandbox/types';
import { readSignatureClaim, verifySignature } from './sigv4-verify';

export { readSignatureClaim, verifySignature, type SignatureClaim } from './sigv4-verify';

export const MISSING_AUTHENTICATION_TOKEN = {
  code: 'MissingAuthenticationToken',
  message: 'Request is missing Authentication Token',
  status: 403,
} as const;

/** Bounds the per-auth caches of sessions and roles; a full cache starts over. */
const CACHE_ENTRIES = 10_000;

const EXPIRED_TOKEN = { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 };

/**
 * Long-term keys act as the root of the sandbox's account, except a 12-digit access key id, which acts as the root of
 * that account (LocalStack's convention), so cross-account queue policies can be exercised.
 */
export function rootPrincipal(config: SandboxConfig, accessKeyId: string): Principal {
  const accountId = /^\d{12}$/.test(accessKeyId) ? accessKeyId : config.accountId;
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId };
}

/**
 * SigV4 authentication and IAM authorization for every sandbox service.
 *
 * - Long-term or unknown access keys: the account's root, full access, signature not checked (as LocalStack does).
 * - Temporary keys issued by the sandbox's STS (`ASIA…`): the session must exist and not be expired, the
 *   `x-amz-security-token` must be the session's, and the signature is verified with the session's secret.
 * - Authorization of assumed-role sessions evaluates the role's inline and attached policies with lib/iam.
 *
 * The clock is injectable for tests (milliseconds since the epoch).
 */
export function createSandboxAuth(db: Database, config: SandboxConfig, clock: () => number = Date.now): SandboxAuth & {
  explain(principal: Principal, action: string, resourceArn: string): EvaluationResult | null;
} {
  // The auth reads IAM and STS tables even when a test starts the sandbox without those services.
  migrateIam(db);
  migrateSts(db);

  /*
   * Sessions and role policies are looked up on every role-session request. They are cached together with the
   * identity generation they were read at, which every IAM/STS write bumps, so a hit is exactly what the tables hold
   * and a policy change, a deleted role or a purged session is seen by the very next request. Rows read inside an
   * open transaction may still be rolled back, so those reads are not cached.
   */
  type Cached<T> = { generation: number; value: T };
  const sessions = new Map<string, Cached<StsSession | undefined>>();
  const roles = new Map<string, Cached<{ role: Role | undefined; policies: PolicyInput[]; boundary: { id: string; document: string }[] }>>();
  const cached = <T>(cache: Map<string, Cached<T>>, key: string, load: () => T): T => {
    const generation = identityGeneration(db);
    const hit = cache.get(key);
    if (hit && hit.generation === generation) return hit.value;
    const value = load();
    if (!db.inTransaction) {
      if (cache.size >= CACHE_ENTRIES) cache.clear();
      cache.set(key, { generation, value });
    }
    return value;
  };
  const sessionOf = (accessKeyId: string) => cached(sessions, accessKeyId, () => getSession(db, accessKeyId));
  const roleOf = (roleName: string) =>
    cached(roles, roleName, () => {
      const role = getRole(db, roleName);
      return { role, policies: role ? rolePolicyInputs(db, role.roleName) : [], boundary: role ? roleBoundaryInputs(db, role) : [] };
    });

  const evaluate = (principal: Principal, action: string, resourceArn: string, extraContext: Record<string, string[]> = {}): EvaluationResult | null => {
    if (principal.kind === 'root') return null;
    const { role, policies: rolePolicies, boundary: boundaryPolicy } = roleOf(principal.roleName);
    const session = sessionOf(principal.accessKeyId);
    // A role deleted and re-created under the same name is a different role (new id): old sessions get nothing from it.
    const sameRole = role !== undefined && role.arn === principal.roleArn && (!session || session.roleId === role.roleId);
    const policies = sameRole ? rolePolicies : [];
    const boundary = sameRole ? boundaryPolicy : [];
    const request = {
      action,
      resource: resourceArn,
      context: {
        'aws:PrincipalArn': [principal.roleArn],
        'aws:PrincipalAccount': [principal.accountId],
        'aws:PrincipalType': ['AssumedRole'],
        'aws:userid': [`${role?.roleId ?? ''}:${principal.sessionName}`],
        'aws:CurrentTime': [new Date(clock()).toISOString()],
        ...extraContext,
      },
    };
    const identity = evaluatePolicies(policies, request);
    // The role's permissions boundary and the session's policies each cap what the role's policies grant.
    const caps = [boundary, session?.sessionPolicies ?? []]
      .filter((set) => set.length > 0)
      .map((set) => evaluatePolicies(set.map((p) => ({ ...p, type: 'inline' as const })), request));
    return caps.length === 0 ? identity : intersectEvaluations(identity, ...caps);
  };

  return {
    authenticate(req: SandboxRequest, service: string): AuthResult {
      const claim = readSignatureClaim(req);
      if (!claim) return { ok: false, error: { ...MISSING_AUTHENTICATION_TOKEN } };
      const accessKeyId = claim.credential.accessKeyId;
      const session = accessKeyId.startsWith('ASIA') ? sessionOf(accessKeyId) : undefined;
      const now = clock();
      if (!session) {
        // Issued here but purged long after it expired (sts/store.ts purgeOldSessions).
        if (isSandboxIssuedAccessKeyId(accessKeyId)) return { ok: false, error: EXPIRED_TOKEN };
        return { ok: true, principal: rootPrincipal(config, accessKeyId) };
      }
      if (now >= session.expiresAt) return { ok: false, error: EXPIRED_TOKEN };
      if (claim.securityToken !== session.sessionToken) {
        return { ok: false, error: { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 } };
      }
      if (service !== '' && claim.credential.service !== service) {
        return {
          ok: false,
          error: { code: 'SignatureDoesNotMatch', message: `Credential should be scoped to correct service: '${service}'. `, status: 403 },
        };
      }
      const verified = verifySignature(req, claim, session.secretAccessKey, now);
      if (!verified.ok) return verified;
      if (session.kind === 'session-token') {
        // GetSessionToken credentials act as the long-term identity that asked for them.
        const accountId = session.roleArn.split(':')[4] ?? config.accountId;
        return { ok: true, principal: { kind: 'root', accountId, arn: session.roleArn, accessKeyId } };
      }
      return {
        ok: true,
        principal: {
          kind: 'assumed-role',
          accountId: config.accountId,
          arn: `arn:aws:sts::${config.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
          roleArn: session.roleArn,
          roleName: session.roleName,
          sessionName: session.sessionName,
          accessKeyId,
        },
      };
    },

    authorize(principal: Principal, action: string, resourceArn: string, context?: Record<string, string[]>): EvalDecision {
      return evaluate(principal, action, resourceArn, context)?.decision ?? 'allowed';
    },

    /** The full evaluation behind {@link SandboxAuth.authorize} (matched statements, missing context); null for root. */
    explain: evaluate,
  };
}
