import {
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  FlushStageCacheCommand,
  GetAccountCommand,
  GetResourcesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
  UpdateDeploymentCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodResponseCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  UpdateResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayErrorOf, putMockMethod, startTestSandbox, type TestSandbox } from '../test-support';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});


async function deployedApi() {
  const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'updates', tags: { team: 'a' } }));
  const r = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'orders' }));
  const ids = { restApiId: api.id!, resourceId: r.id!, httpMethod: 'POST' };
  await putMockMethod(sb.apigw, ids);
  const deployment = await sb.apigw.send(new CreateDeploymentCommand({ restApiId: ids.restApiId, stageName: 'prod' }));
  return { ...ids, rootId: api.rootResourceId!, deploymentId: deployment.id! };
}

describe('updates in place (PATCH operations as AWS applies them)', () => {
  it('UpdateRestApi, UpdateResource, UpdateMethodResponse, UpdateIntegrationResponse, UpdateRequestValidator, UpdateModel, UpdateDeployment', async () => {
    const a = await deployedApi();
    const api = await sb.apigw.send(
      new UpdateRestApiCommand({
        restApiId: a.restApiId,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'add', path: '/binaryMediaTypes/image~1png', value: '' },
          { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
        ],
      }),
    );
    expect(api).toMatchObject({ name: 'renamed', binaryMediaTypes: ['image/png'], minimumCompressionSize: 1024 });
    const badPath = await apiGatewayErrorOf(sb.apigw.send(new UpdateRestApiCommand({ restApiId: a.restApiId, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })));
    expect(badPath.message).toMatch(/^Invalid patch path '\/id' specified for op 'replace'/);

    const child = await sb.apigw.send(new CreateResourceCommand({ restApiId: a.restApiId, parentId: a.resourceId, pathPart: 'items' }));
    await sb.apigw.send(new UpdateResourceCommand({ restApiId: a.restApiId, resourceId: a.resourceId, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'purchases' }] }));
    const paths = (await sb.apigw.send(new GetResourcesCommand({ restApiId: a.restApiId }))).items?.map((r) => r.path).sort();
    expect(paths).toEqual(['/', '/purchases', '/purchases/items']);
    expect(child.path).toBe('/orders/items');

    const mr = await sb.apigw.send(
      new UpdateMethodResponseCommand({ ...a, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.Access-Control-Allow-Origin', value: 'false' }] }),
    );
    expect(mr.responseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': false });
    const ir = await sb.apigw.send(
      new UpdateIntegrationResponseCommand({
        ...a,
        statusCode: '200',
        patchOperations: [
          { op: 'add', path: '/responseParameters/method.response.header.Access-Control-Allow-Origin', value: "'*'" },
          { op: 'add', path: '/responseTemplates/application~1json', value: '{"ok":true}' },
          { op: 'replace', path: '/selectionPattern', value: '2\\d{2}' },
        ],
      }),
    );
    expect(ir).toMatchObject({ selectionPattern: '2\\d{2}', responseTemplates: { 'application/json': '{"ok":true}' } });

    const v = await sb.apigw.send(new CreateRequestValidatorCommand({ restApiId: a.restApiId, name: 'v' }));
    const v2 = await sb.apigw.send(
      new UpdateRequestValidatorCommand({ restApiId: a.restApiId, requestValidatorId: v.id, patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }] }),
    );
    expect(v2).toMatchObject({ name: 'v', validateRequestBody: true, validateRequestParameters: false });

    await sb.apigw.send(new CreateModelCommand({ restApiId: a.restApiId, name: 'M', contentType: 'application/json', schema: '{"type":"object"}' }));
    const m = await sb.apigw.send(new UpdateModelCommand({ restApiId: a.restApiId, modelName: 'M', patchOperations: [{ op: 'replace', path: '/description', value: 'orders' }] }));
    expect(m).toMatchObject({ name: 'M', description: 'orders' });

    const d = await sb.apigw.send(
      new UpdateDeploymentCommand({ restApiId: a.restApiId, deploymentId: a.deploymentId, patchOperations: [{ op: 'replace', path: '/description', value: 'first' }] }),
    );
    expect(d.description).toBe('first');
  });

  it('UpdateStage takes the method-settings paths CloudFormation and Terraform send', async () => {
    const a = await deployedApi();
    const stage = await sb.apigw.send(
      new UpdateStageCommand({
        restApiId: a.restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '50' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100.5' },
          { op: 'replace', path: '/~1orders/POST/caching/enabled', value: 'true' },
          { op: 'replace', path: '/variables/queue', value: 'orders' },
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:access' },
        ],
      }),
    );
    expect(stage.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', metricsEnabled: true, throttlingBurstLimit: 50, throttlingRateLimit: 100.5 });
    expect(stage.methodSettings?.['orders/POST']).toMatchObject({ cachingEnabled: true });
    expect(stage.variables).toEqual({ queue: 'orders' });
    expect(stage.accessLogSettings?.destinationArn).toBe('arn:aws:logs:us-east-1:000000000000:log-group:access');
    const removed = await sb.apigw.send(new UpdateStageCommand({ restApiId: a.restApiId, stageName: 'prod', patchOperations: [{ op: 'remove', path: '/*/*' }] }));
    expect(removed.methodSettings?.['*/*']).toBeUndefined();
    const badLevel = await apiGatewayErrorOf(sb.apigw.send(new UpdateStageCommand({ restApiId: a.restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'LOUD' }] })));
    expect(badLevel.name).toBe('BadRequestException');
  });
});

describe('tags, deployments, account, stage cache', () => {
  it('TagResource / UntagResource / GetTags on APIs and stages', async () => {
    const a = await deployedApi();
    const apiArn = `arn:aws:apigateway:us-east-1::/restapis/${a.restApiId}`;
    expect((await sb.apigw.send(new GetTagsCommand({ resourceArn: apiArn }))).tags).toEqual({ team: 'a' });
    await sb.apigw.send(new TagResourceCommand({ resourceArn: apiArn, tags: { env: 'dev', ['__proto__']: 'kept', constructor: 'too' } }));
    await sb.apigw.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ['team'] }));
    const tags = (await sb.apigw.send(new GetTagsCommand({ resourceArn: apiArn }))).tags ?? {};
    expect(Object.entries(tags).sort()).toEqual([['__proto__', 'kept'], ['constructor', 'too'], ['env', 'dev']]);
    const stageArn = `${apiArn}/stages/prod`;
    const tagged = await sb.apigw.send(new TagResourceCommand({ resourceArn: stageArn, tags: { tier: 'gold' } }));
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    expect((await sb.apigw.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ tier: 'gold' });
  });

  it('DeleteDeployment is refused while a stage uses it', async () => {
    const a = await deployedApi();
    const busy = await apiGatewayErrorOf(sb.apigw.send(new DeleteDeploymentCommand({ restApiId: a.restApiId, deploymentId: a.deploymentId })));
    expect({ name: busy.name, message: busy.message }).toEqual({ name: 'BadRequestException', message: 'Active stages pointing to this deployment must be moved or deleted' });
    expect((await sb.apigw.send(new FlushStageCacheCommand({ restApiId: a.restApiId, stageName: 'prod' }))).$metadata.httpStatusCode).toBe(202);
    await sb.apigw.send(new DeleteStageCommand({ restApiId: a.restApiId, stageName: 'prod' }));
    const gone = await sb.apigw.send(new DeleteDeploymentCommand({ restApiId: a.restApiId, deploymentId: a.deploymentId }));
    expect(gone.$metadata.httpStatusCode).toBe(202);
  });

  it('GetAccount / UpdateAccount (cloudwatchRoleArn)', async () => {
    expect(await sb.apigw.send(new GetAccountCommand({}))).toMatchObject({ throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'] });
    const roleArn = 'arn:aws:iam::000000000000:role/apigw-cloudwatch';
    const updated = await sb.apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] }));
    expect(updated.cloudwatchRoleArn).toBe(roleArn);
    expect((await sb.apigw.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBe(roleArn);
  });
});
