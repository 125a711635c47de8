/** The analysis every rule reads (the design, its preview and the sample request) and the helpers rules share. */
import { awsQueueUrl, mediaType, type IntegrationDesign } from '@/lib/design';
import { defaultSampleRequest, previewDesign, type BuildResult, type IntegrationRequest, type SampleRequest } from '@/lib/gateway';
import { parseFormBody, type FormParse } from '../form';
import { formatDesignPath } from '../patch';
import { sourcesOf } from '../sources';
import { type DesignPath, type Finding, type Fix, type PatchOp, type RuleId, type Severity } from '../types';

export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const AMZ_JSON_TYPE = 'application/x-amz-json-1.0';
export const CONTENT_TYPE_KEY = 'integration.request.header.Content-Type';
export const TARGET_KEY = 'integration.request.header.X-Amz-Target';
/** A fixed clock keeps findings identical between keystrokes. */
export const SAMPLE_TIME = new Date('2026-11-21T07:43:49Z');
/** A body with the characters that form decoding changes (`+`, `&`, `%`) — used to show what SQS would store. */
export const SPECIAL_CHARACTERS_BODY = '{"note": "50% off & 2+2 deals"}';

/** Headers SQS (or SigV4) reads; any other `X-Amz-*` name is silently ignored by SQS. */
export const KNOWN_AMZ_HEADERS = new Set([
  'x-amz-target',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-user-agent',
  'x-amzn-query-mode',
  'x-amzn-trace-id',
]);

export type Analysis = {
  design: IntegrationDesign;
  sample: SampleRequest;
  preview?: BuildResult;
  sent?: IntegrationRequest;
  /** The body decoded as the query protocol's form (whatever Content-Type it is sent with). */
  form?: FormParse;
  /** The JSON document the JSON protocol would parse. */
  json?: { ok: true; value: unknown } | { ok: false; message: string };
};

export type Rule = (a: Analysis) => Finding[];

export function finding(id: RuleId, severity: Severity, path: DesignPath, title: string, explanation: string, fix?: Fix, evidence?: string): Finding {
  return { id, severity, field: formatDesignPath(path), title, explanation, sources: sourcesOf(explanation), ...(evidence !== undefined ? { evidence } : {}), ...(fix ? { fix } : {}) };
}

export function requestParameters(d: IntegrationDesign): Record<string, string> {
  return d.integration?.requestParameters ?? {};
}

export function requestTemplates(d: IntegrationDesign): Record<string, string> {
  return d.integration?.requestTemplates ?? {};
}

/** The key of a header mapping, whatever the case of the header name. */
export function headerMappingKey(d: IntegrationDesign, name: string): string | undefined {
  const lower = `integration.request.header.${name}`.toLowerCase();
  return Object.keys(requestParameters(d)).find((k) => k.toLowerCase() === lower);
}

export function sentHeader(req: IntegrationRequest | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return req?.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Replaces a header mapping (any case) with `value`. */
export function setHeaderMapping(d: IntegrationDesign, name: string, value: string): PatchOp[] {
  const existing = headerMappingKey(d, name);
  const key = `integration.request.header.${name}`;
  return [
    ...(existing !== undefined && existing !== key ? [{ op: 'delete' as const, path: ['integration', 'requestParameters', existing] }] : []),
    { op: 'set', path: ['integration', 'requestParameters', key], value },
  ];
}

export function templatePath(contentType: string): DesignPath {
  return ['integration', 'requestTemplates', contentType];
}

/** The request template that applies to the sample (what API Gateway chose), or the application/json one. */
export function activeTemplate(a: Analysis): { key: string; template: string } | undefined {
  const templates = requestTemplates(a.design);
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  const key = used ?? Object.keys(templates).find((k) => mediaType(k) === 'application/json');
  return key !== undefined && templates[key] !== undefined ? { key, template: templates[key] } : undefined;
}

export function sampleMediaType(a: Analysis): string {
  const entry = Object.entries(a.sample.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  const value = entry ? (typeof entry[1] === 'string' ? entry[1] : entry[1][entry[1].length - 1]) : undefined;
  return value ? mediaType(value) : 'application/json';
}

/**
 * The JSON-protocol template Sluice suggests: the queue pinned in the template (callers cannot address another
 * queue) and the whole request body as the message, escaped as a JSON string. `escapeJavaScript` escapes `'` as
 * `\'`, which JSON does not allow — AWS's documented `replaceAll` undoes it (aws-reference A.3).
 */
export function jsonProtocolTemplate(d: IntegrationDesign): string {
  return `{"QueueUrl": "${awsQueueUrl(d)}", "MessageBody": "$util.escapeJavaScript($input.body).replaceAll("\\\\'","'")"}`;
}

export function isThisQueueUrl(d: IntegrationDesign, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== `/${d.accountId}/${d.queue.name}`) return false;
  if (parsed.protocol === 'https:' && parsed.hostname === `sqs.${d.region}.amazonaws.com`) return true;
  // The local sandbox's queue URLs (docs/product.md "Conventions").
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(parsed.hostname);
}

export function jsonMember(a: Analysis, name: string): unknown {
  if (!a.json?.ok) return undefined;
  const v = a.json.value;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}

export function isJsonProtocolRequest(a: Analysis): boolean {
  return a.design.protocol === 'json';
}


export function analyse(design: IntegrationDesign, sampleRequest?: SampleRequest): Analysis {
  let sample: SampleRequest;
  try {
    sample = sampleRequest ?? defaultSampleRequest(design);
  } catch {
    sample = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello World"}' };
  }
  const analysis: Analysis = { design, sample };
  try {
    analysis.preview = previewDesign(design, sample, { requestTime: SAMPLE_TIME });
  } catch {
    return analysis;
  }
  if (analysis.preview.kind !== 'integration-request') return analysis;
  const sent = analysis.preview.request;
  analysis.sent = sent;
  if (design.protocol === 'json') {
    try {
      analysis.json = { ok: true, value: JSON.parse(sent.body) as unknown };
    } catch (err) {
      analysis.json = { ok: false, message: (err as Error).message };
    }
  } else {
    // Parsed even when the Content-Type is wrong: the other rules judge what the template means to send, and
    // queryContentType reports the header.
    analysis.form = parseFormBody(sent.body);
  }
  return analysis;
}
