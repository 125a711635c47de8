import {
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteGatewayResponseCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetUsagePlanKeysCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateApiKeyCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayErrorOf, putMockMethod, startTestSandbox, type TestSandbox } from './test-support';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});


/** A REST API with a MOCK `POST /items` answering 200 `{"ok":true}`, deployed to `prod` after `setup`. */
async function mockApi(setup: (ids: { restApiId: string; resourceId: string; httpMethod: string }) => Promise<void> = async () => {}, method: Partial<PutMethodCommandInput> = {}) {
  const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'features' }));
  const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
  const ids = { restApiId: api.id!, resourceId: r.id!, httpMethod: 'POST' };
  await putMockMethod(sb.apigw, ids, { method, responseTemplate: '{"ok":true}' });
  await setup(ids);
  await sb.apigw.send(new CreateDeploymentCommand({ restApiId: ids.restApiId, stageName: 'prod' }));
  const url = `${sb.url}/_aws/execute-api/${ids.restApiId}/prod`;
  return { ...ids, url };
}

describe('gateway responses', () => {
  it('lists every type with its default, cascades DEFAULT_4XX and drives error answers on invoke URLs (CORS on errors)', async () => {
    const api = await mockApi(async ({ restApiId }) => {
      await sb.apigw.send(
        new PutGatewayResponseCommand({
          restApiId,
          responseType: 'DEFAULT_4XX',
          responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
          responseTemplates: { 'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType"}' },
        }),
      );
    });
    const all = await sb.apigw.send(new GetGatewayResponsesCommand({ restApiId: api.restApiId }));
    expect(all.items?.length).toBe(21);
    const quota = all.items?.find((g) => g.responseType === 'QUOTA_EXCEEDED');
    expect(quota).toMatchObject({ statusCode: '429', defaultResponse: true, responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } });
    const custom = await sb.apigw.send(new GetGatewayResponseCommand({ restApiId: api.restApiId, responseType: 'DEFAULT_4XX' }));
    expect(custom.defaultResponse).toBe(false);

    const res = await fetch(`${api.url}/nowhere`);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN' });

    await sb.apigw.send(new DeleteGatewayResponseCommand({ restApiId: api.restApiId, responseType: 'DEFAULT_4XX' }));
    const back = await sb.apigw.send(new GetGatewayResponseCommand({ restApiId: api.restApiId, responseType: 'DEFAULT_4XX' }));
    expect(back).toMatchObject({ defaultResponse: true, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } });
  });

  it('a customized UNSUPPORTED_MEDIA_TYPE status and header apply', async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'media' }));
    const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'x' }));
    const ids = { restApiId: api.id!, resourceId: r.id!, httpMethod: 'POST' };
    await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    await sb.apigw.send(
      new PutIntegrationCommand({
        ...ids,
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/none',
        passthroughBehavior: 'NEVER',
        requestTemplates: { 'application/json': 'Action=SendMessage' },
      }),
    );
    await sb.apigw.send(
      new PutGatewayResponseCommand({ restApiId: ids.restApiId, responseType: 'UNSUPPORTED_MEDIA_TYPE', statusCode: '400', responseParameters: { 'gatewayresponse.header.X-Why': "'media'" } }),
    );
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: ids.restApiId, stageName: 'prod' }));
    const res = await fetch(`${sb.url}/_aws/execute-api/${ids.restApiId}/prod/x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-why')).toBe('media');
    expect(await res.json()).toEqual({ message: 'Unsupported Media Type' });
  });
});

describe('API Gateway answers through customized gateway responses', () => {
  it('BAD_REQUEST_PARAMETERS from a request validator, THROTTLED from stage method settings', async () => {
    const api = await mockApi(
      async ({ restApiId, resourceId, httpMethod }) => {
        const validator = await sb.apigw.send(new CreateRequestValidatorCommand({ restApiId, name: 'params', validateRequestParameters: true }));
        await sb.apigw.send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod, patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: validator.id }] }));
        await sb.apigw.send(
          new PutGatewayResponseCommand({
            restApiId,
            responseType: 'BAD_REQUEST_PARAMETERS',
            responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
            responseTemplates: { 'application/json': '{"problem":$context.error.messageString}' },
          }),
        );
        await sb.apigw.send(new PutGatewayResponseCommand({ restApiId, responseType: 'THROTTLED', responseParameters: { 'gatewayresponse.header.Retry-After': "'60'" } }));
      },
      { requestParameters: { 'method.request.querystring.id': true } },
    );
    const missing = await fetch(`${api.url}/items`, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    expect(await missing.json()).toEqual({ problem: 'Missing required request parameters: [id]' });

    await sb.apigw.send(
      new UpdateStageCommand({
        restApiId: api.restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '1' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '0.001' },
        ],
      }),
    );
    const first = await fetch(`${api.url}/items?id=1`, { method: 'POST' });
    expect(first.status).toBe(200);
    const second = await fetch(`${api.url}/items?id=1`, { method: 'POST' });
    expect({ status: second.status, retryAfter: second.headers.get('retry-after'), body: await second.json() }).toEqual({
      status: 429,
      retryAfter: '60',
      body: { message: 'Too Many Requests' },
    });
  });
});

describe('payload limit', () => {
  it('a body over 10 MB is REQUEST_TOO_LARGE (413)', async () => {
    const api = await mockApi();
    const res = await fetch(`${api.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Too Long' });
  });
});

describe('models and request-body validation', () => {
  it('new APIs have the Empty and Error models; PutMethod refuses an unknown model; invalid bodies get BAD_REQUEST_BODY', async () => {
    let api0 = { rootResourceId: '' };
    const api = await mockApi(async ({ restApiId, resourceId, httpMethod }) => {
      api0 = { rootResourceId: (await sb.apigw.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/')!.id! };
      const models = await sb.apigw.send(new GetModelsCommand({ restApiId }));
      expect(models.items?.map((m) => m.name).sort()).toEqual(['Empty', 'Error']);
      const putUnknown = await apiGatewayErrorOf(
        sb.apigw.send(new PutMethodCommand({ restApiId, resourceId: api0.rootResourceId, httpMethod: 'PUT', authorizationType: 'NONE', requestModels: { 'application/json': 'Nope' } })),
      );
      expect({ name: putUnknown.name, status: putUnknown.$metadata.httpStatusCode }).toEqual({ name: 'BadRequestException', status: 400 });
      const unknown = await apiGatewayErrorOf(sb.apigw.send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod, patchOperations: [{ op: 'add', path: '/requestModels/application~1json', value: 'Order' }] })));
      expect(unknown.name).toBe('BadRequestException');
      await sb.apigw.send(
        new CreateModelCommand({
          restApiId,
          name: 'Order',
          contentType: 'application/json',
          schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } }),
        }),
      );
      const validator = await sb.apigw.send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }));
      await sb.apigw.send(
        new UpdateMethodCommand({
          restApiId,
          resourceId,
          httpMethod,
          patchOperations: [
            { op: 'add', path: '/requestModels/application~1json', value: 'Order' },
            { op: 'replace', path: '/requestValidatorId', value: validator.id },
          ],
        }),
      );
      const bad = await apiGatewayErrorOf(sb.apigw.send(new CreateModelCommand({ restApiId, name: 'Broken', contentType: 'application/json', schema: '{"type": 12}' })));
      expect(bad.name).toBe('BadRequestException');
    });
    const invalid = await fetch(`${api.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":1}' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ message: 'Invalid request body' });
    const valid = await fetch(`${api.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"a1"}' });
    expect(valid.status).toBe(200);
  });
});

describe('authorizers', () => {
  it('CUSTOM needs an authorizer; Lambda authorizers are refused clearly on invoke URLs', async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'auth' }));
    const noAuthorizer = await apiGatewayErrorOf(
      sb.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'CUSTOM' })),
    );
    expect({ name: noAuthorizer.name, status: noAuthorizer.$metadata.httpStatusCode }).toEqual({ name: 'BadRequestException', status: 400 });
    const missingUri = await apiGatewayErrorOf(sb.apigw.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'x', type: 'TOKEN', identitySource: 'method.request.header.Authorization' })));
    expect(missingUri.name).toBe('BadRequestException');

    const served = await mockApi(async ({ restApiId, resourceId, httpMethod }) => {
      const authorizer = await sb.apigw.send(
        new CreateAuthorizerCommand({
          restApiId,
          name: 'tokens',
          type: 'TOKEN',
          identitySource: 'method.request.header.Authorization',
          authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations',
        }),
      );
      expect(authorizer.authorizerResultTtlInSeconds).toBe(300);
      await sb.apigw.send(
        new UpdateMethodCommand({
          restApiId,
          resourceId,
          httpMethod,
          patchOperations: [
            { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
            { op: 'replace', path: '/authorizerId', value: authorizer.id },
          ],
        }),
      );
    });
    const res = await fetch(`${served.url}/items`, { method: 'POST', headers: { authorization: 'allow' } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { message: string }).message).toContain('cannot run Lambda authorizers');
  });
});

describe('API keys and usage plans', () => {
  it('enforces x-api-key through a usage plan, with throttling and quota answers', async () => {
    const api = await mockApi(async () => {}, { apiKeyRequired: true });
    const key = await sb.apigw.send(new CreateApiKeyCommand({ name: 'client', enabled: true, value: 'abcdefghij0123456789ABCD' }));
    expect(key.value).toBe('abcdefghij0123456789ABCD');
    expect((await sb.apigw.send(new GetApiKeyCommand({ apiKey: key.id }))).value).toBeUndefined();
    expect((await sb.apigw.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe('abcdefghij0123456789ABCD');
    expect((await sb.apigw.send(new GetApiKeysCommand({ includeValues: true }))).items?.some((k) => k.value === key.value)).toBe(true);

    const call = (headers: Record<string, string> = {}) => fetch(`${api.url}/items`, { method: 'POST', headers });
    const noKey = await call();
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual({ message: 'Forbidden' });
    expect((await call({ 'x-api-key': key.value! })).status).toBe(403);

    const plan = await sb.apigw.send(
      new CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId: api.restApiId, stage: 'prod' }], quota: { limit: 3, period: 'DAY' }, throttle: { rateLimit: 100, burstLimit: 100 } }),
    );
    await sb.apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    expect((await sb.apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.[0]).toMatchObject({ id: key.id, type: 'API_KEY', name: 'client' });
    const ok = await call({ 'x-api-key': key.value! });
    expect(ok.status).toBe(200);
    expect((await call({ 'x-api-key': 'wrong-key-wrong-key-wrong' })).status).toBe(403);
    await call({ 'x-api-key': key.value! });
    await call({ 'x-api-key': key.value! });
    const over = await call({ 'x-api-key': key.value! });
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Limit Exceeded' });

    await sb.apigw.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id,
        patchOperations: [
          { op: 'remove', path: '/quota' },
          { op: 'replace', path: '/throttle/burstLimit', value: '1' },
          { op: 'replace', path: '/throttle/rateLimit', value: '0.01' },
        ],
      }),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call({ 'x-api-key': key.value! })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    const throttled = await call({ 'x-api-key': key.value! });
    expect(await throttled.json()).toEqual({ message: 'Too Many Requests' });

    const disabled = await sb.apigw.send(
      new UpdateApiKeyCommand({
        apiKey: key.id,
        patchOperations: [
          { op: 'replace', path: '/enabled', value: 'false' },
          { op: 'add', path: '/stages', value: `${api.restApiId}/prod` },
        ],
      }),
    );
    expect(disabled).toMatchObject({ enabled: false, stageKeys: [`${api.restApiId}/prod`] });
    expect(disabled.value).toBeUndefined();
    const refused = await call({ 'x-api-key': key.value! });
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 403, body: { message: 'Forbidden' } });
  });
});
