import {
  APIGatewayServiceException,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteGatewayResponseCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetAccountCommand,
  GetDeploymentCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetTagsCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
  UpdateIntegrationCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-support';

/*
 * The call sequences two IaC tools make, replayed through the SDK against the sandbox, then the deployed API invoked:
 * - CloudFormation for a CDK `RestApi` with deploy options (AWS::ApiGateway::RestApi, Account, Model, RequestValidator,
 *   GatewayResponse, Resource, Method with an SQS integration, Deployment, Stage with MethodSettings and tags), an
 *   update of the stack and its deletion. The handlers' calls follow the resource types' documented permissions and
 *   the CloudFormation resource provider behaviour (Method update = delete + put; Stage method settings as UpdateStage).
 * - Terraform's aws provider (github.com/hashicorp/terraform-provider-aws, internal/service/apigateway: rest_api.go,
 *   stage.go, method_settings.go, deployment.go):
 *   create with read-after-write, update, destroy.
 */

const ACCOUNT = '000000000000';
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

async function notFound(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof APIGatewayServiceException) return err.name;
    throw err;
  }
  return 'found';
}

/** The queue, its API Gateway execution role and a CloudWatch role, as the stack's IAM/SQS resources make them. */
async function backend(name: string) {
  const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = await sb.iam.send(new CreateRoleCommand({ RoleName: `${name}-sqs`, AssumeRolePolicyDocument: trust }));
  await sb.iam.send(
    new PutRolePolicyCommand({
      RoleName: `${name}-sqs`,
      PolicyName: 'send',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}` }] }),
    }),
  );
  const logs = await sb.iam.send(new CreateRoleCommand({ RoleName: `${name}-logs`, AssumeRolePolicyDocument: trust }));
  return { queueUrl: queue.QueueUrl!, roleArn: role.Role!.Arn!, logsRoleArn: logs.Role!.Arn! };
}

async function received(queueUrl: string): Promise<string[]> {
  const out = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  return (out.Messages ?? []).map((m) => m.Body ?? '');
}

const sqsIntegration = (name: string, roleArn: string, template: string) => ({
  type: 'AWS' as const,
  integrationHttpMethod: 'POST',
  uri: `arn:aws:apigateway:us-east-1:sqs:path/${ACCOUNT}/${name}`,
  credentials: roleArn,
  passthroughBehavior: 'NEVER',
  requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
  requestTemplates: { 'application/json': template },
});

describe('CloudFormation-shaped stack (CDK RestApi with deploy options): create, invoke, update, delete', () => {
  it('runs to completion and the API delivers to the queue', { timeout: 60_000 }, async () => {
    const name = 'cfn-orders';
    const { queueUrl, roleArn, logsRoleArn } = await backend(name);
    const c = sb.apigw;

    // AWS::ApiGateway::RestApi
    const api = await c.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: ['REGIONAL'] }, tags: { 'aws:cloudformation:stack-name': 'Orders' } }));
    const restApiId = api.id!;
    expect((await c.send(new GetRestApiCommand({ restApiId }))).rootResourceId).toBe(api.rootResourceId);
    // AWS::ApiGateway::Account (cloudWatchRole: true)
    await c.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: logsRoleArn }] }));
    expect((await c.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBe(logsRoleArn);
    // AWS::ApiGateway::Model, RequestValidator, GatewayResponse ×2, Resource
    const schema = (required: string[]) =>
      JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'Order', type: 'object', required, properties: { sku: { type: 'string' }, qty: { type: 'integer' } } });
    await c.send(new CreateModelCommand({ restApiId, name: 'OrderModel', contentType: 'application/json', schema: schema(['sku']) }));
    const validator = await c.send(new CreateRequestValidatorCommand({ restApiId, name: 'body-only', validateRequestBody: true, validateRequestParameters: false }));
    const cors = { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'", 'gatewayresponse.header.Access-Control-Allow-Headers': "'Content-Type'" };
    await c.send(new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX', responseParameters: cors }));
    await c.send(new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_5XX', responseParameters: cors }));
    const resource = await c.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'orders' }));
    const ids = { restApiId, resourceId: resource.id!, httpMethod: 'POST' };

    // AWS::ApiGateway::Method: the method, its integration, method responses, integration responses, then a read.
    const putMethod = async (template: string) => {
      await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE', requestModels: { 'application/json': 'OrderModel' }, requestValidatorId: validator.id }));
      await c.send(new PutIntegrationCommand({ ...ids, ...sqsIntegration(name, roleArn, template) }));
      await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200', responseModels: { 'application/json': 'Empty' } }));
      await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"queued":true}' } }));
      return c.send(new GetMethodCommand(ids));
    };
    const method = await putMethod('Action=SendMessage&MessageBody=$util.urlEncode($input.body)');
    expect(method.methodIntegration?.integrationResponses?.['200']?.responseTemplates).toEqual({ 'application/json': '{"queued":true}' });

    // AWS::ApiGateway::Deployment, then AWS::ApiGateway::Stage with deployOptions' MethodSettings.
    const first = await c.send(new CreateDeploymentCommand({ restApiId, description: 'Automatically created by the RestApi construct' }));
    expect((await c.send(new GetDeploymentCommand({ restApiId, deploymentId: first.id }))).id).toBe(first.id);
    await c.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: first.id, tags: { 'aws:cloudformation:stack-name': 'Orders' } }));
    await c.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
          { op: 'replace', path: '/*/*/logging/dataTrace', value: 'false' },
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '50' },
        ],
      }),
    );
    const stage = await c.send(new GetStageCommand({ restApiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', metricsEnabled: true, throttlingRateLimit: 100, throttlingBurstLimit: 50 });

    const invoke = (body: string) => fetch(`${sb.url}/_aws/execute-api/${restApiId}/prod/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const sent = await invoke('{"sku":"a1","qty":2}');
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ queued: true });
    expect(await received(queueUrl)).toEqual(['{"sku":"a1","qty":2}']);
    const invalid = await invoke('{"qty":2}');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe('*');
    expect(await invalid.json()).toEqual({ message: 'Invalid request body' });

    // Stack update: model and validator in place, the method replaced, a new deployment swapped in, stage tags.
    await c.send(new UpdateModelCommand({ restApiId, modelName: 'OrderModel', patchOperations: [{ op: 'replace', path: '/schema', value: schema(['sku', 'qty']) }] }));
    await c.send(new UpdateRequestValidatorCommand({ restApiId, requestValidatorId: validator.id, patchOperations: [{ op: 'replace', path: '/name', value: 'body' }] }));
    await c.send(new DeleteMethodCommand(ids));
    await putMethod('Action=SendMessage&MessageBody=$util.urlEncode($input.json(\'$.sku\'))');
    const second = await c.send(new CreateDeploymentCommand({ restApiId, description: 'Automatically created by the RestApi construct' }));
    await c.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: second.id }] }));
    await c.send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id }));
    const stageArn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}/stages/prod`;
    await c.send(new TagResourceCommand({ resourceArn: stageArn, tags: { team: 'orders' } }));
    expect((await c.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ 'aws:cloudformation:stack-name': 'Orders', team: 'orders' });
    expect((await invoke('{"sku":"a1"}')).status).toBe(400);
    expect((await invoke('{"sku":"b2","qty":1}')).status).toBe(200);
    expect(await received(queueUrl)).toEqual(['"b2"']);

    // Stack deletion, in reverse dependency order.
    await c.send(new DeleteStageCommand({ restApiId, stageName: 'prod' }));
    await c.send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id }));
    await c.send(new DeleteMethodCommand(ids));
    await c.send(new DeleteModelCommand({ restApiId, modelName: 'OrderModel' }));
    await c.send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId: validator.id }));
    await c.send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' }));
    await c.send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_5XX' }));
    await c.send(new DeleteResourceCommand({ restApiId, resourceId: resource.id }));
    await c.send(new DeleteRestApiCommand({ restApiId }));
    expect(await notFound(c.send(new GetRestApiCommand({ restApiId })))).toBe('NotFoundException');
  });
});

describe('Terraform-shaped configuration (aws provider): create with read-after-write, update, destroy', () => {
  it('runs to completion and the API delivers to the queue', { timeout: 60_000 }, async () => {
    const name = 'tf-orders';
    const { queueUrl, roleArn } = await backend(name);
    const c = sb.apigw;

    // aws_api_gateway_rest_api
    const api = await c.send(new CreateRestApiCommand({ name, description: 'orders', endpointConfiguration: { types: ['REGIONAL'] }, tags: { env: 'dev' } }));
    const restApiId = api.id!;
    const read = await c.send(new GetRestApiCommand({ restApiId }));
    expect(read.tags).toEqual({ env: 'dev' });
    const root = (await c.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/');
    expect(root?.id).toBe(api.rootResourceId);
    // aws_api_gateway_resource / method / integration / method_response / integration_response
    const resource = await c.send(new CreateResourceCommand({ restApiId, parentId: root?.id, pathPart: 'orders' }));
    expect((await c.send(new GetResourceCommand({ restApiId, resourceId: resource.id }))).path).toBe('/orders');
    const ids = { restApiId, resourceId: resource.id!, httpMethod: 'POST' };
    await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE', apiKeyRequired: false, requestParameters: {}, requestModels: {} }));
    expect((await c.send(new GetMethodCommand(ids))).requestParameters).toEqual({});
    await c.send(new PutIntegrationCommand({ ...ids, ...sqsIntegration(name, roleArn, 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)'), timeoutInMillis: 29000, cacheKeyParameters: [] }));
    expect((await c.send(new GetIntegrationCommand(ids))).credentials).toBe(roleArn);
    await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200', responseModels: {}, responseParameters: {} }));
    expect((await c.send(new GetMethodResponseCommand({ ...ids, statusCode: '200' }))).statusCode).toBe('200');
    await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '' } }));
    expect((await c.send(new GetIntegrationResponseCommand({ ...ids, statusCode: '200' }))).statusCode).toBe('200');
    // aws_api_gateway_deployment (no stage), aws_api_gateway_stage (+ access logs → UpdateStage), method_settings
    const first = await c.send(new CreateDeploymentCommand({ restApiId, description: '', variables: {} }));
    expect((await c.send(new GetDeploymentCommand({ restApiId, deploymentId: first.id }))).id).toBe(first.id);
    await c.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: first.id, tags: { env: 'dev' } }));
    await c.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:api` },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
        ],
      }),
    );
    expect((await c.send(new GetStageCommand({ restApiId, stageName: 'prod' }))).accessLogSettings?.format).toBe('$context.requestId');
    await c.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
          { op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '10' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '20.000000' },
          { op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '300' },
        ],
      }),
    );
    const stageArn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}/stages/prod`;
    expect((await c.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ env: 'dev' });
    expect((await c.send(new GetStageCommand({ restApiId, stageName: 'prod' }))).methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 20, loggingLevel: 'ERROR' });

    const invoke = (body: string) => fetch(`${sb.url}/_aws/execute-api/${restApiId}/prod/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await invoke('{"id":1}')).status).toBe(200);
    expect(await received(queueUrl)).toEqual(['{"id":1}']);

    // terraform apply of a changed configuration
    const apiArn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}`;
    await c.send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: [
          { op: 'replace', path: '/description', value: 'orders v2' },
          { op: 'add', path: '/binaryMediaTypes/application~1octet-stream' },
          { op: 'replace', path: '/endpointConfiguration/types/0', value: 'EDGE' },
        ],
      }),
    );
    await c.send(new TagResourceCommand({ resourceArn: apiArn, tags: { owner: 'team' } }));
    await c.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ['env'] }));
    const updated = await c.send(new GetRestApiCommand({ restApiId }));
    expect(updated).toMatchObject({ description: 'orders v2', binaryMediaTypes: ['application/octet-stream'], endpointConfiguration: { types: ['EDGE'] }, tags: { owner: 'team' } });
    await c.send(
      new UpdateIntegrationCommand({
        ...ids,
        patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: 'Action=SendMessage&MessageBody=v2-$util.urlEncode($input.body)' }],
      }),
    );
    // create_before_destroy deployment: new one, stage moved to it, old one deleted.
    const second = await c.send(new CreateDeploymentCommand({ restApiId, description: '', variables: {} }));
    await c.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/deploymentId', value: second.id },
          { op: 'replace', path: '/variables/queue', value: name },
        ],
      }),
    );
    await c.send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id }));
    expect((await invoke('{"id":2}')).status).toBe(200);
    expect(await received(queueUrl)).toEqual(['v2-{"id":2}']);

    // terraform destroy
    await c.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'remove', path: '/*/*' }] }));
    await c.send(new DeleteStageCommand({ restApiId, stageName: 'prod' }));
    await c.send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id }));
    await c.send(new DeleteIntegrationResponseCommand({ ...ids, statusCode: '200' }));
    await c.send(new DeleteMethodResponseCommand({ ...ids, statusCode: '200' }));
    await c.send(new DeleteIntegrationCommand(ids));
    await c.send(new DeleteMethodCommand(ids));
    await c.send(new DeleteResourceCommand({ restApiId, resourceId: resource.id }));
    await c.send(new DeleteRestApiCommand({ restApiId }));
    expect(await notFound(c.send(new GetStageCommand({ restApiId, stageName: 'prod' })))).toBe('NotFoundException');
    expect(await notFound(c.send(new GetRestApiCommand({ restApiId })))).toBe('NotFoundException');
  });
});
