import { jsonProtocolSampleBody, type IntegrationDesign } from '@/lib/design';
import { defaultSampleRequest } from '@/lib/gateway';
import type { HeaderPairs, SendRequest } from '@/lib/test-panel/request';

/** A saved sample payload: a body and, where the protocol needs them, the headers that go with it. */
export type SamplePayload = { id: string; label: string; body: string; headers?: HeaderPairs };

const HELLO_WORLD = '{"message": "Hello World"}';
const ORDER = '{"orderId": "12345", "item": "widget", "quantity": 10}';
const SPECIAL_CHARACTERS = '{"note": "Fish & chips + 50% off \\"today\\"", "unicode": "café ☕ 日本"}';

const JSON_PROTOCOL_HEADERS: HeaderPairs = [
  ['Content-Type', 'application/x-amz-json-1.0'],
  ['X-Amz-Target', 'AmazonSQS.SendMessage'],
];
const JSON_HEADERS: HeaderPairs = [['Content-Type', 'application/json']];

/**
 * The samples offered for a design: the AWS Knowledge Center article's Hello World and an order for the query
 * protocol; for the JSON protocol the article's `{"QueueUrl": …, "MessageBody": "This is a test message"}` with its two headers.
 */
export function samplePayloads(d: Pick<IntegrationDesign, 'protocol' | 'region' | 'accountId' | 'queue'>): SamplePayload[] {
  // A live JSON-protocol method names no queue (each body does): the sample says where the name goes.
  const design = d.queue.name === '' ? { ...d, queue: { ...d.queue, name: 'QUEUE_NAME' } } : d;
  if (design.protocol === 'json') {
    return [
      { id: 'json-protocol', label: 'AWS Knowledge Center example: SendMessage "This is a test message" (AWS JSON protocol)', body: jsonProtocolSampleBody(design), headers: JSON_PROTOCOL_HEADERS },
      { id: 'json-order', label: 'Order as MessageBody (AWS JSON protocol)', body: jsonProtocolSampleBody(design, ORDER), headers: JSON_PROTOCOL_HEADERS },
    ];
  }
  return [
    { id: 'hello-world', label: 'AWS Knowledge Center example: {"message": "Hello World"}', body: HELLO_WORLD, headers: JSON_HEADERS },
    { id: 'order', label: 'Order 12345, widget × 10', body: ORDER, headers: JSON_HEADERS },
    { id: 'special-characters', label: 'Special characters: & + % quotes unicode', body: SPECIAL_CHARACTERS, headers: JSON_HEADERS },
  ];
}

/** The request the panel opens with: the design's default sample request (required parameters filled in) with the first sample's body. */
export function initialRequest(design: IntegrationDesign): SendRequest {
  const sample = defaultSampleRequest(design);
  const first = samplePayloads(design)[0]!;
  const method = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const).find((m) => m === sample.method) ?? 'POST';
  const list = (v: string | string[]) => (typeof v === 'string' ? [v] : v);
  const path = sample.path ?? design.resourcePath;
  return {
    method,
    path: path.startsWith('/') ? path : `/${path}`,
    query: Object.entries(sample.query ?? {}).flatMap(([k, v]) => list(v).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`)).join('&'),
    headers: Object.entries(sample.headers ?? {}).flatMap(([k, v]) => list(v).map((x): [string, string] => [k, x])),
    body: first.body,
  };
}
