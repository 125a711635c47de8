import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { hostPolicy } from '@/lib/auth/hosts';
import { getEnv, sandboxEndpoint } from '@/lib/env';

export const metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default function SettingsPage() {
  const env = getEnv();
  const hosts = hostPolicy(env.SLUICE_HOST, env.SLUICE_ALLOWED_HOSTS);
  const rows: [string, string, string][] = [
    ['Console address', `http://${env.SLUICE_HOST}:${env.PORT}`, 'SLUICE_HOST, PORT'],
    ['Data directory', env.SLUICE_DATA_DIR, 'SLUICE_DATA_DIR'],
    ['Sandbox endpoint', sandboxEndpoint(env), 'SLUICE_SANDBOX_HOST, SLUICE_SANDBOX_PORT'],
    ['Dashboard token', env.SLUICE_TOKEN ? 'required (sessions last 12 hours)' : 'not set: anyone who can reach the console can use it (sluice start allows that on loopback only)', 'SLUICE_TOKEN'],
    ['Host names answered', `${[...hosts.names].join(', ')}${hosts.anyIpLiteral ? ', any IP address' : ''}`, 'SLUICE_HOST, SLUICE_ALLOWED_HOSTS'],
    ['Single sign-on (OpenID Connect)', env.SLUICE_OIDC_ISSUER ? `${env.SLUICE_OIDC_ISSUER} (role claim ${env.SLUICE_OIDC_ROLE_CLAIM}, default role ${env.SLUICE_OIDC_DEFAULT_ROLE})` : 'not configured', 'SLUICE_OIDC_ISSUER, SLUICE_OIDC_CLIENT_ID, SLUICE_OIDC_CLIENT_SECRET, SLUICE_OIDC_ROLE_CLAIM, SLUICE_OIDC_DEFAULT_ROLE'],
    ['Console database', env.DATABASE_URL ? `PostgreSQL ${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}` : `SQLite ${env.SLUICE_DATA_DIR}/console.db`, 'DATABASE_URL'],
  ];
  if (!env.SLUICE_TOKEN && !env.SLUICE_OIDC_ISSUER) rows.push(['Sign-in', 'none: the console is open to anyone who can reach it', 'SLUICE_TOKEN or SLUICE_OIDC_ISSUER']);
  return (
    <>
      <PageHeader
        title="Settings"
        description="Sluice is configured on the server through environment variables; nothing here is editable from the browser, and no credentials are ever shown."
      />
      <Card title="Server configuration">
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Settings table">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th scope="col" className="py-2 pr-4 font-medium">Setting</th>
              <th scope="col" className="py-2 pr-4 font-medium">Value</th>
              <th scope="col" className="py-2 font-medium">Environment variable</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value, variable]) => (
              <tr key={label} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-2 pr-4 font-medium">{label}</th>
                <td className="py-2 pr-4 font-mono text-xs">{value}</td>
                <td className="py-2 font-mono text-xs text-slate-500">{variable}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </Card>
    </>
  );
}
