import { z } from 'zod';
import { MIN_TOKEN_LENGTH } from '@/lib/auth/startup';

const portSchema = z.coerce.number().int().min(1).max(65535);

/** Process configuration, parsed once. Every setting has a safe default so `npm start` works with no setup. */
export const envSchema = z.object({
  /** Interface the console listens on. 127.0.0.1 by default: the console can create IAM roles. */
  SLUICE_HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portSchema.default(3000),
  /** Directory for the console's and the sandbox's SQLite files. */
  SLUICE_DATA_DIR: z.string().min(1).default('.sluice'),
  SLUICE_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SLUICE_SANDBOX_PORT: portSchema.default(4566),
  /** Optional dashboard token; when set, every page and server action requires a session signed in with it. */
  SLUICE_TOKEN: z.string().min(MIN_TOKEN_LENGTH).optional(),
  /** Extra Host names the console answers to (comma-separated), e.g. a reverse proxy's public name. */
  SLUICE_ALLOWED_HOSTS: z.string().optional(),
  /** PostgreSQL connection URL; when set, the console keeps its state there instead of `{dataDir}/console.db`. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// URL such as postgres://sluice:secret@db.internal:5432/sluice' }).optional(),
  /** OpenID Connect sign-in (lib/auth/oidc.ts): the issuer URL, the client registered there, and its secret. */
  SLUICE_OIDC_ISSUER: z.url().optional(),
  SLUICE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SLUICE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The ID token claim that carries the user's role (viewer, tester, operator, admin), and the role when it is absent. */
  SLUICE_OIDC_ROLE_CLAIM: z.string().min(1).default('sluice_role'),
  SLUICE_OIDC_DEFAULT_ROLE: z.enum(['viewer', 'tester', 'operator', 'admin']).default('viewer'),
  /** The console's public URL, for the OIDC redirect URI (default http://{host}:{port}). */
  SLUICE_PUBLIC_URL: z.url().optional(),
  /** How long an apply's lock outlives its last heartbeat; a job silent for longer is marked failed. */
  SLUICE_JOB_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(15),
  /** How long a single sign-on session lasts, in hours. */
  SLUICE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
});
export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses process.env; throws with the offending variable named when a value is invalid. */
export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && cached) return cached;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

export function sandboxEndpoint(env: Env = getEnv()): string {
  return `http://${env.SLUICE_SANDBOX_HOST}:${env.SLUICE_SANDBOX_PORT}`;
}
