import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';

/*
 * Every invoke URL request draws a request id, an extended request id and a trace id; one randomBytes call per id was
 * a system call each (randomFillSync was the top frame of the invoke profile), so ids are cut from a pooled buffer.
 */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

function pooledRandom(n: number): Buffer {
  if (poolOffset + n > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 10 lower-case alphanumerics, the format of REST API, resource and deployment ids (e.g. `a1b2c3d4e5`). */
export function newApiGatewayId(): string {
  const bytes = randomBytes(10);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

export function newRequestId(): string {
  return randomUUID();
}

/** `x-amz-apigw-id` / `$context.extendedRequestId`: 16 characters of base64, e.g. `Ab1CdEfGhIjKlM0=`. */
export function newExtendedRequestId(): string {
  return `${pooledRandom(11).toString('base64').slice(0, 15)}=`;
}

/** X-Ray trace header value: `Root=1-{epoch seconds hex}-{24 hex}`. */
export function newTraceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${pooledRandom(12).toString('hex')}`;
}
