import 'server-only';
import { randomBytes, randomInt } from 'node:crypto';

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

/** Temporary access key ids are `ASIA` + 16 characters (20 in all), like STS's. */
export function newTemporaryAccessKeyId(): string {
  return 'ASIA' + randomFrom(UPPER_ALNUM, 16);
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
