/** The minimum dashboard token length, checked at start and in lib/env.ts. */
export const MIN_TOKEN_LENGTH = 16;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/**
 * Why `sluice start` must not start with these settings, or undefined. The console can create IAM roles and queues
 * with the server's credentials, so it is never reachable from other machines without a dashboard token, and a
 * token short enough to guess is refused rather than silently accepted.
 */
export function startupProblem(options: { host: string; token: string | undefined; oidc?: boolean }): string | undefined {
  const howToSet = `Set one, for example: SLUICE_TOKEN="$(openssl rand -base64 32)" npx sluice start --host ${options.host}`;
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    return `SLUICE_TOKEN is ${options.token.length} character${options.token.length === 1 ? '' : 's'} long; a dashboard token must have at least ${MIN_TOKEN_LENGTH} characters so it cannot be guessed. ${howToSet}`;
  }
  // Single sign-on (SLUICE_OIDC_ISSUER) is a sign-in of its own: every page and action then requires a session.
  if (!options.token && !options.oidc && !isLoopbackHost(options.host)) {
    return `Refusing to listen on ${options.host} without a dashboard token: anyone who can reach that address could create IAM roles and queues with this server's credentials. ${howToSet} — or listen on 127.0.0.1 only (the default, no token needed).`;
  }
  return undefined;
}
