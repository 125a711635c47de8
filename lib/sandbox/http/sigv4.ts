import 'server-only';
import { createHmac } from 'node:crypto';
import type { RoutingInfo, SandboxRequest } from '@/lib/sandbox/types';

export type SigV4Credential = {
  accessKeyId: string;
  /** `yyyymmdd` */
  date: string;
  region: string;
  service: string;
  terminator: string;
};

export type SigV4Authorization = {
  algorithm: string;
  credential: SigV4Credential;
  signedHeaders: string[];
  signature: string;
};

/** Parses `AKID/20240101/us-east-1/sqs/aws4_request`; null when it does not have five parts. */
export function parseSigV4Credential(value: string): SigV4Credential | null {
  const parts = value.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return null;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/**
 * Parses an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. Returns null when
 * the header is absent or not SigV4. Does not verify anything.
 */
export function parseSigV4Authorization(header: string | undefined): SigV4Authorization | null {
  if (!header) return null;
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space === -1) return null;
  const algorithm = trimmed.slice(0, space);
  if (!algorithm.startsWith('AWS4-')) return null;
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = parseSigV4Credential(fields.get('Credential') ?? '');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || signedHeaders === undefined || signature === undefined) return null;
  return { algorithm, credential, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}

type ParsedSignature = { authorization: SigV4Authorization | null; presigned: URLSearchParams | null; credential: SigV4Credential | null };

const parsed = new WeakMap<SandboxRequest, ParsedSignature>();

// Router, service and auth all ask for these; parse once per request object.
function parsedSignature(req: SandboxRequest): ParsedSignature {
  let p = parsed.get(req);
  if (!p) {
    const authorization = parseSigV4Authorization(req.headers['authorization']);
    const presigned = authorization ? null : readPresignedParameters(req);
    const credential = authorization ? authorization.credential : parseSigV4Credential(presigned?.get('X-Amz-Credential') ?? '');
    p = { authorization, presigned: credential ? presigned : null, credential };
    parsed.set(req, p);
  }
  return p;
}

/** The request's parsed `Authorization` header ({@link parseSigV4Authorization}), null when absent or not SigV4. */
export function requestAuthorization(req: SandboxRequest): SigV4Authorization | null {
  return parsedSignature(req).authorization;
}

/** The SigV4 credential of a request: from the Authorization header, else from a presigned `X-Amz-Credential`. */
export function requestCredential(req: SandboxRequest): SigV4Credential | null {
  return parsedSignature(req).credential;
}

/** The `X-Amz-*` query parameters every SigV4 presigned request carries (AWS General Reference, "Signature Version 4 query parameters"). */
export const PRESIGNED_PARAMETERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

/**
 * A request is presigned only when it carries the whole parameter set with the SigV4 algorithm; a stray
 * `X-Amz-Credential` (as a cross-site form could send) leaves it unsigned, i.e. MissingAuthenticationToken.
 */
function readPresignedParameters(req: SandboxRequest): URLSearchParams | null {
  if (!req.rawQuery.includes('X-Amz-')) return null;
  const params = new URLSearchParams(req.rawQuery);
  if (PRESIGNED_PARAMETERS.some((name) => !params.get(name))) return null;
  return params.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' ? params : null;
}

/** The presigned query parameters of a request ({@link PRESIGNED_PARAMETERS}), null when it is not presigned. */
export function requestPresignedParameters(req: SandboxRequest): URLSearchParams | null {
  return parsedSignature(req).presigned;
}

/** What the router learns from a request's signature scope and `X-Amz-Target`. */
export function routingInfo(req: SandboxRequest): RoutingInfo {
  const credential = requestCredential(req);
  const target = req.headers['x-amz-target'];
  const info: RoutingInfo = {};
  if (credential) {
    info.scopeService = credential.service;
    info.scopeRegion = credential.region;
  }
  if (target) info.target = target;
  return info;
}

const signingKeys = new Map<string, Buffer>();

/**
 * The SigV4 signing key `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), terminator)`. It depends
 * only on the secret and the credential scope, which stay the same for all of a session's requests of one day, so
 * each is derived once; the cache is keyed by the secret itself, so a different secret can never get another's key.
 */
export function sigV4SigningKey(secretAccessKey: string, scope: Omit<SigV4Credential, 'accessKeyId'>): Buffer {
  const cacheKey = `${secretAccessKey}\n${scope.date}\n${scope.region}\n${scope.service}\n${scope.terminator}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = createHmac('sha256', `AWS4${secretAccessKey}`).update(scope.date, 'utf8').digest();
    for (const part of [scope.region, scope.service, scope.terminator]) key = createHmac('sha256', key).update(part, 'utf8').digest();
    if (signingKeys.size >= 1000) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}
