/**
 * Which Host names the console answers to. A page on any site can make a browser send requests to 127.0.0.1 under
 * its own name (DNS rebinding): the Host and Origin headers then both carry the attacker's name and agree, so the
 * same-origin check of server actions passes. Answering only to names the console is known by stops that.
 */
export type HostPolicy = { names: ReadonlySet<string>; anyIpLiteral: boolean };

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

function normalise(name: string): string | undefined {
  const trimmed = name.trim().toLowerCase();
  if (!trimmed) return undefined;
  try {
    // A bare IPv6 address (two or more colons) needs brackets to parse as a host.
    const bare = !trimmed.startsWith('[') && trimmed.split(':').length > 2;
    return new URL(`http://${bare ? `[${trimmed}]` : trimmed}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The names allowed for a console listening on `host` (SLUICE_HOST) plus `extra` (SLUICE_ALLOWED_HOSTS: comma-separated
 * names, e.g. the public name of a reverse proxy). Listening on every interface, any IP address is allowed as well: an
 * address cannot be rebound, only a DNS name can.
 */
export function hostPolicy(host: string, extra: string | undefined): HostPolicy {
  const names = new Set(LOOPBACK_NAMES);
  const listening = host.trim().toLowerCase();
  const anyIpLiteral = WILDCARD_ADDRESSES.has(listening);
  if (!anyIpLiteral) {
    const n = normalise(listening);
    if (n) names.add(n);
  }
  for (const entry of (extra ?? '').split(',')) {
    const n = normalise(entry);
    if (n) names.add(n);
  }
  return { names, anyIpLiteral };
}

const isIpLiteral = (hostname: string) => hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);

/** Whether a Host (or X-Forwarded-Host, or an Origin's host) value names this console. */
export function isAllowedHost(value: string | null | undefined, policy: HostPolicy): boolean {
  if (!value) return false;
  let hostname: string;
  try {
    const url = new URL(`http://${value.trim()}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
    hostname = url.hostname;
  } catch {
    return false;
  }
  if (policy.names.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)) return true;
  return policy.anyIpLiteral && isIpLiteral(hostname);
}

/** The host of an Origin header, or undefined for `null`, opaque or malformed origins. */
export function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
