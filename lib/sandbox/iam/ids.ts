import 'server-only';
import { createHash, randomBytes, randomInt } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** IAM unique ids: a four-letter type prefix + 17 upper-case alphanumerics (`AROA…` roles, `ANPA…` managed policies). */
export function newUniqueId(prefix: 'AROA' | 'ANPA'): string {
  return prefix + randomFrom(UPPER_ALNUM, 17);
}

/**
 * Temporary access key ids are `ASIA` + 16 characters (20 in all), like STS's. The last four are a checksum of the
 * others so that a key the sandbox issued stays recognisable after its session row is purged: otherwise such a key
 * would fall into "unknown key → account root" and an old role session would gain full access.
 */
export function newTemporaryAccessKeyId(): string {
  const body = 'ASIA' + randomFrom(UPPER_ALNUM, 12);
  return body + accessKeyChecksum(body);
}

export function isSandboxIssuedAccessKeyId(accessKeyId: string): boolean {
  return /^ASIA[A-Z0-9]{16}$/.test(accessKeyId) && accessKeyChecksum(accessKeyId.slice(0, 16)) === accessKeyId.slice(16);
}

function accessKeyChecksum(body: string): string {
  const digest = createHash('sha256').update(`sluice-sts:${body}`).digest();
  let out = '';
  for (let i = 0; i < 4; i++) out += UPPER_ALNUM[digest[i]! % UPPER_ALNUM.length];
  return out;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64');
}

/** IAM prints dates as ISO 8601 without milliseconds (`2026-11-21T08:30:00Z`). */
export function iamDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
