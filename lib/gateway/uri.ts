import { own } from '@/lib/records';

export type ParsedIntegrationUri = {
  region: string;
  service: string;
  subdomain?: string;
  type: 'path' | 'action';
  /** What follows `path/` or `action/`. */
  rest: string;
};

const URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+|\$\{stageVariables\.[A-Za-z0-9._~-]+\}):([A-Za-z0-9.-]+):(path|action)\/(.*)$/s;

/** Parses an AWS integration `uri` (aws-reference B.1); `null` when it is not one. */
export function parseIntegrationUri(uri: string): ParsedIntegrationUri | null {
  const m = URI.exec(uri);
  if (!m) return null;
  const serviceParts = m[2]!.split('.');
  const service = serviceParts.pop()!;
  const subdomain = serviceParts.join('.');
  return { region: m[1]!, service, ...(subdomain ? { subdomain } : {}), type: m[3] as 'path' | 'action', rest: m[4]! };
}

/** An AWS integration `uri` that calls SQS: its region, `path` or `action`, and what follows; undefined otherwise. */
export function parseSqsIntegrationUri(uri: string): { region: string; kind: 'path' | 'action'; target: string; subdomain?: string } | undefined {
  const parsed = parseIntegrationUri(uri);
  if (!parsed || parsed.service !== 'sqs') return undefined;
  return { region: parsed.region, kind: parsed.type, target: parsed.rest, ...(parsed.subdomain ? { subdomain: parsed.subdomain } : {}) };
}

function substituteStageVariables(text: string, stageVariables: Record<string, string>): string {
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9._~-]+)\}/g, (_, name: string) => own(stageVariables, name) ?? '');
}

function encodeQuery(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The endpoint URL API Gateway calls: `…:sqs:path/{p}` → `https://sqs.{region}.amazonaws.com/{p}` (`path//` → `/`,
 * `{name}` from `integration.request.path.*`, `${stageVariables.x}`), `…:sqs:action/{A}` → `https://sqs.{region}.amazonaws.com/?Action=A`;
 * mapped query string parameters appended.
 */
export function buildEndpointUrl(
  uri: string,
  pathParameters: Record<string, string>,
  query: readonly (readonly [string, string])[],
  stageVariables: Record<string, string>,
): { ok: true; url: string } | { ok: false } {
  const parsed = parseIntegrationUri(substituteStageVariables(uri, stageVariables));
  if (!parsed) return { ok: false };
  const host = `${parsed.subdomain ? `${parsed.subdomain}.` : ''}${parsed.service}.${parsed.region}.amazonaws.com`;
  const params: string[] = [];
  let path: string;
  if (parsed.type === 'path') {
    const [rawPath, rawQuery] = splitOnce(parsed.rest, '?');
    path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
    path = path.replace(/\{([A-Za-z0-9._~-]+)(\+?)\}/g, (whole, name: string, greedy: string) => {
      const value = own(pathParameters, name);
      if (value === undefined) return whole;
      return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    });
    if (rawQuery) params.push(rawQuery);
  } else {
    const [action, rawQuery] = splitOnce(parsed.rest, '&');
    path = '/';
    params.push(`Action=${encodeQuery(action)}`);
    if (rawQuery) params.push(rawQuery);
  }
  for (const [k, v] of query) params.push(`${encodeQuery(k)}=${encodeQuery(v)}`);
  return { ok: true, url: `https://${host}${path}${params.length > 0 ? `?${params.join('&')}` : ''}` };
}

function splitOnce(text: string, sep: string): [string, string] {
  const idx = text.indexOf(sep);
  return idx < 0 ? [text, ''] : [text.slice(0, idx), text.slice(idx + 1)];
}
