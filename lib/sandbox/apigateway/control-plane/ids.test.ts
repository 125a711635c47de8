import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateResourceCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayErrorOf, putMockMethod, startTestSandbox, type TestSandbox } from '../test-support';

let sb: TestSandbox;
let apiId: string;
let resourceId: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'ids' }));
  apiId = api.id!;
  const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'send' }));
  resourceId = r.id!;
  await putMockMethod(sb.apigw, { restApiId: apiId, resourceId, httpMethod: 'POST' });
});
afterAll(async () => {
  await sb.stop();
});

/** Signed raw GET, as the SDK would send it, but with any path (the SDK refuses some of these ids itself). */
async function signedGet(path: string): Promise<{ status: number; body: { message?: string } }> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const url = new URL(sb.url);
  const signer = new SignatureV4({ service: 'apigateway', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Sha256 });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host } });
  const res = await fetch(`${sb.url}${path}`, { headers: signed.headers });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

const HOSTILE = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

describe('ids that are names of Object.prototype members (issue 12, point 1)', () => {
  it.each(HOSTILE)('%s answers 404 NotFoundException for every id-keyed kind and the sandbox stays up', async (id) => {
    const base = `/restapis/${apiId}/resources/${resourceId}/methods`;
    const cases: [string, string][] = [
      [`/restapis/${id}`, 'Invalid REST API identifier specified'],
      [`/restapis/${apiId}/resources/${id}`, 'Invalid Resource identifier specified'],
      [`/restapis/${apiId}/resources/${id}/methods/GET`, 'Invalid Resource identifier specified'],
      [`${base}/${id}`, 'Invalid Method identifier specified'],
      [`${base}/${id}/integration`, 'Invalid Method identifier specified'],
      [`${base}/POST/responses/${id}`, 'Invalid Response status code identifier specified'],
      [`${base}/POST/integration/responses/${id}`, 'Invalid Response status code identifier specified'],
      [`/restapis/${apiId}/requestvalidators/${id}`, 'Invalid Request Validator identifier specified'],
      [`/restapis/${apiId}/models/${id}`, 'Invalid Model identifier specified'],
      [`/restapis/${apiId}/authorizers/${id}`, 'Invalid Authorizer identifier specified'],
      [`/restapis/${apiId}/deployments/${id}`, 'Invalid Deployment identifier specified'],
      [`/restapis/${apiId}/stages/${id}`, 'Invalid Stage identifier specified'],
      [`/apikeys/${id}`, 'Invalid API Key identifier specified'],
      [`/usageplans/${id}`, 'Invalid Usage Plan identifier specified'],
    ];
    for (const [path, message] of cases) {
      const res = await signedGet(path.replace('__proto__', '%5F%5Fproto%5F%5F'));
      expect({ path, status: res.status, message: res.body.message }).toEqual({ path, status: 404, message });
    }
    const alive = await sb.apigw.send(new GetRestApisCommand({}));
    expect(alive.items?.length).toBeGreaterThan(0);
  });
});


describe('query parameters and headers named like Object.prototype members', () => {
  it('are plain values on invoke URLs and in TestInvokeMethod', async () => {
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'ids' }));
    const res = await fetch(`${sb.url}/_aws/execute-api/${apiId}/ids/send?constructor=1&__proto__=2&toString=3`, {
      method: 'POST',
      headers: { constructor: 'x', hasOwnProperty: 'y', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const tested = await sb.apigw.send(
      new TestInvokeMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', pathWithQueryString: '/send?constructor=1&valueOf=2', headers: { constructor: 'x' }, body: '{}' }),
    );
    expect(tested.status).toBe(200);
  });
});

describe("AWS's validation order and answers", () => {
  it('an unknown resource is 404 before the method is validated', async () => {
    const err = await apiGatewayErrorOf(sb.apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: 'nope000000', httpMethod: 'FETCH', authorizationType: 'BOGUS' })));
    expect({ name: err.name, status: err.$metadata.httpStatusCode, message: err.message }).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Resource identifier specified',
    });
  });

  it('a bad status code is a 400 BadRequestException', async () => {
    const err = await apiGatewayErrorOf(sb.apigw.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '2000' })));
    expect({ name: err.name, status: err.$metadata.httpStatusCode }).toEqual({ name: 'BadRequestException', status: 400 });
  });

  it('the four method and integration deletes answer 204', async () => {
    const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: 'del' }));
    const id = { restApiId: apiId, resourceId: r.id!, httpMethod: 'GET' };
    await sb.apigw.send(new PutMethodCommand({ ...id, authorizationType: 'NONE' }));
    await sb.apigw.send(new PutIntegrationCommand({ ...id, type: 'MOCK' }));
    await sb.apigw.send(new PutMethodResponseCommand({ ...id, statusCode: '200' }));
    await sb.apigw.send(new PutIntegrationResponseCommand({ ...id, statusCode: '200' }));
    const statuses = [];
    statuses.push((await sb.apigw.send(new DeleteIntegrationResponseCommand({ ...id, statusCode: '200' }))).$metadata.httpStatusCode);
    statuses.push((await sb.apigw.send(new DeleteMethodResponseCommand({ ...id, statusCode: '200' }))).$metadata.httpStatusCode);
    statuses.push((await sb.apigw.send(new DeleteIntegrationCommand(id))).$metadata.httpStatusCode);
    statuses.push((await sb.apigw.send(new DeleteMethodCommand(id))).$metadata.httpStatusCode);
    expect(statuses).toEqual([204, 204, 204, 204]);
  });

  it('MOCK integrations drop uri and httpMethod; HTTP integrations report connectionType INTERNET', async () => {
    const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: 'kinds' }));
    const id = { restApiId: apiId, resourceId: r.id!, httpMethod: 'GET' };
    await sb.apigw.send(new PutMethodCommand({ ...id, authorizationType: 'NONE' }));
    const mock = await sb.apigw.send(new PutIntegrationCommand({ ...id, type: 'MOCK', uri: 'https://example.com', integrationHttpMethod: 'POST' }));
    expect(mock.uri).toBeUndefined();
    expect(mock.httpMethod).toBeUndefined();
    const http = await sb.apigw.send(new PutIntegrationCommand({ ...id, type: 'HTTP', uri: 'https://example.com/x', integrationHttpMethod: 'GET' }));
    expect(http.connectionType).toBe('INTERNET');
    expect((await sb.apigw.send(new GetIntegrationCommand(id))).connectionType).toBe('INTERNET');
  });

  it('authorizationType is case-insensitive and kept as sent (a lowercase aws_iam method still needs a signature)', async () => {
    const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: 'case' }));
    const id = { restApiId: apiId, resourceId: r.id!, httpMethod: 'GET' };
    await putMockMethod(sb.apigw, id, { method: { authorizationType: 'aws_iam' } });
    expect((await sb.apigw.send(new GetMethodCommand(id))).authorizationType).toBe('aws_iam');
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'case' }));
    const res = await fetch(`${sb.url}/_aws/execute-api/${apiId}/case/send/case`);
    expect(res.status).toBe(403);
    const bogus = await apiGatewayErrorOf(sb.apigw.send(new PutMethodCommand({ ...id, httpMethod: 'POST', authorizationType: 'OPEN' })));
    expect(bogus.name).toBe('BadRequestException');
  });

  it('keeps empty maps a caller sent', async () => {
    const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: 'maps' }));
    const m = await sb.apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: r.id!, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: {} }));
    expect(m.requestParameters).toEqual({});
  });
});
