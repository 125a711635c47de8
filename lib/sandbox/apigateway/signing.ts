import 'server-only';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderList, IntegrationRequest } from '@/lib/gateway';
import type { SandboxRequest } from '@/lib/sandbox/types';
import type { RoleCredentials } from './credentials';

function decodeQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
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

const signers = new Map<string, SignatureV4>();

/** Signers are reused per role session (they cache derived signing keys). */
function signerFor(credentials: RoleCredentials, region: string, service: string): SignatureV4 {
  const key = `${credentials.accessKeyId}/${region}/${service}`;
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size > 100) signers.clear();
    signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
    signers.set(key, signer);
  }
  return signer;
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
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  headers['host'] = url.host;
  const body = Buffer.from(request.body, 'utf8');
  const method = request.method.toUpperCase();

  const sent: HeaderList = [];
  if (credentials) {
    const signer = signerFor(credentials, region, service);
    /*
     * Integration HTTP method GET (seed 002's SignatureDoesNotMatch, aws-reference C.3): API Gateway signs a GET as a
     * request without payload — the hash in the signature is that of the empty string — while the mapped body still
     * travels with it. SQS hashes the body it receives, so the signature it computes differs. Which half of this AWS
     * does exactly (drop the body after signing, or sign without it) is [unverified]; the observable result, the
     * signature mismatch reported by SQS itself, is what seed 002 documents.
     */
    const signedBody = method === 'GET' || method === 'HEAD' ? '' : request.body;
    const signed = await signer.sign(
      { method, protocol: url.protocol, hostname: url.hostname, path: url.pathname, query: decodeQuery(url.search), headers: { ...headers }, body: signedBody },
      { signingDate: now },
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
