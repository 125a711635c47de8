import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Provider from 'oidc-provider';

/**
 * The team setup the specs in e2e/team run against: one PostgreSQL schema, a real OpenID Connect provider
 * (oidc-provider, with its development login form), the sandbox, and two console instances sharing the database.
 * A "Slow sandbox" connection reaches the sandbox through a proxy that delays every call, so that an apply lasts
 * long enough to race it and to kill its instance mid-way.
 */
export const ports = {
  consoles: [Number(process.env.SLUICE_E2E_TEAM_PORT ?? 3120), Number(process.env.SLUICE_E2E_TEAM_PORT ?? 3120) + 1] as const,
  sandbox: Number(process.env.SLUICE_E2E_TEAM_SANDBOX_PORT ?? 4620),
  oidc: Number(process.env.SLUICE_E2E_OIDC_PORT ?? 3129),
};
export const CLIENT = { id: 'sluice-e2e', secret: 'sluice-e2e-client-secret-0123456789' };
/** Who can sign in at the provider (any password): login → name and the role claim. */
export const ACCOUNTS: Record<string, { name: string; email: string; sluice_role: string }> = {
  vera: { name: 'Vera Viewer', email: 'vera@example.com', sluice_role: 'viewer' },
  otto: { name: 'Otto Operator', email: 'otto@example.com', sluice_role: 'operator' },
};
export const PROXY_DELAY_MS = 250;

export type ClusterState = { databaseUrl: string; dataDir: string; consolePids: number[]; consoleEnv: Record<string, string> };
const stateFile = () => path.join(process.env.SLUICE_E2E_TEAM_DIR!, 'cluster.json');
export function clusterState(): ClusterState {
  return JSON.parse(readFileSync(stateFile(), 'utf8')) as ClusterState;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts console instance `index` (0 or 1) in its own process group, so that kill -9 of the group stops it entirely. */
export function startConsole(index: 0 | 1, state: Pick<ClusterState, 'dataDir' | 'consoleEnv'>): ChildProcess {
  const port = ports.consoles[index];
  const child = spawn(process.execPath, ['bin/sluice.mjs', 'start', '--no-build', '--no-sandbox', '--port', String(port), '--sandbox-port', String(ports.sandbox), '--data-dir', path.join(state.dataDir, `console-${index}`)], {
    cwd: root,
    env: { ...process.env, ...state.consoleEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  child.unref();
  return child;
}

export async function waitForConsole(index: 0 | 1): Promise<void> {
  await waitFor(`http://127.0.0.1:${ports.consoles[index]}/login`, 60_000);
}

function slowProxy(target: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = httpRequest({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, PROXY_DELAY_MS);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const base = process.env.SLUICE_TEST_DATABASE_URL;
  if (!base) throw new Error('e2e/team needs PostgreSQL: set SLUICE_TEST_DATABASE_URL (scripts/test-postgres.sh start PORT prints it).');
  const { freshPostgresSchema } = await import('../../lib/store/test-schema');
  const schema = await freshPostgresSchema(base);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-e2e-team-'));
  process.env.SLUICE_E2E_TEAM_DIR = dataDir;

  const issuer = `http://127.0.0.1:${ports.oidc}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: ports.consoles.map((p) => `http://127.0.0.1:${p}/auth/oidc/callback`), grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'sluice_role'], email: ['email'] },
    findAccount: async (_ctx, id) => (ACCOUNTS[id] ? { accountId: id, claims: async () => ({ sub: id, ...ACCOUNTS[id] }) } : undefined),
    cookies: { keys: ['sluice-e2e-provider-cookie-key'] },
  });
  const oidcServer = await new Promise<Server>((resolve) => {
    const s = provider.listen(ports.oidc, '127.0.0.1', () => resolve(s));
  });

  const sandbox = spawn(process.execPath, ['bin/sluice.mjs', 'sandbox', '--port', String(ports.sandbox), '--data-dir', path.join(dataDir, 'sandbox')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitFor(`http://127.0.0.1:${ports.sandbox}/`, 30_000);
  const proxy = await slowProxy(ports.sandbox);
  for (const i of [0, 1]) {
    mkdirSync(path.join(dataDir, `console-${i}`), { recursive: true });
    writeFileSync(path.join(dataDir, `console-${i}`, 'connections.json'), JSON.stringify({ connections: [{ kind: 'endpoint', id: 'slow', name: 'Slow sandbox', endpoint: `http://127.0.0.1:${proxy.port}`, region: 'us-east-1' }] }));
  }
  const consoleEnv = {
    DATABASE_URL: schema.url,
    SLUICE_OIDC_ISSUER: issuer,
    SLUICE_OIDC_CLIENT_ID: CLIENT.id,
    SLUICE_OIDC_CLIENT_SECRET: CLIENT.secret,
    SLUICE_JOB_LEASE_SECONDS: '8',
    // The endpoint connection signs with whatever keys it finds; the sandbox accepts any.
    AWS_ACCESS_KEY_ID: 'AKIASLUICEE2E0000000',
    AWS_SECRET_ACCESS_KEY: 'sluice-e2e',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const state: ClusterState = { databaseUrl: schema.url, dataDir, consolePids: [], consoleEnv };
  // One instance first, so that it migrates the schema alone; the second finds it up to date.
  state.consolePids.push(startConsole(0, state).pid!);
  await waitForConsole(0);
  state.consolePids.push(startConsole(1, state).pid!);
  await waitForConsole(1);
  writeFileSync(stateFile(), JSON.stringify(state));

  return async () => {
    for (const pid of clusterState().consolePids) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone (the kill -9 test)
      }
    }
    sandbox.kill('SIGTERM');
    proxy.server.close();
    oidcServer.close();
    await new Promise((r) => setTimeout(r, 500));
    await schema.drop().catch(() => undefined);
  };
}
