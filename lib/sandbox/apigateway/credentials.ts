import 'server-only';
import type { Database } from 'libsql';
import type { SandboxContext } from '@/lib/sandbox/types';

export type RoleCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number };

/** What STS calls the sessions API Gateway opens for integrations (aws-reference B.2 point 6). */
export const SESSION_NAME = 'BackplaneAssumeRoleSession';

/** The sandbox STS's convention for "this AssumeRole comes from the apigateway.amazonaws.com service principal". */
const SERVICE_PRINCIPAL_HEADER = 'x-sluice-service-principal';
const SOURCE_ARN_HEADER = 'x-sluice-source-arn';

/*
 * Like API Gateway, credentials are reused while they are fresh instead of calling STS per request: a trust policy
 * revoked after a successful invocation keeps working until the cached session ages out, as on AWS. Failures are not
 * cached, so fixing a trust policy takes effect on the next request.
 */
const CACHE_MS = 5 * 60 * 1000;
const cache = new WeakMap<Database, Map<string, RoleCredentials & { cachedUntil: number }>>();

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
  let perDb = cache.get(ctx.db);
  if (!perDb) cache.set(ctx.db, (perDb = new Map()));
  const now = Date.now();
  const hit = perDb.get(roleArn);
  if (hit && hit.cachedUntil > now && hit.expiresAt - 60_000 > now) return hit;

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
  const creds = { accessKeyId, secretAccessKey, sessionToken, expiresAt: expiration ? Date.parse(expiration) : now + 3_600_000 };
  perDb.set(roleArn, { ...creds, cachedUntil: now + CACHE_MS });
  return creds;
}

/** Forgets cached role sessions (tests that change a role between invocations). */
export function clearRoleCredentialCache(db: Database): void {
  cache.delete(db);
}
