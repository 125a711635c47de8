import { describe, expect, it } from 'vitest';
import { createPresetDesign, validateDesign } from '@/lib/design';
import { applyFix, diagnose } from '@/lib/doctor';
import { SERVERLESS_SQS_DIRECT_EXAMPLE } from './fixtures/serverless-sqs-direct';
import { importConfig } from './import';

const serverlessExample = SERVERLESS_SQS_DIRECT_EXAMPLE;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function ok(text: string, options = {}) {
  const result = importConfig(text, options);
  if (!result.ok) throw new Error(`${result.error.message} (line ${result.error.line})`);
  return result;
}

describe('serverless.yml with plain resources (the serverless.yml example)', () => {
  const result = ok(serverlessExample);
  const [imported] = result.designs;
  const finding = (id: string) => imported!.findings.find((f) => f.id === id);

  it('finds its one SQS method with the queue, role, API and path the template defines', () => {
    expect(result.format).toBe('serverless');
    expect(result.designs).toHaveLength(1);
    expect(imported!.design).toMatchObject({
      resourcePath: '/send',
      queue: { mode: 'create', name: 'my-direct-integration-queue' },
      executionRole: { mode: 'create', roleName: 'ApiGatewayRole' },
      restApi: { mode: 'create', name: 'SQSDirectIntegrationAPI' },
      stageName: 'prod',
      method: { httpMethod: 'POST' },
    });
    // !Ref MyQueue is the queue URL; !GetAtt MyQueue.Arn in the role policy is its ARN.
    expect(imported!.design.integration.requestParameters['integration.request.path.QueueUrl']).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/my-direct-integration-queue');
    expect(imported!.design.executionRole).toMatchObject({ policyDocument: expect.stringContaining('arn:aws:sqs:us-east-1:000000000000:my-direct-integration-queue') });
  });

  it('reports each of its four wrong mappings at its own line', () => {
    expect(finding('x-amz-target-format')?.line).toBe(lineOf(serverlessExample, "X-Amz-Target: \"'SendMessage'\""));
    expect(finding('unknown-sqs-header')?.line).toBe(lineOf(serverlessExample, 'X-Amz-Content-Type-X:'));
    expect(finding('request-parameter-path-unused')?.line).toBe(lineOf(serverlessExample, 'integration.request.path.QueueUrl:'));
    expect(finding('request-parameter-key')?.line).toBe(lineOf(serverlessExample, 'integration.request.body.MessageBody:'));
  });

  it('reports the missing Content-Type and template of the query protocol at the integration', () => {
    expect(imported!.design.protocol).toBe('query');
    expect(finding('query-content-type')).toMatchObject({ severity: 'error', line: lineOf(serverlessExample, 'RequestParameters:') });
    expect(finding('query-template-action')).toMatchObject({ severity: 'error', line: lineOf(serverlessExample, 'Integration:') });
  });

  it("the doctor's one-click fixes turn it into a valid design with no error", () => {
    let d = imported!.design;
    for (let i = 0; i < 20; i++) {
      const next = diagnose(d).find((f) => f.fix);
      if (!next) break;
      d = applyFix(d, next.fix!);
    }
    expect(diagnose(d).filter((f) => f.severity === 'error')).toEqual([]);
    expect(validateDesign(d).ok).toBe(true);
    expect(d.integration).toMatchObject({ actionType: 'pathOverride', pathOverride: '000000000000/my-direct-integration-queue', requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" } });
  });

  it('lists what it cannot represent with its line: the Lambda function and the Lambda role', () => {
    expect(result.unsupported).toEqual([
      expect.objectContaining({ line: lineOf(serverlessExample, '  iam:') + 1, message: expect.stringContaining("Lambda functions' role") }),
      expect.objectContaining({ line: lineOf(serverlessExample, '  dummy:'), message: expect.stringContaining('Lambda function dummy') }),
    ]);
  });
});

describe('serverless-apigateway-service-proxy', () => {
  const yml = `service: orders
provider:
  name: aws
  region: eu-west-1
  stage: live
custom:
  apiGatewayServiceProxies:
    - sqs:
        path: /orders
        method: post
        queueName: { 'Fn::GetAtt': ['OrdersQueue', 'QueueName'] }
        cors: true
        request:
          template:
            application/json: 'Action=SendMessage&MessageBody=$input.body'
    - kinesis:
        path: /stream
        method: post
resources:
  Resources:
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: orders-queue
`;
  it('expands an sqs entry the way the plugin compiles it and lists the other services', () => {
    const result = ok(yml);
    expect(result.designs).toHaveLength(1);
    const d = result.designs[0]!.design;
    expect(d).toMatchObject({
      region: 'eu-west-1',
      stageName: 'live',
      resourcePath: '/orders',
      restApi: { mode: 'create', name: 'live-orders' },
      queue: { mode: 'create', name: 'orders-queue' },
      integration: { pathOverride: '/000000000000/orders-queue', passthroughBehavior: 'NEVER', requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" } },
      cors: { enabled: true, allowOrigin: '*' },
    });
    expect(d.integration.requestTemplates['application/json']).toBe('Action=SendMessage&MessageBody=$input.body');
    // The doctor sees the unencoded body of this template, at its line.
    expect(result.designs[0]!.findings.find((f) => f.id === 'query-body-not-urlencoded')?.line).toBe(lineOf(yml, 'application/json:'));
    expect(result.unsupported).toEqual([expect.objectContaining({ line: lineOf(yml, '- kinesis:'), message: expect.stringContaining('kinesis') })]);
  });
});

describe('CloudFormation', () => {
  it('reads JSON with long-form intrinsics, resolves Fn::Sub and Fn::Join, keeps what it cannot resolve symbolic', () => {
    const template = JSON.stringify(
      {
        Parameters: { Stage: { Type: 'String', Default: 'v1' } },
        Resources: {
          Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs.fifo', FifoQueue: true, ContentBasedDeduplication: true } },
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'jobs', EndpointConfiguration: { Types: ['REGIONAL'] } } },
          Jobs: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'jobs' } },
          M: {
            Type: 'AWS::ApiGateway::Method',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResourceId: { Ref: 'Jobs' },
              HttpMethod: 'PUT',
              AuthorizationType: 'AWS_IAM',
              Integration: {
                Type: 'AWS',
                IntegrationHttpMethod: 'POST',
                Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${Q.QueueName}' },
                Credentials: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/', { Ref: 'External' }]] },
                RequestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
                RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$context.requestId' },
                IntegrationResponses: [{ StatusCode: 200 }],
              },
              MethodResponses: [{ StatusCode: 200 }],
            },
          },
          Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
          Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: { Ref: 'Stage' }, DeploymentId: 'x' } },
        },
      },
      null,
      2,
    );
    const result = ok(template, { region: 'eu-central-1', accountId: '123456789012' });
    expect(result.format).toBe('cloudformation');
    const d = result.designs[0]!.design;
    expect(d).toMatchObject({
      region: 'eu-central-1',
      accountId: '123456789012',
      resourcePath: '/jobs',
      stageName: 'v1',
      restApi: { name: 'jobs', endpointType: 'REGIONAL' },
      queue: { name: 'jobs.fifo', fifo: true, contentBasedDeduplication: true },
      method: { httpMethod: 'PUT', authorizationType: 'AWS_IAM' },
      integration: { pathOverride: '123456789012/jobs.fifo' },
      // The role is a reference the template does not define: written the way Fn::Sub would, so it shows.
      executionRole: { mode: 'create', roleName: 'unknown-execution-role' },
    });
    expect(result.designs[0]!.errors).toEqual([]);
    expect(result.unsupported).toEqual([expect.objectContaining({ line: lineOf(template, '"Fn": {'), message: expect.stringContaining('AWS::Lambda::Function') })]);
  });

  it('reads YAML short forms (!Sub, !GetAtt, !Ref) in a SAM template with an inline OpenAPI body', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !GetAtt Queue.Arn
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        openapi: 3.0.1
        info: { title: sam-api }
        paths:
          /in:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: GET
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:sqs:path/\${AWS::AccountId}/\${Queue.QueueName}
                credentials: !GetAtt Role.Arn
                requestParameters:
                  integration.request.header.Content-Type: "'application/x-www-form-urlencoded'"
                requestTemplates:
                  application/json: Action=SendMessage&MessageBody=$util.urlEncode($input.body)
                responses:
                  default: { statusCode: '200' }
`;
    const result = ok(sam);
    expect(result.format).toBe('sam');
    const d = result.designs[0]!.design;
    expect(d).toMatchObject({ stageName: 'dev', queue: { mode: 'create', name: 'Queue' }, executionRole: { mode: 'create', roleName: 'Role' }, integration: { integrationHttpMethod: 'GET', pathOverride: '000000000000/Queue' } });
    expect(result.designs[0]!.findings.find((f) => f.id === 'integration-http-method-get')?.line).toBe(lineOf(sam, 'httpMethod: GET'));
  });
});

describe('OpenAPI and Swagger get the same rules as the wizard', () => {
  const openapi = (integration: string) => `openapi: 3.0.1
info:
  title: ingest
paths:
  /send:
    post:
      responses:
        '200': { description: ok }
      x-amazon-apigateway-integration:
        type: aws
        uri: arn:aws:apigateway:us-east-1:sqs:path/000000000000/orders
        credentials: arn:aws:iam::000000000000:role/apigw
${integration}
        responses:
          default: { statusCode: '200' }
`;

  it('httpMethod: GET → SignatureDoesNotMatch at the httpMethod line', () => {
    const text = openapi(`        httpMethod: GET\n        requestParameters:\n          integration.request.header.Content-Type: "'application/x-www-form-urlencoded'"\n        requestTemplates:\n          application/json: Action=SendMessage&MessageBody=$util.urlEncode($input.body)`);
    const [d] = ok(text).designs;
    expect(d!.design).toMatchObject({ queue: { mode: 'existing', name: 'orders' }, executionRole: { mode: 'existing', roleArn: 'arn:aws:iam::000000000000:role/apigw' } });
    expect(d!.findings.find((f) => f.id === 'integration-http-method-get')).toMatchObject({ severity: 'error', line: lineOf(text, 'httpMethod: GET') });
  });

  it('an unquoted static header value and a raw $input.body, each at its line', () => {
    const text = openapi(`        httpMethod: POST\n        requestParameters:\n          integration.request.header.Content-Type: application/x-www-form-urlencoded\n        requestTemplates:\n          application/json: Action=SendMessage&MessageBody=$input.body`);
    const [d] = ok(text).designs;
    expect(d!.findings.find((f) => f.id === 'static-value-unquoted')?.line).toBe(lineOf(text, 'Content-Type: application/x-www-form-urlencoded'));
    expect(d!.findings.find((f) => f.id === 'query-body-not-urlencoded')?.line).toBe(lineOf(text, 'application/json: Action'));
  });

  it('Swagger 2 in JSON, with method request parameters, an API key and a non-SQS operation listed', () => {
    const text = JSON.stringify(
      {
        swagger: '2.0',
        info: { title: 'legacy' },
        basePath: '/api',
        securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
        paths: {
          '/events': {
            post: {
              security: [{ api_key: [] }],
              parameters: [{ name: 'X-Group', in: 'header', required: true, type: 'string' }],
              responses: { '200': { description: 'ok' } },
              'x-amazon-apigateway-integration': {
                type: 'aws',
                httpMethod: 'POST',
                uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/events',
                credentials: 'arn:aws:iam::000000000000:role/apigw',
                requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
                requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
                passthroughBehavior: 'when_no_templates',
                responses: { default: { statusCode: '200' } },
              },
            },
            get: { responses: {}, 'x-amazon-apigateway-integration': { type: 'http', uri: 'https://example.com', httpMethod: 'GET' } },
          },
        },
      },
      null,
      2,
    );
    const result = ok(text);
    expect(result.format).toBe('swagger');
    expect(result.designs[0]!.design).toMatchObject({
      resourcePath: '/api/events',
      method: { apiKeyRequired: true, requestParameters: { 'method.request.header.X-Group': true } },
      integration: { passthroughBehavior: 'WHEN_NO_TEMPLATES' },
    });
    expect(result.designs[0]!.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.unsupported).toEqual([expect.objectContaining({ message: expect.stringContaining('GET /events is not an SQS integration') })]);
  });
});

describe('errors', () => {
  it('a syntax error is a message with its line, never an exception', () => {
    const result = importConfig('Resources:\n  Q:\n    Type: [AWS::SQS::Queue\n');
    expect(result).toMatchObject({ ok: false, error: { line: expect.any(Number) } });
    expect(!result.ok && result.error.line).toBeGreaterThanOrEqual(3);
  });

  it('a file of no known kind says what is expected', () => {
    expect(importConfig('hello: world')).toMatchObject({ ok: false, error: { message: expect.stringContaining('serverless.yml') } });
  });

  it('a design JSON is doctored with the lines of its own fields', () => {
    const text = JSON.stringify(createPresetDesign('query-documented'), null, 2);
    const result = ok(text);
    expect(result.format).toBe('design');
    const f = result.designs[0]!.findings.find((x) => x.id === 'query-body-not-urlencoded')!;
    expect(text.split('\n')[f.line - 1]).toContain('"application/json": "Action=SendMessage&MessageBody=$input.body"');
  });
});
