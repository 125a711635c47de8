import 'server-only';
import * as client from 'openid-client';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { ROLES, type Role } from './roles';

/**
 * OpenID Connect sign-in: the authorization code flow with PKCE (RFC 7636) and a state parameter, through
 * openid-client. The console is a confidential client (client id and secret registered at the issuer).
 */
export function oidcEnabled(env = getEnv()): boolean {
  return Boolean(env.SLUICE_OIDC_ISSUER && env.SLUICE_OIDC_CLIENT_ID);
}

const key = Symbol.for('sluice.oidc.config');
const g = globalThis as typeof globalThis & { [key]?: Promise<client.Configuration> };

/** The issuer's configuration, discovered once per process (retried on the next sign-in if discovery failed). */
export function oidcConfiguration(): Promise<client.Configuration> {
  const env = getEnv();
  if (!env.SLUICE_OIDC_ISSUER || !env.SLUICE_OIDC_CLIENT_ID) throw new Error('OpenID Connect is not configured (SLUICE_OIDC_ISSUER, SLUICE_OIDC_CLIENT_ID).');
  const issuer = new URL(env.SLUICE_OIDC_ISSUER);
  g[key] ??= client
    .discovery(issuer, env.SLUICE_OIDC_CLIENT_ID, env.SLUICE_OIDC_CLIENT_SECRET, undefined, {
      // An http:// issuer is for a provider on the same host (tests, local development); https is required otherwise.
      ...(issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname) ? { execute: [client.allowInsecureRequests] } : {}),
    })
    .catch((err: unknown) => {
      delete g[key];
      throw err;
    });
  return g[key];
}

/** What the browser carries between the redirect to the issuer and the callback (an HTTP-only cookie). */
export const pendingSignInSchema = z.object({ verifier: z.string().min(43), state: z.string().min(1), next: z.string() });
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;
export const PENDING_COOKIE = 'sluice-oidc';

export async function beginSignIn(redirectUri: string, next: string): Promise<{ url: URL; pending: PendingSignIn }> {
  const config = await oidcConfiguration();
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { url, pending: { verifier, state, next } };
}

export type SignedInIdentity = { id: string; name: string; email?: string; role: Role; roleSource: 'claim' | 'default' };

/** The highest known role named by the claim (a string or a list, such as groups), if any. */
export function roleFromClaim(value: unknown): Role | undefined {
  const names = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
  return [...ROLES].reverse().find((r) => names.includes(r));
}

/** Exchanges the code (checking state and PKCE), validates the ID token and reads who signed in and their role. */
export async function completeSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInIdentity> {
  const env = getEnv();
  const config = await oidcConfiguration();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, idTokenExpected: true });
  const claims = tokens.claims();
  if (!claims) throw new Error('The identity provider returned no ID token.');
  let all: Record<string, unknown> = { ...claims };
  // Providers put profile and custom claims in the ID token or only in UserInfo; ask UserInfo when the role is missing.
  if (all[env.SLUICE_OIDC_ROLE_CLAIM] === undefined && config.serverMetadata().userinfo_endpoint) {
    all = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...all };
  }
  const role = roleFromClaim(all[env.SLUICE_OIDC_ROLE_CLAIM]);
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const email = str(all.email);
  return {
    id: `${claims.iss}#${claims.sub}`,
    name: str(all.name) ?? str(all.preferred_username) ?? email ?? claims.sub,
    ...(email ? { email } : {}),
    role: role ?? env.SLUICE_OIDC_DEFAULT_ROLE,
    roleSource: role ? 'claim' : 'default',
  };
}
