import 'server-only';
import type { Database } from 'libsql';
import { identityGeneration } from '@/lib/sandbox/iam/statements';
import { getRole } from '@/lib/sandbox/iam/store';
import { SERVICE_PRINCIPAL_HEADER, SOURCE_ARN_HEADER } from '@/lib/sandbox/sts/service';
import type { SandboxContext } from '@/lib/sandbox/types';

export type RoleCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number };

/** What STS calls the sessions API Gateway opens for integrations (aws-reference B.2 point 6). */
export const SESSION_NAME = 'BackplaneAssumeRoleSession';

/*
 * Like API Gateway, credentials are reused while they are fresh instead of calling STS per request: a trust policy
 * revoked after a successful invocation keeps working until the cached session ages out, as on AWS. Failures are not
 * cached, so fixing a trust policy takes effect on the next request.
 */
const CACHE_MS = 5 * 60 * 1000;
const cache = new WeakMap<Database, Map<string, RoleCredentials & { cachedUntil: number }>>();
/** Concurrent first requests for a role share one AssumeRole call instead of opening a session each. */
const inFlight = new WeakMap<Database, Map<string, Promise<RoleCredentials | undefined>>>();

/**
 * The role's current unique id, read once per identity generation (bumped by every IAM/STS write), so the per-request
 * SQLite lookup is skipped while no role or policy changed and a re-created role is seen by the very next request.
 */
const roleIds = new WeakMap<Database, { generation: number; ids: Map<string, string | undefined> }>();

function currentRoleId(db: Database, roleName: string): string | undefined {
  const generation = identityGeneration(db);
  let entry = roleIds.get(db);
  if (!entry || entry.generation !== generation) roleIds.set(db, (entry = { generation, ids: new Map() }));
  if (entry.ids.has(roleName)) return entry.ids.get(roleName);
  const id = getRole(db, roleName)?.roleId;
  // A read inside an open transaction may still be rolled back.
  if (!db.inTransaction) entry.ids.set(roleName, id);
  return id;
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/**
 * Assumes an integration's execution role as `apigateway.amazonaws.com` through the sandbox's own STS (an in-process
 * `AssumeRole` query request). Returns undefined when STS refuses (trust policy, unknown role).
 */
export async function assumeExecutionRole(
  ctx: SandboxContext,
  roleArn: string,
  region: string,
  sourceArn: string,
): Promise<RoleCredentials | undefined> {
  const perDb = cache.get(ctx.db) ?? new Map<string, RoleCredentials & { cachedUntil: number }>();
  cache.set(ctx.db, perDb);
  const now = Date.now();
  // A role deleted and created again under the same name is a new role (new unique id) whose old sessions grant
  // nothing, so cached sessions are keyed by the role's current id, not its ARN alone.
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const key = `${roleArn}#${currentRoleId(ctx.db, roleName) ?? 'missing'}`;
  const hit = perDb.get(key);
  if (hit && hit.cachedUntil > now && hit.expiresAt - 60_000 > now) return hit;
  const pending = inFlight.get(ctx.db) ?? new Map<string, Promise<RoleCredentials | undefined>>();
  inFlight.set(ctx.db, pending);
  const shared = pending.get(key);
  if (shared) return shared;
  const call = callAssumeRole(ctx, roleArn, region, sourceArn)
    .then((creds) => {
      if (creds) perDb.set(key, { ...creds, cachedUntil: Date.now() + CACHE_MS });
      return creds;
    })
    .finally(() => pending.delete(key));
  pending.set(key, call);
  return call;
}

async function callAssumeRole(ctx: SandboxContext, roleArn: string, region: string, sourceArn: string): Promise<RoleCredentials | undefined> {
  const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: SESSION_NAME }).toString();
  const host = `sts.${region}.amazonaws.com`;
  const res = await ctx.dispatch({
    method: 'POST',
    path: '/',
    rawQuery: '',
    headers: {
      host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      [SERVICE_PRINCIPAL_HEADER]: 'apigateway.amazonaws.com',
      [SOURCE_ARN_HEADER]: sourceArn,
    },
    body: Buffer.from(body, 'utf8'),
    host,
    protocol: 'https',
  });
  if (res.status !== 200) return undefined;
  const xml = typeof res.body === 'string' ? res.body : res.body.toString('utf8');
  const accessKeyId = tag(xml, 'AccessKeyId');
  const secretAccessKey = tag(xml, 'SecretAccessKey');
  const sessionToken = tag(xml, 'SessionToken');
  const expiration = tag(xml, 'Expiration');
  if (!accessKeyId || !secretAccessKey || !sessionToken) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiresAt: expiration ? Date.parse(expiration) : Date.now() + 3_600_000 };
}

/** Forgets cached role sessions (tests that change a role between invocations). */
export function clearRoleCredentialCache(db: Database): void {
  cache.delete(db);
  inFlight.delete(db);
}
