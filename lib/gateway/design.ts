import { z } from 'zod';
import { deployedResponses, integrationUri, jsonProtocolSampleBody, parseMethodRequestKey, roleArn, type IntegrationDesign } from '@/lib/design';
import { methodConfigOf, type StoredMethod, type StoredRequestValidator } from './method-config';
import { emptyRecord } from '@/lib/records';
import { ownRecordSchema } from '@/lib/records-schema';
import { decodePathRest } from './path-segments';
import { buildIntegrationRequest, configurationError } from './request';
import type { BuildResult, InvocationContext, MethodConfig, MethodRequest } from './types';

/**
 * The method a design deploys, as API Gateway stores it (what GetMethod returns after Sluice's apply: PutMethod,
 * PutIntegration, PutMethodResponse and PutIntegrationResponse from lib/design's derived calls). Tolerates designs
 * that fail validation (the doctor analyses those too). The equivalence test holds it against the sandbox's GetMethod.
 */
export function storedMethodFromDesign(design: IntegrationDesign): StoredMethod {
  const requestParameters = { ...(design.method?.requestParameters ?? {}) };
  const integration = design.integration;
  const responses = deployedResponses(design);
  return {
    httpMethod: design.method?.httpMethod ?? 'POST',
    requestParameters,
    ...(Object.values(requestParameters).some(Boolean) ? { requestValidatorId: DESIGN_VALIDATOR_ID } : {}),
    methodIntegration: {
      type: 'AWS',
      uri: integrationUri(design),
      httpMethod: integration.integrationHttpMethod,
      credentials: design.executionRole ? roleArn(design) : '',
      requestParameters: { ...(integration.requestParameters ?? {}) },
      requestTemplates: { ...(integration.requestTemplates ?? {}) },
      passthroughBehavior: integration.passthroughBehavior ?? 'WHEN_NO_MATCH',
      timeoutInMillis: integration.timeoutInMillis,
      ...(integration.contentHandling ? { contentHandling: integration.contentHandling } : {}),
      integrationResponses: Object.fromEntries(
        responses.integrationResponses.map((r) => [
          r.statusCode,
          {
            statusCode: r.statusCode,
            ...(r.selectionPattern ? { selectionPattern: r.selectionPattern } : {}),
            responseParameters: { ...r.responseParameters },
            responseTemplates: { ...r.responseTemplates },
            ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
          },
        ]),
      ),
    },
    methodResponses: Object.fromEntries(
      responses.methodResponses.map((r) => [r.statusCode, { statusCode: r.statusCode, responseParameters: { ...r.responseParameters }, responseModels: { ...r.responseModels } }]),
    ),
  };
}

/** The validator Sluice deploys whenever a parameter is required: API Gateway enforces "required" only with one. */
const DESIGN_VALIDATOR_ID = 'design-validator';
const DESIGN_VALIDATORS: Record<string, StoredRequestValidator> = { [DESIGN_VALIDATOR_ID]: { validateRequestParameters: true, validateRequestBody: false } };

/** The method configuration a design deploys, through the same adapter the sandbox uses for stored methods. */
export function methodConfigFromDesign(design: IntegrationDesign): MethodConfig {
  // An AWS integration always converts; the fallback only satisfies the type.
  return methodConfigOf(design.resourcePath, storedMethodFromDesign(design), DESIGN_VALIDATORS)!;
}

const stringOrList = z.union([z.string(), z.array(z.string())]);

/** A sample request as written in a request file or the preview form. */
export const sampleRequestSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().optional(),
  query: ownRecordSchema(stringOrList).optional(),
  headers: ownRecordSchema(stringOrList).optional(),
  body: z.string().optional(),
});
export type SampleRequest = z.infer<typeof sampleRequestSchema>;

/** The AWS Knowledge Center article's query-protocol test request: POST `{"message": "Hello World"}` with `Content-Type: application/json`. */
export const HELLO_WORLD_SAMPLE_REQUEST: SampleRequest = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: '{\n"message": "Hello World"\n}',
};

/**
 * The request the AWS Knowledge Center article tests a design with: its JSON-protocol curl (x-amz-json Content-Type, X-Amz-Target, a body
 * with this queue's URL) for the JSON protocol, otherwise `{"message": "Hello World"}`; plus a value for every
 * required header or query parameter the method declares.
 */
export function defaultSampleRequest(design: IntegrationDesign): SampleRequest {
  const base: SampleRequest =
    design.protocol === 'json'
      ? {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
          body: jsonProtocolSampleBody(design),
        }
      : { ...HELLO_WORLD_SAMPLE_REQUEST, headers: { ...HELLO_WORLD_SAMPLE_REQUEST.headers } };
  const headers = { ...(base.headers ?? {}) };
  const query: Record<string, string> = {};
  for (const [key, required] of Object.entries(design.method?.requestParameters ?? {})) {
    const parsed = parseMethodRequestKey(key);
    if (!required || !parsed.ok) continue;
    if (parsed.value.location === 'header' && !Object.keys(headers).some((h) => h.toLowerCase() === parsed.value.name.toLowerCase())) {
      headers[parsed.value.name] = 'customer-4711';
    } else if (parsed.value.location === 'querystring') query[parsed.value.name] = 'example';
  }
  return { ...base, headers, ...(Object.keys(query).length > 0 ? { query } : {}) };
}

function toList(v: string | string[]): string[] {
  return typeof v === 'string' ? [v] : v;
}

/** Path parameters of `path` against a resource path template (`/things/{id}`, greedy `{proxy+}`); `{}` when it does not match. */
export function matchResourcePath(resourcePath: string, path: string): Record<string, string> {
  const names: string[] = [];
  const pattern = resourcePath
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  if (!match) return emptyRecord();
  return Object.fromEntries(names.map((n, i) => [n, decodePathRest(match[i + 1]!)]));
}

/** A design's method request for a sample request (defaults: the design's method and resource path). */
export function methodRequestFromSample(design: IntegrationDesign, sample: SampleRequest): MethodRequest {
  const path = sample.path ?? design.resourcePath;
  return {
    httpMethod: sample.method ?? design.method?.httpMethod ?? 'POST',
    path,
    pathParameters: matchResourcePath(design.resourcePath, path),
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(sample.query ?? {}).map(([k, v]) => [k, toList(v)])),
    multiValueHeaders: Object.fromEntries(Object.entries(sample.headers ?? {}).map(([k, v]) => [k, toList(v)])),
    ...(sample.body !== undefined ? { body: sample.body } : {}),
  };
}

export const SAMPLE_API_ID = 'a1b2c3d4e5';
export const SAMPLE_REQUEST_ID = '8b2f7c1e-0d4a-4a6e-9c1b-3f4d5e6a7b8c';

/** The invocation context the preview uses for a design: its region, account, stage and stage variables. */
export function invocationContextForDesign(design: IntegrationDesign, overrides: Partial<InvocationContext> = {}): InvocationContext {
  return {
    apiId: design.restApi?.mode === 'existing' ? design.restApi.id : SAMPLE_API_ID,
    stage: design.stageName,
    accountId: design.accountId,
    region: design.region,
    requestId: SAMPLE_REQUEST_ID,
    sourceIp: '203.0.113.42',
    userAgent: 'curl/8.5.0',
    requestTime: new Date(),
    extendedRequestId: 'Vx3Kf2bXoAMEb7Q=',
    resourceId: 'abc123',
    stageVariables: { ...(design.stageVariables ?? {}) },
    ...overrides,
  };
}

/** What API Gateway would send to SQS for this design and sample request (the live preview's one call). */
export function previewDesign(design: IntegrationDesign, sample: SampleRequest = defaultSampleRequest(design), context?: Partial<InvocationContext>): BuildResult {
  const config = methodConfigFromDesign(design);
  const request = methodRequestFromSample(design, sample);
  const ctx = invocationContextForDesign(design, context);
  // The preview runs on every keystroke of a possibly half-typed design: it answers, never throws. An exception here
  // is a Sluice bug, shown the way API Gateway shows a configuration it cannot run.
  try {
    return buildIntegrationRequest(config, request, ctx);
  } catch (err) {
    return configurationError(config, request, ctx, `Sluice could not preview this request (${err instanceof Error ? err.message : String(err)})`);
  }
}
