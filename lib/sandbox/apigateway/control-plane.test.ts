import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetIntegrationResponseCommand,
  GetMethodResponseCommand,
  GetResourceCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-support';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

async function newApi() {
  const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'orders' }));
  const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'send' }));
  await sb.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'POST', authorizationType: 'NONE' }));
  return { apiId: api.id!, rootId: api.rootResourceId!, resourceId: resource.id! };
}

const queryIntegration = (restApiId: string, resourceId: string) => ({
  restApiId,
  resourceId,
  httpMethod: 'POST',
  type: 'AWS' as const,
  integrationHttpMethod: 'POST',
  uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/orders',
  credentials: 'arn:aws:iam::000000000000:role/apigw-sqs',
  requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
  requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' },
});

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('API Gateway control plane through @aws-sdk/client-api-gateway', () => {
  it('creates, lists, reads and deletes REST APIs with AWS-format ids', async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'demo', description: 'd' }));
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.rootResourceId).toMatch(/^[a-z0-9]{10}$/);
    expect(api.createdDate).toBeInstanceOf(Date);
    const list = await sb.apigw.send(new GetRestApisCommand({}));
    expect(list.items?.map((a) => a.id)).toContain(api.id);
    expect((await sb.apigw.send(new GetRestApiCommand({ restApiId: api.id }))).name).toBe('demo');
    await sb.apigw.send(new DeleteRestApiCommand({ restApiId: api.id }));
    const err = await errorOf(sb.apigw.send(new GetRestApiCommand({ restApiId: api.id })));
    expect(err).toEqual({ name: 'NotFoundException', message: 'Invalid REST API identifier specified', status: 404 });
  });

  it('rejects a duplicate path part with ConflictException and an unknown method with NotFoundException', async () => {
    const { apiId, rootId, resourceId } = await newApi();
    const conflict = await errorOf(sb.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'send' })));
    expect(conflict).toEqual({ name: 'ConflictException', message: 'Another resource with the same parent already has this name: send', status: 409 });
    const missing = await errorOf(sb.apigw.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })));
    expect(missing).toMatchObject({ name: 'NotFoundException', message: 'Invalid Method identifier specified' });
    const noIntegration = await errorOf(sb.apigw.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST' })));
    expect(noIntegration).toMatchObject({ name: 'NotFoundException', message: 'Invalid Integration identifier specified' });
    const noResource = await errorOf(sb.apigw.send(new GetMethodCommand({ restApiId: apiId, resourceId: 'zzzzzzzzzz', httpMethod: 'POST' })));
    expect(noResource).toMatchObject({ name: 'NotFoundException', message: 'Invalid Resource identifier specified' });
  });

  it('stores an integration and returns it embedded in GetResources', async () => {
    const { apiId, resourceId } = await newApi();
    const put = await sb.apigw.send(new PutIntegrationCommand(queryIntegration(apiId, resourceId)));
    expect(put).toMatchObject({ type: 'AWS', httpMethod: 'POST', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 });
    const resources = await sb.apigw.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }));
    const send = resources.items?.find((r) => r.path === '/send');
    expect(send?.resourceMethods?.POST?.methodIntegration?.requestTemplates).toEqual({ 'application/json': 'Action=SendMessage&MessageBody=$input.body' });
  });

  it('validates request parameters, timeout and credentials like API Gateway', async () => {
    const { apiId, resourceId } = await newApi();
    const base = queryIntegration(apiId, resourceId);
    const badValue = await errorOf(
      sb.apigw.send(new PutIntegrationCommand({ ...base, requestParameters: { 'integration.request.header.Content-Type': 'application/x-www-form-urlencoded' } })),
    );
    expect(badValue).toEqual({
      name: 'BadRequestException',
      status: 400,
      message:
        'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: application/x-www-form-urlencoded]',
    });
    const badKey = await errorOf(sb.apigw.send(new PutIntegrationCommand({ ...base, requestParameters: { 'integration.request.body.MessageBody': 'method.request.body' } })));
    expect(badKey.message).toBe(
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: integration.request.body.MessageBody]',
    );
    const undeclared = await errorOf(
      sb.apigw.send(new PutIntegrationCommand({ ...base, requestParameters: { 'integration.request.header.X-Amz-Target': 'method.request.header.X-Amz-Target' } })),
    );
    expect(undeclared.message).toContain('Invalid mapping expression parameter specified: method.request.header.X-Amz-Target');
    const timeout = await errorOf(sb.apigw.send(new PutIntegrationCommand({ ...base, timeoutInMillis: 30000 })));
    expect(timeout).toMatchObject({ name: 'BadRequestException', message: 'Timeout should be between 50 ms and 29000 ms' });
    const creds = await errorOf(sb.apigw.send(new PutIntegrationCommand({ ...base, credentials: 'apigw-sqs' })));
    expect(creds).toMatchObject({ name: 'BadRequestException', message: 'Invalid ARN specified in the request' });
  });

  it('patches an integration (UpdateIntegration) with AWS JSON-pointer paths', async () => {
    const { apiId, resourceId } = await newApi();
    await sb.apigw.send(new PutIntegrationCommand(queryIntegration(apiId, resourceId)));
    const updated = await sb.apigw.send(
      new UpdateIntegrationCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'POST',
        patchOperations: [
          { op: 'replace', path: '/requestTemplates/application~1json', value: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
          { op: 'remove', path: '/requestParameters/integration.request.header.Content-Type' },
          { op: 'replace', path: '/httpMethod', value: 'GET' },
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
          { op: 'replace', path: '/passthroughBehavior', value: 'NEVER' },
        ],
      }),
    );
    expect(updated.requestTemplates?.['application/json']).toBe('Action=SendMessage&MessageBody=$util.urlEncode($input.body)');
    // AWS keeps a map whose last member was removed as an empty map.
    expect(updated.requestParameters).toEqual({});
    expect(updated).toMatchObject({ httpMethod: 'GET', timeoutInMillis: 1000, passthroughBehavior: 'NEVER' });
    const tooLong = await errorOf(
      sb.apigw.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '10' }] })),
    );
    expect(tooLong.name).toBe('BadRequestException');
  });

  it('accepts an integration response before its method response, as AWS does', async () => {
    const { apiId, resourceId } = await newApi();
    await sb.apigw.send(new PutIntegrationCommand(queryIntegration(apiId, resourceId)));
    const early = await sb.apigw.send(
      new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '200', responseTemplates: { 'application/json': null as unknown as string } }),
    );
    expect(early.statusCode).toBe('200');
    await sb.apigw.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '200' }));
    const ir = await sb.apigw.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', statusCode: '200' }));
    expect(ir.statusCode).toBe('200');
  });

  it('deploys to stages and updates them', async () => {
    const { apiId, resourceId } = await newApi();
    const empty = await sb.apigw.send(new CreateRestApiCommand({ name: 'empty' }));
    const noMethods = await errorOf(sb.apigw.send(new CreateDeploymentCommand({ restApiId: empty.id, stageName: 'prod' })));
    expect(noMethods).toMatchObject({ name: 'BadRequestException', message: "The REST API doesn't contain any methods" });
    const noIntegration = await errorOf(sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' })));
    expect(noIntegration).toMatchObject({ name: 'BadRequestException', message: 'No integration defined for method' });

    await sb.apigw.send(new PutIntegrationCommand(queryIntegration(apiId, resourceId)));
    const d1 = await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { queue: 'orders' } }));
    expect(d1.id).toMatch(/^[a-z0-9]{10}$/);
    const stage = await sb.apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage).toMatchObject({ stageName: 'prod', deploymentId: d1.id, variables: { queue: 'orders' } });

    const d2 = await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await sb.apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: d2.id }));
    const dup = await errorOf(sb.apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: d2.id })));
    expect(dup.name).toBe('ConflictException');
    const updated = await sb.apigw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/deploymentId', value: d2.id },
          { op: 'replace', path: '/variables/queue', value: 'other' },
        ],
      }),
    );
    expect(updated).toMatchObject({ deploymentId: d2.id, variables: { queue: 'other' } });
    const stages = await sb.apigw.send(new GetStagesCommand({ restApiId: apiId }));
    expect(stages.item?.map((s) => s.stageName).sort()).toEqual(['dev', 'prod']);
    const deployments = await sb.apigw.send(new GetDeploymentsCommand({ restApiId: apiId }));
    expect(deployments.items?.map((d) => d.id)).toEqual([d1.id, d2.id]);
    const missing = await errorOf(sb.apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'nope' })));
    expect(missing).toMatchObject({ name: 'NotFoundException', message: 'Invalid Stage identifier specified' });
  });

  it('reads, patches and deletes methods, responses, resources and stages', async () => {
    const { apiId, resourceId } = await newApi();
    const ids = { restApiId: apiId, resourceId, httpMethod: 'POST' };
    const patched = await sb.apigw.send(
      new UpdateMethodCommand({
        ...ids,
        patchOperations: [
          { op: 'add', path: '/requestParameters/method.request.header.X-Amz-Target', value: 'false' },
          { op: 'replace', path: '/apiKeyRequired', value: 'true' },
        ],
      }),
    );
    expect(patched).toMatchObject({ apiKeyRequired: true, requestParameters: { 'method.request.header.X-Amz-Target': false } });
    // The declared header may now be mapped.
    await sb.apigw.send(
      new PutIntegrationCommand({ ...queryIntegration(apiId, resourceId), requestParameters: { 'integration.request.header.X-Amz-Target': 'method.request.header.X-Amz-Target' } }),
    );
    await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.X-Id': false } }));
    await sb.apigw.send(
      new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.X-Id': 'integration.response.header.x-amzn-RequestId' } }),
    );
    expect((await sb.apigw.send(new GetMethodResponseCommand({ ...ids, statusCode: '200' }))).responseParameters).toEqual({ 'method.response.header.X-Id': false });
    expect((await sb.apigw.send(new GetIntegrationResponseCommand({ ...ids, statusCode: '200' }))).responseParameters).toEqual({
      'method.response.header.X-Id': 'integration.response.header.x-amzn-RequestId',
    });
    const undeclaredHeader = await errorOf(
      sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.X-Other': "'x'" } })),
    );
    expect(undeclaredHeader.message).toContain('Invalid mapping expression parameter specified: method.response.header.X-Other');

    const resource = await sb.apigw.send(new GetResourceCommand({ restApiId: apiId, resourceId, embed: ['methods'] }));
    expect(resource.resourceMethods?.POST?.methodIntegration?.integrationResponses?.['200']?.statusCode).toBe('200');

    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'gone' }));
    await sb.apigw.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'gone' }));
    expect((await errorOf(sb.apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'gone' })))).name).toBe('NotFoundException');

    await sb.apigw.send(new DeleteIntegrationCommand(ids));
    expect((await errorOf(sb.apigw.send(new GetIntegrationCommand(ids)))).message).toBe('Invalid Integration identifier specified');
    await sb.apigw.send(new DeleteMethodCommand(ids));
    expect((await errorOf(sb.apigw.send(new GetMethodCommand(ids)))).message).toBe('Invalid Method identifier specified');
    await sb.apigw.send(new DeleteResourceCommand({ restApiId: apiId, resourceId }));
    expect((await errorOf(sb.apigw.send(new GetResourceCommand({ restApiId: apiId, resourceId })))).message).toBe('Invalid Resource identifier specified');
  });
});
