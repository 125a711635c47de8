import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';

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
  return `${randomBytes(11).toString('base64').slice(0, 15)}=`;
}

/** X-Ray trace header value: `Root=1-{epoch seconds hex}-{24 hex}`. */
export function newTraceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}
