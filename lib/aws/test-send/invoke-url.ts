import 'server-only';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { maskHeaders, type SendRequest, stageRequestUrl } from '@/lib/test-panel/request';
import { groupPairs } from '@/lib/records';
import { readThrown } from '../errors';
import { elapsed, type SendOutcome } from './types';

export type InvokeUrlOptions = {
  /** `…/{stage}` without a trailing slash. */
  stageUrl: string;
  region: string;
  /** Set when the method uses AWS_IAM: the request is SigV4-signed for `execute-api` with these credentials. */
  iamCredentials?: Provider<AwsCredentialIdentity>;
  /** The caller's API key for this one send; used for the header and forgotten. */
  apiKey?: string;
  timeoutMs?: number;
};

/** SigV4 for `execute-api`, the way an IAM-authorized caller signs an invoke URL request; `host` is left to fetch. */
async function signForExecuteApi(
  region: string,
  credentials: Provider<AwsCredentialIdentity>,
  url: URL,
  req: SendRequest,
  headers: Record<string, string>,
  hasBody: boolean,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: groupPairs(url.searchParams),
    headers: { ...headers, host: url.host },
    ...(hasBody ? { body: req.body } : {}),
  });
  return Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
}

/**
 * A real HTTP request from the server to the deployed stage. Latency is wall time from sending the request to having
 * read the whole body. Never throws: network errors become `ok: false`.
 */
export async function invokeUrlSend(options: InvokeUrlOptions, req: SendRequest): Promise<SendOutcome> {
  const target = stageRequestUrl(options.stageUrl, req);
  if (!target.ok) return { ok: false, error: { name: 'BadRequest', message: target.message }, latencyMs: 0 };
  const url = target.url;
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) {
    const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
    if (existing) headers[existing] = `${headers[existing]},${v}`;
    else headers[k] = v;
  }
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const hasBody = req.body !== '' && req.method !== 'GET' && req.method !== 'HEAD';
  const t0 = performance.now();
  try {
    const sendHeaders = options.iamCredentials ? await signForExecuteApi(options.region, options.iamCredentials, url, req, headers, hasBody) : headers;
    const res = await fetch(url, {
      method: req.method,
      headers: sendHeaders,
      ...(hasBody ? { body: req.body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 35_000),
      redirect: 'manual',
    });
    const body = await res.text();
    const latencyMs = elapsed(t0);
    return { ok: true, response: { status: res.status, headers: maskHeaders([...res.headers.entries()]), body, latencyMs } };
  } catch (err) {
    const e = readThrown(err);
    const name = e.name === 'TimeoutError' ? 'TimeoutError' : e.cause?.code ?? e.name ?? 'Error';
    return { ok: false, error: { name, message: e.cause?.message ?? e.message ?? String(err) }, latencyMs: elapsed(t0) };
  }
}
