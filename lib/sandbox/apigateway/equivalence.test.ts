import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetMethodCommand } from '@aws-sdk/client-api-gateway';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '@/lib/aws/apply';
import { type AwsClients, createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { planDesign } from '@/lib/aws/plan';
import { parseFormBody } from '@/lib/doctor';
import { createPresetDesign, type IntegrationDesign, PRESET_IDS, type PresetId } from '@/lib/design';
import { buildMethodResponse, invocationContextForDesign, methodConfigFromDesign, methodRequestFromSample, previewDesign, storedMethodFromDesign, type HeaderList, type SampleRequest } from '@/lib/gateway';
import { defaultServices, type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { sqsService } from '@/lib/sandbox/sqs/service';
import type { SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';

/**
 * "The preview shows what the sandbox sends": for every preset and for generated design variants and requests, what
 * the preview says API Gateway sends to SQS (method, URL, headers, body) and answers is held against what the
 * sandbox's data plane really sends to its SQS and answers — status, headers and body. A spy service in front of SQS
 * records each integration request and SQS's answer; the preview is given that same SQS answer.
 */

type Captured = { req: SandboxRequest; res: SandboxResponse };
let captured: Captured[] = [];
const spy: SandboxService = {
  name: 'integration-spy',
  migrate: () => {},
  // In-process deliveries from the data plane are addressed to SQS's AWS host, as API Gateway would send them.
  matches: (req) => /^sqs\.[a-z0-9-]+\.amazonaws\.com$/.test(req.host),
  handle: async (req, ctx) => {
    const res = await sqsService.handle(req, ctx);
    captured.push({ req, res });
    return res;
  },
};

let sandbox: RunningSandbox;
let dataDir: string;
let clients: AwsClients;
let connection: Connection;
let port: number;

type Deployed = { design: IntegrationDesign; apiId: string; resourceId: string };
const deployed: Deployed[] = [];

/** Variants a user reaches in the wizard: passthrough behaviour, an extra text/plain template, a template dropped. */
type Variant = { preset: PresetId; passthrough: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER'; extraTemplate: boolean; dropTemplates: boolean; pathParameter?: boolean };
const VARIANTS: Variant[] = PRESET_IDS.flatMap((preset): Variant[] =>
  (['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const).flatMap((passthrough) =>
    [
      { preset, passthrough, extraTemplate: false, dropTemplates: false },
      { preset, passthrough, extraTemplate: true, dropTemplates: false },
      ...(preset === 'json-documented' ? [] : [{ preset, passthrough, extraTemplate: false, dropTemplates: true }]),
    ],
  ),
).concat([
  // A resource with a path parameter that the template reads: raw and broken percent-escapes in the request path.
  { preset: 'query-urlencoded', passthrough: 'WHEN_NO_TEMPLATES', extraTemplate: false, dropTemplates: false, pathParameter: true },
]);

function designFor(v: Variant, n: number): IntegrationDesign {
  const d = createPresetDesign(v.preset, { queueName: `eq-${n}${v.preset === 'fifo' ? '.fifo' : ''}`, roleName: `eq-role-${n}`, apiName: `eq-${n}` });
  d.integration.passthroughBehavior = v.passthrough;
  if (v.extraTemplate) d.integration.requestTemplates['text/plain'] = 'Action=SendMessage&MessageBody=$util.urlEncode("plain: $input.body")';
  if (v.dropTemplates) d.integration.requestTemplates = {};
  if (v.pathParameter) {
    d.resourcePath = '/orders/{orderId}';
    d.integration.requestTemplates['application/json'] = "Action=SendMessage&MessageBody=$util.urlEncode($input.params('orderId'))";
  }
  return d;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-equivalence-'));
  sandbox = await startSandbox({ port: 0, dataDir, services: [spy, ...defaultServices] });
  port = Number(new URL(sandbox.url).port);
  connection = { kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  clients = createClients(connection);
  for (const [n, v] of VARIANTS.entries()) {
    const design = designFor(v, n);
    const result = await applyPlan(design, await planDesign(design, clients), clients, connection);
    expect(result.failed, JSON.stringify(result.failed)).toBeUndefined();
    deployed.push({ design, apiId: result.outputs.restApiId!, resourceId: result.outputs.resourceId! });
  }
}, 120_000);

afterAll(async () => {
  for (const c of [clients?.sqs, clients?.iam, clients?.sts, clients?.apigateway]) c?.destroy();
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Sent = { method: string; path: string; query: [string, string][]; headers: [string, string][]; body: string };

/** A raw HTTP request to the invoke URL, header names spelled as given (API Gateway keeps the client's casing). */
function invoke(apiId: string, stage: string, r: Sent): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const query = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: r.method, path: `/_aws/execute-api/${apiId}/${stage}${r.path}${query ? `?${query}` : ''}`, headers: Object.fromEntries(r.headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (r.body !== '') req.write(r.body);
    req.end();
  });
}

const lower = (h: HeaderList) => h.map(([k, v]) => [k.toLowerCase(), v] as const);
/** Headers every answer carries with per-request values (ids, dates, lengths). */
const VOLATILE = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-trace-id', 'date', 'content-length', 'connection', 'keep-alive']);

function sampleOf(r: Sent): SampleRequest {
  const query: Record<string, string[]> = {};
  for (const [k, v] of r.query) (query[k] ??= []).push(v);
  const headers: Record<string, string[]> = {};
  for (const [k, v] of r.headers) (headers[k] ??= []).push(v);
  return { method: r.method, path: r.path, query, headers, ...(r.body !== '' ? { body: r.body } : {}) };
}

const bodyChars = fc.constantFrom('a', 'Z', '0', ' ', '&', '+', '%', '=', '"', '{', '}', 'é', '\u0000', '\n', '日', '%2', '%E9', '%41');
const body = fc.oneof(
  fc.constant(''),
  fc.array(bodyChars, { maxLength: 24 }).map((cs) => cs.join('')),
  fc.record({ message: fc.array(bodyChars, { maxLength: 12 }).map((cs) => cs.join('')) }).map((o) => JSON.stringify(o)),
);
const contentType = fc.constantFrom<string | undefined>(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/x-amz-json-1.0');
const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
const headerValue = fc.stringMatching(/^[ -~]{0,16}$/).map((v) => v.trim());

function requestFor(d: IntegrationDesign) {
  return fc.record({
    ct: contentType,
    body,
    extraHeaders: fc.array(fc.tuple(token.filter((t) => !/^(content-|host$|transfer-|connection$|x-amz-target$|x-message-group-id$)/i.test(t)), headerValue), { maxLength: 3 }),
    query: fc.array(fc.tuple(token, fc.array(bodyChars, { maxLength: 6 }).map((cs) => cs.join(''))), { maxLength: 3 }),
    jsonHeaders: fc.boolean(),
    groupId: fc.boolean(),
    // Path segments as a client may send them: plain, percent-encoded UTF-8, and escapes that are not valid.
    segment: fc.array(fc.constantFrom('a', '7', '-', '%20', '%C3%A9', '%E9', '%', '%2', '%ZZ', '%2F', '+'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join('')),
  }).map((g): Sent => {
    const headers: [string, string][] = [];
    if (g.ct !== undefined) headers.push(['Content-Type', g.ct]);
    if (d.protocol === 'json' && g.jsonHeaders) headers.push(['X-Amz-Target', 'AmazonSQS.SendMessage']);
    if (d.queue.fifo && g.groupId) headers.push(['X-Message-Group-Id', 'group-1']);
    headers.push(...g.extraHeaders);
    return { method: 'POST', path: d.resourcePath.includes('{orderId}') ? `/orders/${g.segment}` : d.resourcePath, query: g.query, headers, body: g.body };
  });
}

describe('preview ≡ sandbox data plane', () => {
  it('the method each design deploys is the stored method the preview builds from it (one adapter)', async () => {
    for (const { design, apiId, resourceId } of deployed) {
      const live = await clients.apigateway.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: design.method.httpMethod }));
      const expected = storedMethodFromDesign(design);
      const got = live.methodIntegration!;
      expect({ uri: got.uri, httpMethod: got.httpMethod, credentials: got.credentials, requestParameters: got.requestParameters ?? {}, requestTemplates: got.requestTemplates ?? {}, passthroughBehavior: got.passthroughBehavior, timeoutInMillis: got.timeoutInMillis }).toEqual({
        uri: expected.methodIntegration!.uri,
        httpMethod: expected.methodIntegration!.httpMethod,
        credentials: expected.methodIntegration!.credentials,
        requestParameters: expected.methodIntegration!.requestParameters,
        requestTemplates: expected.methodIntegration!.requestTemplates,
        passthroughBehavior: expected.methodIntegration!.passthroughBehavior,
        timeoutInMillis: expected.methodIntegration!.timeoutInMillis,
      });
      const responses = Object.fromEntries(Object.entries(got.integrationResponses ?? {}).map(([k, r]) => [k, { statusCode: r.statusCode, selectionPattern: r.selectionPattern, responseTemplates: r.responseTemplates ?? {} }]));
      const want = Object.fromEntries(Object.entries(expected.methodIntegration!.integrationResponses ?? {}).map(([k, r]) => [k, { statusCode: r.statusCode, selectionPattern: r.selectionPattern, responseTemplates: r.responseTemplates ?? {} }]));
      expect(responses).toEqual(want);
    }
  });

  it('for 1,000 generated requests, the integration request and the answer are the same', async () => {
    const cases = fc.integer({ min: 0, max: VARIANTS.length - 1 }).chain((i) => fc.tuple(fc.constant(i), requestFor(deployed[i]!.design)));
    await fc.assert(
      fc.asyncProperty(cases, async ([i, sent]) => {
        const { design, apiId } = deployed[i]!;
        captured = [];
        const actual = await invoke(apiId, design.stageName, sent);
        const requestId = String(actual.headers['x-amzn-requestid'] ?? '');
        const context = { apiId, requestId, sourceIp: '127.0.0.1', userAgent: undefined, extendedRequestId: String(actual.headers['x-amz-apigw-id'] ?? ''), traceId: String(actual.headers['x-amzn-trace-id'] ?? '') };
        const preview = previewDesign(design, sampleOf(sent), context);
        const label = `${VARIANTS[i]!.preset}/${VARIANTS[i]!.passthrough}${VARIANTS[i]!.extraTemplate ? '+text/plain' : ''}${VARIANTS[i]!.dropTemplates ? '/no-templates' : ''}`;

        if (preview.kind === 'method-error') {
          expect(captured, `${label}: the preview says API Gateway answers ${preview.status} without calling SQS`).toHaveLength(0);
          expect({ status: actual.status, body: actual.body }, label).toEqual({ status: preview.status, body: preview.body });
          return;
        }
        expect(captured, `${label}: one integration request reaches SQS`).toHaveLength(1);
        const { req, res } = captured[0]!;
        const url = new URL(preview.request.url);
        expect({ method: req.method, host: req.host, path: req.path, query: req.rawQuery }, label).toEqual({ method: preview.request.method, host: url.host, path: url.pathname, query: url.search.replace(/^\?/, '') });
        for (const [name, value] of lower(preview.request.headers)) expect(req.headers[name], `${label}: integration header ${name}`).toBe(value);
        expect(req.body.toString('utf8'), `${label}: integration body`).toBe(preview.request.body);

        const body = typeof res.body === 'string' ? res.body : res.body.toString('utf8');
        // The doctor reads a form body with the same rules as SQS: it predicts MalformedQueryString exactly when SQS answers it.
        if (/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
          expect(parseFormBody(preview.request.body).ok, `${label}: the doctor's form reading of ${JSON.stringify(preview.request.body)} vs SQS's answer ${body.slice(0, 120)}`).toBe(!body.includes('MalformedQueryString'));
        }
        const response = buildMethodResponse(methodConfigFromDesign(design), { status: res.status, headers: res.headers, body }, { request: methodRequestFromSample(design, sampleOf(sent)), context: invocationContextForDesign(design, context), latencyMs: 0 });
        expect({ status: actual.status, body: actual.body }, `${label}: the answer`).toEqual({ status: response.status, body: response.body });
        for (const [name, value] of lower(response.headers)) if (!VOLATILE.has(name)) expect(String(actual.headers[name]), `${label}: response header ${name}`).toBe(value);
      }),
      { numRuns: 1000, seed: Number(process.env.SLUICE_EQUIVALENCE_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
  }, 300_000);
});
