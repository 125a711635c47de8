import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { requestAuthorization, requestCredential, requestPresignedParameters, sigV4SigningKey, type SigV4Credential } from '@/lib/sandbox/http';
import type { AwsErrorDetails, SandboxRequest } from '@/lib/sandbox/types';
import { emptyRecord, own } from '@/lib/records';

/** What a request says about its signature, from the Authorization header or from presigned `X-Amz-*` query parameters. */
export type SignatureClaim = {
  credential: SigV4Credential;
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Date` (`yyyymmddThhmmssZ`). */
  amzDate: string | undefined;
  securityToken: string | undefined;
  /** `X-Amz-Expires` as sent (validated by verifySignature). */
  presigned: { expires: string } | null;
};

export function readSignatureClaim(req: SandboxRequest): SignatureClaim | null {
  const header = requestAuthorization(req);
  if (header) {
    return {
      credential: header.credential,
      signedHeaders: header.signedHeaders.map((h) => h.toLowerCase()),
      signature: header.signature,
      amzDate: req.headers['x-amz-date'],
      securityToken: req.headers['x-amz-security-token'],
      presigned: null,
    };
  }
  const params = requestPresignedParameters(req);
  const credential = requestCredential(req);
  if (!params || !credential) return null;
  const get = (name: string) => params.get(name) ?? '';
  return {
    credential,
    signedHeaders: get('X-Amz-SignedHeaders').split(';').filter(Boolean).map((h) => h.toLowerCase()),
    signature: get('X-Amz-Signature'),
    amzDate: get('X-Amz-Date'),
    securityToken: params.get('X-Amz-Security-Token') ?? undefined,
    presigned: { expires: get('X-Amz-Expires') },
  };
}

/** Query parameters decoded the way SigV4 canonicalisation expects them (it re-encodes them itself). */
function queryRecord(rawQuery: string): Record<string, string | string[]> {
  const out = emptyRecord<string | string[]>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = safeDecode(eq === -1 ? '' : pair.slice(eq + 1));
    const existing = own(out, key);
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type CanonicalInput = { method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, string> };

/**
 * The SDK's own canonicalisation (path normalisation and double encoding, query sorting and encoding), reached through
 * a subclass because `createCanonicalRequest` is protected. The HMAC chain is then computed with node:crypto, because
 * SandboxAuth.authenticate is synchronous while SignatureV4's signing methods are async.
 */
class CanonicalRequestBuilder extends SignatureV4 {
  constructor() {
    super({ credentials: { accessKeyId: '-', secretAccessKey: '-' }, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  }
  build(request: CanonicalInput, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    const httpRequest: HttpRequest = { ...request, protocol: 'http:', hostname: '' };
    return this.createCanonicalRequest(httpRequest, canonicalHeaders, payloadHash);
  }
}

const builder = new CanonicalRequestBuilder();

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const SIGNATURE_MISMATCH: AwsErrorDetails = {
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  status: 403,
};

/*
 * Only Amazon S3 takes the payload hash from `x-amz-content-sha256` (which may say UNSIGNED-PAYLOAD). SQS, IAM, STS
 * and execute-api hash the body they receive, so a signed request whose body was swapped does not verify (AWS General
 * Reference, "Create a canonical request": HashedPayload is the hash of the request body; S3 documents the header as
 * its own extension). The sandbox serves no S3, so the set only keeps the rule visible.
 */
const DECLARED_PAYLOAD_HASH_SERVICES: ReadonlySet<string> = new Set(['s3']);

const MAX_EXPIRES_SECONDS = 604_800;

/** `X-Amz-Expires`: whole seconds, 1 to 604800 (7 days), with the texts AWS answers otherwise. */
function presignedExpires(value: string): { ok: true; seconds: number } | { ok: false; error: AwsErrorDetails } {
  const invalid = (message: string) => ({ ok: false as const, error: { code: 'AuthorizationQueryParametersError', message, status: 400 } });
  if (!/^-?\d+$/.test(value.trim())) return invalid('X-Amz-Expires should be a number');
  const seconds = Number(value.trim());
  if (seconds < 0) return invalid('X-Amz-Expires must be non-negative');
  if (seconds === 0) return invalid('X-Amz-Expires must be at least 1 second');
  if (seconds > MAX_EXPIRES_SECONDS) return invalid(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);
  return { ok: true, seconds };
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SKEW_MS = 15 * 60 * 1000;

function parseAmzDate(value: string): number | null {
  const m = AMZ_DATE.exec(value);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

const formatAmzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * Verifies a SigV4 signature: recomputes it over the received method, path, query, the signed headers only and the
 * payload hash, with the region and service of the credential scope and the date of `X-Amz-Date`.
 */
export function verifySignature(
  req: SandboxRequest,
  claim: SignatureClaim,
  secretAccessKey: string,
  now: number,
): { ok: true } | { ok: false; error: AwsErrorDetails } {
  const { credential } = claim;
  // AWS refuses an Authorization whose signature does not cover the Host header (it would be valid for any endpoint).
  if (!claim.signedHeaders.includes('host')) {
    return { ok: false, error: { code: 'IncompleteSignature', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", status: 400 } };
  }
  let expiresSeconds = 0;
  if (claim.presigned) {
    const expires = presignedExpires(claim.presigned.expires);
    if (!expires.ok) return expires;
    expiresSeconds = expires.seconds;
  }
  if (claim.amzDate === undefined) {
    return { ok: false, error: { code: 'IncompleteSignature', message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", status: 403 } };
  }
  const signedAt = parseAmzDate(claim.amzDate);
  if (signedAt === null || claim.amzDate.slice(0, 8) !== credential.date) return { ok: false, error: SIGNATURE_MISMATCH };
  if (claim.presigned) {
    if (now > signedAt + expiresSeconds * 1000) {
      return { ok: false, error: { code: 'AccessDenied', message: 'Request has expired', status: 403 } };
    }
  } else if (now - signedAt > SKEW_MS) {
    return {
      ok: false,
      error: {
        ...SIGNATURE_MISMATCH,
        message: `Signature expired: ${claim.amzDate} is now earlier than ${formatAmzDate(now - SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
      },
    };
  } else if (signedAt - now > SKEW_MS) {
    return {
      ok: false,
      error: {
        ...SIGNATURE_MISMATCH,
        message: `Signature not yet current: ${claim.amzDate} is still later than ${formatAmzDate(now + SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
      },
    };
  }

  const headers = emptyRecord<string>();
  for (const name of claim.signedHeaders) {
    const value = name === 'host' ? (own(req.headers, 'host') ?? req.host) : own(req.headers, name);
    if (value === undefined) return { ok: false, error: SIGNATURE_MISMATCH };
    headers[name] = value;
  }
  const canonicalHeaders = getCanonicalHeaders({ method: req.method, protocol: 'http:', hostname: '', path: req.path, headers }, undefined, new Set(claim.signedHeaders));

  const bodyHash = sha256Hex(req.body);
  const declared = req.headers['x-amz-content-sha256'];
  let payloadHash = bodyHash;
  if (declared !== undefined && DECLARED_PAYLOAD_HASH_SERVICES.has(credential.service)) {
    // The declared hash is what was signed; a body that does not match it was altered after signing.
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== bodyHash) return { ok: false, error: SIGNATURE_MISMATCH };
    payloadHash = declared;
  }

  const query = queryRecord(req.rawQuery);
  const canonicalRequest = builder.build({ method: req.method, path: req.path, query, headers }, canonicalHeaders, payloadHash);
  const scope = `${credential.date}/${credential.region}/${credential.service}/${credential.terminator}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${claim.amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = sigV4SigningKey(secretAccessKey, credential);
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const provided = Buffer.from(claim.signature);
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) return { ok: false, error: SIGNATURE_MISMATCH };
  return { ok: true };
}
