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
