import { jsonProtocolSampleBody } from '@/lib/design/presets';
import type { IntegrationDesign, Protocol } from '@/lib/design';
import type { SampleRequest as GatewaySampleRequest } from './design';
import { groupPairs } from '@/lib/records';

/** The editable sample method request, as text fields the user types into. */
export type SampleRequest = {
  httpMethod: string;
  /** Request path below the stage, e.g. `/send`. */
  path: string;
  /** Query string without `?`, e.g. `a=1&b=2`. */
  query: string;
  /** One `Name: value` per line. */
  headers: string;
  body: string;
};

export const SAMPLE_BODY_IDS = ['hello-world', 'order', 'json-protocol', 'special-characters'] as const;
export type SampleBodyId = (typeof SAMPLE_BODY_IDS)[number];

export const SAMPLE_BODY_LABELS: Record<SampleBodyId, string> = {
  'hello-world': 'Hello World (AWS Knowledge Center example)',
  order: 'Order',
  'json-protocol': 'AWS JSON protocol body with QueueUrl',
  'special-characters': 'Special characters: & + % quotes unicode newlines',
};

export const SPECIAL_CHARACTERS_BODY = '{\n  "note": "Fish & chips + 50% off \\"today\\"",\n  "unicode": "café ☕ 日本"\n}';

export function sampleBody(id: SampleBodyId, design: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>): string {
  switch (id) {
    case 'hello-world':
      return '{"message": "Hello World"}';
    case 'order':
      return '{"orderId": "12345", "item": "widget", "quantity": 10}';
    case 'json-protocol':
      return jsonProtocolSampleBody(design);
    case 'special-characters':
      return SPECIAL_CHARACTERS_BODY;
  }
}

/** The sample with every mention of the old queue URL in its body replaced by the new one (after a queue rename). */
export function followQueueUrl(sample: SampleRequest, oldUrl: string, newUrl: string): SampleRequest {
  if (oldUrl === newUrl || !sample.body.includes(oldUrl)) return sample;
  return { ...sample, body: sample.body.split(oldUrl).join(newUrl) };
}

/** What a client of this protocol sends (the AWS Knowledge Center article's curl commands). */
export function defaultSampleHeaders(protocol: Protocol): string {
  return protocol === 'json' ? 'Content-Type: application/x-amz-json-1.0\nX-Amz-Target: AmazonSQS.SendMessage' : 'Content-Type: application/json';
}

/** The text form of a lib/gateway sample request (e.g. its `defaultSampleRequest(design)`). */
export function sampleFromGateway(g: GatewaySampleRequest, design: Pick<IntegrationDesign, 'resourcePath'>): SampleRequest {
  const list = (v: string | string[]) => (typeof v === 'string' ? [v] : v);
  return {
    httpMethod: g.method ?? 'POST',
    path: g.path ?? design.resourcePath,
    query: Object.entries(g.query ?? {})
      .flatMap(([k, v]) => list(v).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
      .join('&'),
    headers: Object.entries(g.headers ?? {})
      .flatMap(([k, v]) => list(v).map((x) => `${k}: ${x}`))
      .join('\n'),
    body: g.body ?? '',
  };
}

/** The non-blank lines of a headers text that are not `Name: value` (parseHeaderLines would skip them). */
export function malformedHeaderLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && (line.indexOf(':') <= 0 || line.slice(0, line.indexOf(':')).trim() === ''));
}

/** Headers text → ordered [name, value] pairs; lines without a colon are ignored (see malformedHeaderLines). */
export function parseHeaderLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const idx = line.indexOf(':');
    if (idx <= 0) continue;
    const name = line.slice(0, idx).trim();
    if (name) out.push([name, line.slice(idx + 1).trim()]);
  }
  return out;
}

/** The text form → lib/gateway's sample request (repeated headers and query parameters become lists). */
export function toGatewaySample(sample: SampleRequest): GatewaySampleRequest {
  const headers = groupPairs(parseHeaderLines(sample.headers));
  const query = groupPairs(new URLSearchParams(sample.query.replace(/^\?/, '')));
  return { method: sample.httpMethod, path: sample.path, headers, query, body: sample.body };
}
