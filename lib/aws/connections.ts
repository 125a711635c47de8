import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type Env, getEnv, sandboxEndpoint } from '@/lib/env';

/**
 * Connections are configured on the server only — from the environment and `{dataDir}/connections.json` — never by
 * pasting keys into the browser. Credentials come from the SDK's default provider chain (environment, shared config
 * and credentials files, AWS_PROFILE incl. SSO, container and instance roles); a connection names at most a profile.
 */
export const connectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sandbox'), id: z.string(), name: z.string(), endpoint: z.url(), region: z.string() }),
  z.object({
    kind: z.literal('aws'),
    id: z.string().regex(/^[a-z0-9-]+$/, 'Connection id may contain lower-case letters, digits and hyphens.'),
    name: z.string().min(1),
    /** Shared-config profile; absent: the default chain (AWS_PROFILE, environment keys, instance role…). */
    profile: z.string().min(1).optional(),
    /** Absent: the region of the profile or AWS_REGION; a connection with no region at all reports it. */
    region: z.string().min(1).optional(),
    /** A production account: the console reads and tests there but never applies or tears down. */
    readOnly: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('endpoint'),
    id: z.string().regex(/^[a-z0-9-]+$/, 'Connection id may contain lower-case letters, digits and hyphens.'),
    name: z.string().min(1),
    endpoint: z.url('endpoint must be a URL such as http://localhost:4566'),
    region: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
    readOnly: z.boolean().optional(),
  }),
]);
export type Connection = z.infer<typeof connectionSchema>;

const fileSchema = z.object({ connections: z.array(connectionSchema) });

export const SANDBOX_CONNECTION_ID = 'sandbox';

export type ConnectionConfig = { connections: Connection[]; problems: string[] };

/** Every configured connection: the sandbox first, then AWS from the environment, then `connections.json`. */
export function listConnections(env: Env = getEnv(), source: Record<string, string | undefined> = process.env): ConnectionConfig {
  const connections: Connection[] = [
    { kind: 'sandbox', id: SANDBOX_CONNECTION_ID, name: 'Built-in sandbox', endpoint: sandboxEndpoint(env), region: 'us-east-1' },
  ];
  const problems: string[] = [];
  const hasAwsEnv = Boolean(source.AWS_PROFILE || source.AWS_ACCESS_KEY_ID || source.AWS_REGION || source.AWS_DEFAULT_REGION || source.AWS_CONTAINER_CREDENTIALS_FULL_URI || source.AWS_WEB_IDENTITY_TOKEN_FILE);
  if (source.AWS_ENDPOINT_URL) {
    connections.push({
      kind: 'endpoint',
      id: 'custom-endpoint',
      name: `Endpoint ${source.AWS_ENDPOINT_URL}`,
      endpoint: source.AWS_ENDPOINT_URL,
      region: source.AWS_REGION ?? source.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(source.AWS_PROFILE ? { profile: source.AWS_PROFILE } : {}),
    });
  } else if (hasAwsEnv) {
    connections.push({
      kind: 'aws',
      id: 'aws',
      name: source.AWS_PROFILE ? `AWS (profile ${source.AWS_PROFILE})` : 'AWS (default credentials)',
      ...(source.AWS_PROFILE ? { profile: source.AWS_PROFILE } : {}),
      ...(source.AWS_REGION ?? source.AWS_DEFAULT_REGION ? { region: source.AWS_REGION ?? source.AWS_DEFAULT_REGION } : {}),
    });
  }
  const file = path.join(env.SLUICE_DATA_DIR, 'connections.json');
  if (existsSync(file)) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
      } else {
        for (const c of parsed.data.connections) {
          if (connections.some((x) => x.id === c.id)) problems.push(`${file}: connection id "${c.id}" is used twice; ids must be unique.`);
          else connections.push(c);
        }
      }
    } catch (err) {
      problems.push(`${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return { connections, problems };
}

export function getConnection(id: string | undefined, config: ConnectionConfig = listConnections()): Connection {
  return config.connections.find((c) => c.id === id) ?? config.connections[0]!;
}
