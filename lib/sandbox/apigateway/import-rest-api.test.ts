import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateDeploymentCommand,
  GetGatewayResponseCommand,
  GetModelCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRequestValidatorsCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayTrustPolicy, createPresetDesign, executionRolePolicyDocument, type IntegrationDesign } from '@/lib/design';
import { SPECIAL_CHARACTERS_BODY } from '@/lib/doctor';
import { exportDesigns } from '@/lib/iac';
import { startTestSandbox, type TestSandbox } from './test-support';

const run = promisify(execFile);
let sb: TestSandbox;
let dir: string;
beforeAll(async () => {
  sb = await startTestSandbox();
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-import-'));
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, PATH: '/usr/bin:/bin', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('/usr/bin/aws', [...args, '--endpoint-url', sb.url, '--region', 'us-east-1', '--output', 'json'], { env });
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

/** The queue and role a design names, created the way Sluice's deploy would (the OpenAPI document holds neither). */
async function queueAndRole(d: IntegrationDesign): Promise<string> {
  const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: d.queue.name }));
  if (d.executionRole.mode === 'create') {
    await sb.iam.send(new CreateRoleCommand({ RoleName: d.executionRole.roleName, AssumeRolePolicyDocument: JSON.stringify(apiGatewayTrustPolicy()) }));
    await sb.iam.send(new PutRolePolicyCommand({ RoleName: d.executionRole.roleName, PolicyName: 'send', PolicyDocument: executionRolePolicyDocument(d) }));
  }
  return queue.QueueUrl!;
}

async function received(queueUrl: string): Promise<string[]> {
  const out = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  return (out.Messages ?? []).map((m) => m.Body ?? '');
}

describe('ImportRestApi with an exported OpenAPI document', () => {
  it('aws apigateway import-rest-api --body fileb://… creates an API that, deployed, puts the body with & + % in the queue', { timeout: 60_000 }, async () => {
    const design = createPresetDesign('query-urlencoded', { queueName: 'import-orders', roleName: 'import-orders-role', resourcePath: '/v1/orders' });
    const queueUrl = await queueAndRole(design);
    const file = path.join(dir, 'api.yaml');
    writeFileSync(file, exportDesigns([design], 'openapi').text);
    const api = await aws('apigateway', 'import-rest-api', '--body', `fileb://${file}`, '--parameters', 'endpointConfigurationTypes=REGIONAL');
    expect(api).toMatchObject({ name: design.restApi.mode === 'create' ? design.restApi.name : '', endpointConfiguration: { types: ['REGIONAL'] } });
    const apiId = String(api.id);
    const resources = await sb.apigw.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }));
    const orders = resources.items!.find((r) => r.path === '/v1/orders')!;
    expect(orders.resourceMethods?.POST?.methodIntegration).toMatchObject({
      type: 'AWS',
      httpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/import-orders',
      requestParameters: design.integration.requestParameters,
      requestTemplates: design.integration.requestTemplates,
      passthroughBehavior: design.integration.passthroughBehavior,
    });
    await aws('apigateway', 'create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod');
    const res = await fetch(`${sb.url}/_aws/execute-api/${apiId}/prod/v1/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: SPECIAL_CHARACTERS_BODY });
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toMatchObject({ messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await received(queueUrl)).toEqual([SPECIAL_CHARACTERS_BODY]);
  });

  it('reads Swagger 2 JSON with request validators and gateway responses', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'swagger-import', version: '1' },
      'x-amazon-apigateway-request-validators': { params: { validateRequestParameters: true, validateRequestBody: false } },
      'x-amazon-apigateway-gateway-responses': { DEFAULT_4XX: { statusCode: 400, responseTemplates: { 'application/json': '{"error": $context.error.messageString}' } } },
      'x-amazon-apigateway-binary-media-types': ['image/png'],
      paths: {
        '/ping': {
          get: {
            parameters: [{ name: 'id', in: 'query', required: true, type: 'string' }],
            'x-amazon-apigateway-request-validator': 'params',
            responses: { '200': { description: 'ok' } },
            'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
          },
        },
      },
    };
    const api = await sb.apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(doc)) }));
    expect(api).toMatchObject({ name: 'swagger-import', binaryMediaTypes: ['image/png'], endpointConfiguration: { types: ['EDGE'] } });
    const validators = await sb.apigw.send(new GetRequestValidatorsCommand({ restApiId: api.id }));
    expect(validators.items).toEqual([expect.objectContaining({ name: 'params', validateRequestParameters: true })]);
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const refused = await fetch(`${sb.url}/_aws/execute-api/${api.id}/dev/ping`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'Missing required request parameters: [id]' });
    expect((await fetch(`${sb.url}/_aws/execute-api/${api.id}/dev/ping?id=1`)).status).toBe(200);
    const custom = await sb.apigw.send(new GetGatewayResponseCommand({ restApiId: api.id, responseType: 'DEFAULT_4XX' }));
    expect(custom).toMatchObject({ statusCode: '400', defaultResponse: false });
  });

  it('imports components.schemas as models that a body validator checks requests against', async () => {
    const doc = `openapi: 3.0.1
info: {title: models-import}
x-amazon-apigateway-request-validators: {body: {validateRequestBody: true}}
paths:
  /orders:
    post:
      x-amazon-apigateway-request-validator: body
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses: {'200': {description: ok}}
      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}, responses: {default: {statusCode: '200'}}}
components:
  schemas:
    Order: {type: object, required: [id, item], properties: {id: {type: string}, item: {$ref: '#/components/schemas/Item'}}}
    Item: {type: object, required: [sku], properties: {sku: {type: string}}}
`;
    const api = await sb.apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(doc), failOnWarnings: true }));
    expect(api.warnings).toBeUndefined();
    const models = await sb.apigw.send(new GetModelsCommand({ restApiId: api.id }));
    expect(models.items!.map((m) => m.name).sort()).toEqual(['Empty', 'Error', 'Item', 'Order']);
    const order = await sb.apigw.send(new GetModelCommand({ restApiId: api.id, modelName: 'Order' }));
    expect(JSON.parse(order.schema!).properties.item).toEqual({ $ref: `https://apigateway.amazonaws.com/restapis/${api.id}/models/Item` });
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const post = (body: string) => fetch(`${sb.url}/_aws/execute-api/${api.id}/dev/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const refused = await post('{"id": "1", "item": {}}');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: 'Invalid request body' });
    expect((await post('{"id": "1", "item": {"sku": "A-1"}}')).status).toBe(200);
  });

  it('answers 400 BadRequestException for a file that is not OpenAPI, a bad mapping, and warnings with failonwarnings', async () => {
    const send = (body: string, failOnWarnings?: boolean) => sb.apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(body), ...(failOnWarnings ? { failOnWarnings } : {}) }));
    await expect(send('openapi: 3.0.1\ninfo: [unclosed')).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(/^Invalid OpenAPI input: .*line 2/) });
    await expect(send('{"title": "x"}')).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('neither an "openapi"') });
    const design = createPresetDesign('query-urlencoded');
    design.integration.requestParameters['integration.request.body.MessageBody'] = 'method.request.body';
    await expect(send(exportDesigns([design], 'openapi').text)).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringMatching(/^Errors found during import:\n\tUnable to put integration on 'POST' for resource at path '\/send': Invalid mapping expression specified/),
    });
    const noIntegration = `openapi: 3.0.1\ninfo: {title: warned}\npaths: {/x: {get: {responses: {'200': {description: ok}}}}}\n`;
    expect((await send(noIntegration)).warnings).toEqual([expect.stringContaining('has no x-amazon-apigateway-integration')]);
    await expect(send(noIntegration, true)).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('Warnings found during import') });
    await expect(send(`openapi: 3.0.1\ninfo: {title: bad}\npaths: {}\ncomponents: {schemas: {Order_1: {type: object}}}\n`)).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining("Unable to create model 'Order_1': Model name must be alphanumeric"),
    });
    await expect(send(`openapi: 3.0.1\ninfo: {title: bad}\npaths: {}\nx-amazon-apigateway-gateway-responses: {NOT_A_TYPE: {statusCode: 400}}\n`)).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining("Unable to put gateway response 'NOT_A_TYPE'"),
    });
  });

  it('PutRestApi merges by default and overwrites with mode=overwrite', async () => {
    const one = createPresetDesign('query-urlencoded', { resourcePath: '/a' });
    const two = createPresetDesign('query-urlencoded', { resourcePath: '/b' });
    const api = await sb.apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(exportDesigns([one], 'openapi').text) }));
    const paths = async () => (await sb.apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items!.map((r) => r.path).sort();
    await sb.apigw.send(new PutRestApiCommand({ restApiId: api.id, body: new TextEncoder().encode(exportDesigns([two], 'openapi').text) }));
    expect(await paths()).toEqual(['/', '/a', '/b']);
    const out = await sb.apigw.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: new TextEncoder().encode(exportDesigns([two], 'openapi').text) }));
    expect(await paths()).toEqual(['/', '/b']);
    expect(out.id).toBe(api.id);
    await expect(sb.apigw.send(new PutRestApiCommand({ restApiId: 'nosuchapi1', body: new TextEncoder().encode(exportDesigns([two], 'openapi').text) }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});

describe('the aws-cli export run against the sandbox', () => {
  it('builds a working stack, prints the invoke URL and can be run again', { timeout: 180_000 }, async () => {
    const design = createPresetDesign('query-urlencoded', { queueName: 'cli-orders', roleName: 'cli-orders-role', apiName: 'cli-export', resourcePath: '/send' });
    const script = path.join(dir, 'deploy.sh');
    writeFileSync(script, exportDesigns([design], 'aws-cli').text);
    const runScript = () => run('bash', [script], { env: { ...env, AWS_ENDPOINT_URL: sb.url, AWS_REGION: 'us-east-1' } });
    const first = await runScript();
    const url = first.stdout.trim().split('\n').at(-1)!;
    expect(url).toMatch(new RegExp(`^${sb.url}/_aws/execute-api/[a-z0-9]{10}/prod/send$`));
    const second = await runScript();
    expect(second.stdout.trim().split('\n').at(-1)).toBe(url);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: SPECIAL_CHARACTERS_BODY });
    expect(res.status).toBe(200);
    const queueUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'cli-orders', Attributes: { SqsManagedSseEnabled: 'true' } }))).QueueUrl!;
    expect(await received(queueUrl)).toEqual([SPECIAL_CHARACTERS_BODY]);
  });
});
