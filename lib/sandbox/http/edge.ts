import 'server-only';
import { isIP } from 'node:net';
import type { SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { acceptsJson, jsonErrorResponse, xmlErrorResponse } from './errors';
import { mediaType } from './form';

/** An AWS-style error in the shape the request asks for: AWS JSON for `x-amz-json` bodies or `Accept: application/json`, else query XML. */
export function awsErrorFor(req: SandboxRequest, error: { code: string; message: string; status: number }): SandboxResponse {
  const mt = mediaType(req.headers['content-type']);
  if (mt.startsWith('application/x-amz-json') || acceptsJson(req.headers)) {
    return jsonErrorResponse({
      type: `com.amazon.coral.service#${error.code}`,
      message: error.message,
      status: error.status,
      contentType: mt.startsWith('application/x-amz-json') ? mt : 'application/json',
    });
  }
  return xmlErrorResponse(error);
}

const EXECUTE_API_HOST = /^[a-z0-9]{10}\.execute-api\.localhost$/;

/** Splits a Host header into name and port (`[::1]:4566` → `::1`, `4566`); lower-cased. */
function splitHost(host: string): { name: string; port: string | undefined } {
  const h = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(h);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] };
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && h.indexOf(':') === colon) return { name: h.slice(0, colon), port: h.slice(colon + 1) };
  return { name: h, port: undefined };
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

export type EdgePolicy = {
  /** The interface the sandbox listens on (`127.0.0.1`, `0.0.0.0`, a LAN address…). */
  listenHost: string;
  /** True for requests to an invoke URL, which browsers may call like any public API Gateway endpoint. */
  isInvokeRequest(req: SandboxRequest): boolean;
};

/**
 * What the sandbox refuses before any service sees a request arriving over HTTP (in-process integration requests
 * never pass here):
 * - a Host that is not one of its own names, so a page on an attacker's domain re-pointed at 127.0.0.1 (DNS
 *   rebinding) is not served. Allowed: loopback names (127.0.0.0/8, localhost, [::1]), the listen address, the invoke
 *   URL form `{apiId}.execute-api.localhost`, with any port; IP literals too when listening on all interfaces, since
 *   a rebinding attack needs a DNS name;
 * - web-page requests (`Origin`, or `Sec-Fetch-Site` other than `none`) to the AWS APIs: AWS SDKs and CLIs never
 *   send those headers, and a plain cross-site form or image could otherwise create roles and queues. Invoke URLs
 *   are exempt: on AWS they are public endpoints that browsers call (CORS designs answer their preflight).
 */
export function refuseAtEdge(req: SandboxRequest, policy: EdgePolicy): SandboxResponse | undefined {
  const hostHeader = req.headers['host'];
  if (hostHeader !== undefined && !hostAllowed(hostHeader, policy.listenHost)) {
    return awsErrorFor(req, {
      code: 'AccessDenied',
      message: `The Sluice sandbox does not answer to the host name '${hostHeader}'. Use 127.0.0.1, localhost or [::1] (or the address it listens on); other names are refused to block DNS rebinding from web pages.`,
      status: 403,
    });
  }
  if (policy.isInvokeRequest(req)) return undefined;
  const site = req.headers['sec-fetch-site']?.trim().toLowerCase();
  // `same-origin` too: a page served by an invoke URL shares the sandbox's origin. `none` is the user typing a URL.
  const fromPage = req.headers['origin'] !== undefined ? 'an Origin header' : site !== undefined && site !== 'none' ? `Sec-Fetch-Site: ${site}` : undefined;
  if (fromPage) {
    return awsErrorFor(req, {
      code: 'AccessDenied',
      message: `The Sluice sandbox refuses requests sent by web pages (this one carries ${fromPage}); AWS SDKs and the AWS CLI never send it. Call the sandbox from an AWS client or from the Sluice console.`,
      status: 403,
    });
  }
  return undefined;
}

function hostAllowed(host: string, listenHost: string): boolean {
  const { name, port } = splitHost(host);
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return false;
  if (isLoopbackName(name) || EXECUTE_API_HOST.test(name)) return true;
  const listen = splitHost(listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost).name;
  if (listen === '0.0.0.0' || listen === '::') return isIP(name) !== 0;
  return name === listen;
}
