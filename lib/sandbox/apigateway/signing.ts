import 'server-only';
import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { getCanonicalHeaders, prepareRequest, SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { HeaderList, IntegrationRequest } from '@/lib/gateway';
import { sigV4SigningKey } from '@/lib/sandbox/http';
import type { SandboxRequest } from '@/lib/sandbox/types';
import type { RoleCredentials } from './credentials';
import { emptyRecord } from '@/lib/records';

function decodeQuery(search: string): Record<string, string | string[]> {
  const out = emptyRecord<string | string[]>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * SignatureV4's own canonical request (path normalisation and double encoding, query sorting and encoding), reached
 * through a subclass because `createCanonicalRequest` is protected. Hashing and the HMAC chain are then done with
 * node:crypto, synchronously: SignatureV4.sign awaits a promise per digest and hashes with `@aws-crypto/sha256-js`
 * in JavaScript, which cost more than the rest of the integration request's path together.
 */
class CanonicalRequestBuilder extends SignatureV4 {
  constructor() {
    super({ credentials: { accessKeyId: '-', secretAccessKey: '-' }, region: 'us-east-1', service: 'sqs', sha256: Sha256, applyChecksum: false });
  }
  build(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
}

const builder = new CanonicalRequestBuilder();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** `SignatureV4#sign(request, { signingDate })` with `applyChecksum: false`, computed synchronously (same output). */
export function signSigV4(request: HttpRequest, credentials: RoleCredentials, region: string, service: string, now: Date): HttpRequest {
  const signed = prepareRequest(request);
  const longDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const date = longDate.slice(0, 8);
  const scope = `${date}/${region}/${service}/aws4_request`;
  signed.headers['x-amz-date'] = longDate;
  if (credentials.sessionToken) signed.headers['x-amz-security-token'] = credentials.sessionToken;
  const declared = Object.keys(signed.headers).find((name) => name.toLowerCase() === 'x-amz-content-sha256');
  const body: unknown = signed.body;
  const payloadHash =
    declared !== undefined
      ? signed.headers[declared]!
      : body === undefined || body === null
        ? sha256Hex('')
        : typeof body === 'string'
          ? sha256Hex(body)
          : ArrayBuffer.isView(body)
            ? sha256Hex(Buffer.from(body.buffer, body.byteOffset, body.byteLength))
            : body instanceof ArrayBuffer
              ? sha256Hex(Buffer.from(body))
              : 'UNSIGNED-PAYLOAD';
  const canonicalHeaders = getCanonicalHeaders(signed);
  const canonicalRequest = builder.build(signed, canonicalHeaders, payloadHash);
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = sigV4SigningKey(credentials.secretAccessKey, { date, region, service, terminator: 'aws4_request' });
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  signed.headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${Object.keys(canonicalHeaders).sort().join(';')}, Signature=${signature}`;
  return signed;
}

export type SignedDelivery = {
  /** The request handed to the sandbox's SQS, as it would arrive at `sqs.{region}.amazonaws.com`. */
  delivery: SandboxRequest;
  /** The integration request headers as sent (SigV4 headers first), for the execution log. */
  headers: HeaderList;
};

/**
 * Signs the integration request with the role's temporary credentials (SigV4, service from the URI host, region from
 * the URI) and turns it into the wire request SQS receives. Without credentials the request goes out unsigned and
 * SQS answers for itself.
 */
export async function signIntegrationRequest(request: IntegrationRequest, credentials: RoleCredentials | undefined, now: Date): Promise<SignedDelivery> {
  const url = new URL(request.url);
  const hostParts = url.hostname.split('.');
  const service = hostParts.length >= 4 ? hostParts[hostParts.length - 4]! : 'sqs';
  const region = hostParts.length >= 4 ? hostParts[hostParts.length - 3]! : 'us-east-1';
  const headers = emptyRecord<string>();
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  headers['host'] = url.host;
  const body = Buffer.from(request.body, 'utf8');
  const method = request.method.toUpperCase();

  const sent: HeaderList = [];
  if (credentials) {
    /*
     * Integration HTTP method GET (the AWS Knowledge Center's SignatureDoesNotMatch, aws-reference C.3): API Gateway signs a GET as a
     * request without payload — the hash in the signature is that of the empty string — while the mapped body still
     * travels with it. SQS hashes the body it receives, so the signature it computes differs. Which half of this AWS
     * does exactly (drop the body after signing, or sign without it) is not documented by AWS; the observable result, the
     * signature mismatch reported by SQS itself, is what the AWS Knowledge Center article documents.
     */
    const signedBody = method === 'GET' || method === 'HEAD' ? '' : request.body;
    const signed = signSigV4(
      { method, protocol: url.protocol, hostname: url.hostname, path: url.pathname, query: decodeQuery(url.search), headers: { ...headers }, body: signedBody },
      credentials,
      region,
      service,
      now,
    );
    for (const [name, value] of Object.entries(signed.headers)) {
      if (!(name.toLowerCase() in headers)) headers[name.toLowerCase()] = value;
    }
  }
  // Log order of AWS's execution logs: Authorization and X-Amz-Date first, the session token last (aws-reference D).
  if (credentials) sent.push(['Authorization', headers['authorization'] ?? ''], ['X-Amz-Date', headers['x-amz-date'] ?? '']);
  sent.push(...request.headers);
  if (credentials) sent.push(['X-Amz-Security-Token', headers['x-amz-security-token'] ?? '']);
  return {
    delivery: {
      method,
      path: url.pathname,
      rawQuery: url.search.replace(/^\?/, ''),
      headers,
      body,
      host: url.host,
      protocol: 'https',
    },
    headers: sent,
  };
}
