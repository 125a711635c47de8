import { describe, expect, it } from 'vitest';
import { createPresetDesign, type IntegrationDesign } from '@/lib/design';
import {
  buildIntegrationRequest,
  buildMethodResponse,
  defaultSampleRequest,
  formatExecutionLog,
  formatRequestLog,
  invocationContextForDesign,
  methodConfigFromDesign,
  previewDesign,
  HELLO_WORLD_SAMPLE_REQUEST,
  type BuildResult,
  type IntegrationRequestResult,
  type InvocationContext,
  type MethodConfig,
  type MethodRequest,
} from './index';

const NOW = new Date('2026-11-21T07:43:49Z');
const REQUEST_ID = '8b2f7c1e-0d4a-4a6e-9c1b-3f4d5e6a7b8c';
const TRACE = 'Root=1-6b014bb5-8b2f7c1e0d4a4a6e9c1b3f4d';
const SEED_BODY = '{\n"message": "Hello World"\n}';

const ctx: InvocationContext = {
  apiId: 'a1b2c3d4e5',
  stage: 'prod',
  accountId: '123456789012',
  region: 'us-east-1',
  requestId: REQUEST_ID,
  sourceIp: '203.0.113.42',
  userAgent: 'curl/8.5.0',
  requestTime: NOW,
  stageVariables: { queue: 'orders', version: 'v2' },
};

function ok(result: BuildResult): IntegrationRequestResult {
  if (result.kind !== 'integration-request') throw new Error(`expected an integration request, got ${result.status} ${result.body}`);
  return result;
}

function preview(design: IntegrationDesign, sample = defaultSampleRequest(design)) {
  return previewDesign(design, sample, { requestTime: NOW });
}

/** A minimal AWS integration for table-driven tests. */
function config(overrides: Partial<MethodConfig['methodIntegration']> = {}, method: Partial<MethodConfig> = {}): MethodConfig {
  return {
    httpMethod: 'POST',
    resourcePath: '/send',
    methodIntegration: {
      type: 'AWS',
      uri: 'arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders',
      integrationHttpMethod: 'POST',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      ...overrides,
    },
    ...method,
  };
}

function request(overrides: Partial<MethodRequest> = {}): MethodRequest {
  return { httpMethod: 'POST', path: '/send', multiValueHeaders: { 'Content-Type': ['application/json'] }, body: '{"foo": "bar"}', ...overrides };
}

describe('seed 002 sample requests, per preset', () => {
  it('AWS query protocol (as documented): POST to the queue path, form Content-Type, Action=SendMessage&MessageBody=<raw body>', () => {
    const d = createPresetDesign('query-documented', { accountId: '123456789012', queueName: 'MySQSStandardQueue' });
    const result = ok(preview(d, HELLO_WORLD_SAMPLE_REQUEST));
    expect(result.request).toEqual({
      method: 'POST',
      url: 'https://sqs.us-east-1.amazonaws.com/123456789012/MySQSStandardQueue',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Accept', 'application/json'],
        ['User-Agent', 'AmazonAPIGateway_a1b2c3d4e5'],
        ['X-Amzn-Trace-Id', TRACE],
      ],
      body: `Action=SendMessage&MessageBody=${SEED_BODY}`,
    });
    expect(result.templateUsed).toBe('application/json');
    expect(result.passthrough).toBe(false);
  });

  it('AWS query protocol, URL-encoded: the same request with the body form-encoded (space → +)', () => {
    const result = ok(preview(createPresetDesign('query-urlencoded'), HELLO_WORLD_SAMPLE_REQUEST));
    expect(result.request.url).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/orders');
    expect(result.request.body).toBe('Action=SendMessage&MessageBody=%7B%0A%22message%22%3A+%22Hello+World%22%0A%7D');
    expect(result.request.headers[0]).toEqual(['Content-Type', 'application/x-www-form-urlencoded']);
  });

  it('AWS JSON protocol (as documented): POST to /, Content-Type and X-Amz-Target from the client, body passed through', () => {
    const d = createPresetDesign('json-documented');
    const sample = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
      body: '{\n"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders/",\n"MessageBody": "This is a test message"\n}',
    };
    const result = ok(preview(d, sample));
    expect(result.request).toEqual({
      method: 'POST',
      url: 'https://sqs.us-east-1.amazonaws.com/',
      headers: [
        ['Content-Type', 'application/x-amz-json-1.0'],
        ['X-Amz-Target', 'AmazonSQS.SendMessage'],
        ['Accept', 'application/json'],
        ['User-Agent', 'AmazonAPIGateway_a1b2c3d4e5'],
        ['X-Amzn-Trace-Id', TRACE],
      ],
      body: sample.body,
    });
    expect(result.passthrough).toBe(true);
    expect(result.templateUsed).toBeUndefined();
  });

  it('FIFO: MessageGroupId from the required header, MessageDeduplicationId = the request id', () => {
    const d = createPresetDesign('fifo');
    const result = ok(preview(d, { ...HELLO_WORLD_SAMPLE_REQUEST, headers: { 'Content-Type': 'application/json', 'X-Message-Group-Id': 'customer 4711' } }));
    expect(result.request.url).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/orders.fifo');
    expect(result.request.body).toBe(
      'Action=SendMessage&MessageBody=%7B%0A%22message%22%3A+%22Hello+World%22%0A%7D&MessageGroupId=customer+4711&MessageDeduplicationId=' + REQUEST_ID,
    );
  });

  it('with message attributes: caller IP and request id as String attributes', () => {
    const result = ok(preview(createPresetDesign('message-attributes'), HELLO_WORLD_SAMPLE_REQUEST));
    expect(result.request.body).toBe(
      'Action=SendMessage&MessageBody=%7B%0A%22message%22%3A+%22Hello+World%22%0A%7D' +
        '&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=203.0.113.42' +
        `&MessageAttribute.2.Name=requestId&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=${REQUEST_ID}`,
    );
  });

  it('without the form Content-Type mapping, the client\'s application/json is forwarded (the UnknownOperationException of seed 002)', () => {
    const d = createPresetDesign('query-documented');
    d.integration.requestParameters = {};
    const result = ok(preview(d, HELLO_WORLD_SAMPLE_REQUEST));
    expect(result.request.headers).toEqual([
      ['Accept', 'application/json'],
      ['User-Agent', 'AmazonAPIGateway_a1b2c3d4e5'],
      ['Content-Type', 'application/json'],
      ['X-Amzn-Trace-Id', TRACE],
    ]);
  });
});

describe('template selection and passthrough (aws-reference B.2 table)', () => {
  const templates = { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' };
  const transformed = 'Action=SendMessage&MessageBody=%7B%22foo%22%3A+%22bar%22%7D';
  const xml = request({ multiValueHeaders: { 'Content-Type': ['application/xml'] }, body: '<foo/>' });

  it.each(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const)('templates defined, content type matches, %s → transform', (passthroughBehavior) => {
    const result = ok(buildIntegrationRequest(config({ requestTemplates: templates, passthroughBehavior }), request(), ctx));
    expect(result.request.body).toBe(transformed);
    expect(result.passthrough).toBe(false);
  });

  it('templates defined, no match, WHEN_NO_MATCH → body passed through unchanged', () => {
    const result = ok(buildIntegrationRequest(config({ requestTemplates: templates, passthroughBehavior: 'WHEN_NO_MATCH' }), xml, ctx));
    expect(result.request.body).toBe('<foo/>');
    expect(result.passthrough).toBe(true);
  });

  it.each(['WHEN_NO_TEMPLATES', 'NEVER'] as const)('templates defined, no match, %s → 415 Unsupported Media Type', (passthroughBehavior) => {
    const result = buildIntegrationRequest(config({ requestTemplates: templates, passthroughBehavior }), xml, ctx);
    expect(result).toMatchObject({ kind: 'method-error', status: 415, body: '{"message": "Unsupported Media Type"}', error: { kind: 'unsupported-media-type', contentType: 'application/xml' } });
    expect(result.log.at(-1)).toMatch(/ : Method completed with status: 415$/);
  });

  it.each(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES'] as const)('no templates, %s → pass through', (passthroughBehavior) => {
    const result = ok(buildIntegrationRequest(config({ requestTemplates: {}, passthroughBehavior }), xml, ctx));
    expect(result.request.body).toBe('<foo/>');
  });

  it('no templates, NEVER → 415', () => {
    expect(buildIntegrationRequest(config({ requestTemplates: {}, passthroughBehavior: 'NEVER' }), request(), ctx)).toMatchObject({ status: 415 });
  });

  it('a missing Content-Type selects the application/json template; parameters after ; are ignored', () => {
    expect(ok(buildIntegrationRequest(config(), request({ multiValueHeaders: {} }), ctx)).templateUsed).toBe('application/json');
    const charset = request({ multiValueHeaders: { 'content-type': ['Application/JSON; charset=UTF-8'] } });
    const result = ok(buildIntegrationRequest(config(), charset, ctx));
    expect(result.request.body).toBe(transformed);
  });

  it('a request without body still goes through the template; $input.body is {}', () => {
    const result = ok(buildIntegrationRequest(config(), request({ body: '' }), ctx));
    expect(result.request.body).toBe('Action=SendMessage&MessageBody=%7B%7D');
  });
});

describe('requestParameters: every source', () => {
  const req = request({
    path: '/orders/42',
    pathParameters: { id: '42' },
    multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['x'] },
    multiValueHeaders: { 'Content-Type': ['application/json'], 'X-Multi': ['one', 'two'], 'x-customer': ['c-7'] },
    body: '{"order": {"id": "A-1", "items": [1, 2]}, "n": 3}',
  });
  const mapped = (requestParameters: Record<string, string>) =>
    ok(buildIntegrationRequest(config({ requestParameters, requestTemplates: {} }, { resourcePath: '/orders/{id}' }), req, ctx)).request;

  it.each([
    ["'static value'", 'static value'],
    ['method.request.header.X-Customer', 'c-7'],
    ['method.request.multivalueheader.X-Multi', 'one,two'],
    ['method.request.querystring.tag', 'b'],
    ['method.request.multivaluequerystring.tag', 'a,b'],
    ['method.request.path.id', '42'],
    ['method.request.body', '{"order": {"id": "A-1", "items": [1, 2]}, "n": 3}'],
    ['method.request.body.order.id', 'A-1'],
    ['method.request.body.order.items', '[1,2]'],
    ['method.request.body.n', '3'],
    ['context.requestId', REQUEST_ID],
    ['context.identity.sourceIp', '203.0.113.42'],
    ['context.stage', 'prod'],
    ['stageVariables.queue', 'orders'],
  ])('%s → header', (source, expected) => {
    expect(mapped({ 'integration.request.header.X-Out': source }).headers).toContainEqual(['X-Out', expected]);
  });

  it('a mapping whose source is absent sets nothing', () => {
    const headers = mapped({ 'integration.request.header.X-Out': 'method.request.header.X-Absent' }).headers;
    expect(headers.some(([k]) => k === 'X-Out')).toBe(false);
  });

  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('a source named %s that the request does not carry sets nothing', (name) => {
    for (const source of [`method.request.querystring.${name}`, `method.request.path.${name}`, `stageVariables.${name}`, `context.${name}`]) {
      const headers = mapped({ 'integration.request.header.X-Out': source }).headers;
      expect(headers.filter(([k]) => k === 'X-Out')).toEqual([]);
    }
  });

  it('maps into the query string and the URI path', () => {
    const result = ok(
      buildIntegrationRequest(
        config(
          {
            uri: 'arn:aws:apigateway:us-east-1:sqs:path/{account}/{queue}',
            requestParameters: {
              'integration.request.path.account': "'123456789012'",
              'integration.request.path.queue': 'stageVariables.queue',
              'integration.request.querystring.Version': "'2012-11-05'",
              'integration.request.querystring.Tag': 'method.request.querystring.q',
            },
            requestTemplates: {},
          },
          { resourcePath: '/orders/{id}' },
        ),
        req,
        ctx,
      ),
    );
    expect(result.request.url).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders?Version=2012-11-05&Tag=x');
  });

  it('a mapped Accept replaces the default; User-Agent and trace id stay', () => {
    const headers = mapped({ 'integration.request.header.Accept': "'application/xml'" }).headers;
    expect(headers).toEqual([
      ['Accept', 'application/xml'],
      ['User-Agent', 'AmazonAPIGateway_a1b2c3d4e5'],
      ['Content-Type', 'application/json'],
      ['X-Amzn-Trace-Id', TRACE],
    ]);
  });

  it('$context.requestOverride wins over mappings and defaults', () => {
    const template =
      "#set($context.requestOverride.header.Accept = 'application/xml')#set($context.requestOverride.querystring.Version = '2012-11-05')Action=SendMessage&MessageBody=x";
    const result = ok(buildIntegrationRequest(config({ requestTemplates: { 'application/json': template } }), request(), ctx));
    expect(result.request.headers).toContainEqual(['Accept', 'application/xml']);
    expect(result.request.headers.filter(([k]) => k === 'Accept')).toHaveLength(1);
    expect(result.request.url).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders?Version=2012-11-05');
  });
});

describe('endpoint URL and method', () => {
  const url = (uri: string, extra: Partial<MethodConfig['methodIntegration']> = {}) =>
    ok(buildIntegrationRequest(config({ uri, requestParameters: {}, requestTemplates: {}, ...extra }), request(), ctx)).request.url;

  it('path// is the service root', () => expect(url('arn:aws:apigateway:eu-west-2:sqs:path//')).toBe('https://sqs.eu-west-2.amazonaws.com/'));
  it('action form', () =>
    expect(url('arn:aws:apigateway:us-east-1:sqs:action/SendMessage', { requestParameters: { 'integration.request.querystring.QueueUrl': "'https://sqs.us-east-1.amazonaws.com/123456789012/orders'" } })).toBe(
      'https://sqs.us-east-1.amazonaws.com/?Action=SendMessage&QueueUrl=https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F123456789012%2Forders',
    ));
  it('subdomain', () => expect(url('arn:aws:apigateway:us-east-1:fips.sqs:path/1/q')).toBe('https://fips.sqs.us-east-1.amazonaws.com/1/q'));
  it('${stageVariables.x}', () => expect(url('arn:aws:apigateway:us-east-1:sqs:path/123456789012/${stageVariables.queue}')).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders'));
  it('an invalid uri is a 500 configuration error', () => {
    const result = buildIntegrationRequest(config({ uri: 'https://example.com/' }), request(), ctx);
    expect(result).toMatchObject({ kind: 'method-error', status: 500, body: '{"message": "Internal server error"}' });
    expect(result.log).toContainEqual(expect.stringMatching(/ : Execution failed due to configuration error: Invalid endpoint address$/));
  });
  it('integrationHttpMethod is the method; ANY means the client\'s', () => {
    expect(ok(buildIntegrationRequest(config({ integrationHttpMethod: 'GET' }), request(), ctx)).request.method).toBe('GET');
    expect(ok(buildIntegrationRequest(config({ integrationHttpMethod: 'ANY' }), request({ httpMethod: 'PUT' }), ctx)).request.method).toBe('PUT');
  });
});

describe('method request errors', () => {
  it('required parameters are enforced with a validator: 400 Missing required request parameters', () => {
    const c = config({}, { requestParameters: { 'method.request.header.X-Foo': true, 'method.request.querystring.bar': true, 'method.request.header.X-Opt': false }, requestValidator: { validateRequestParameters: true, validateRequestBody: false } });
    const result = buildIntegrationRequest(c, request(), ctx);
    expect(result).toMatchObject({ kind: 'method-error', status: 400, body: '{"message": "Missing required request parameters: [X-Foo, bar]"}', error: { kind: 'missing-parameters', names: ['X-Foo', 'bar'] } });
    expect(result.kind === 'method-error' && result.headers).toContainEqual(['x-amzn-ErrorType', 'BadRequestException']);
    const present = request({ multiValueHeaders: { 'x-foo': ['1'] }, multiValueQueryStringParameters: { bar: ['2'] } });
    expect(buildIntegrationRequest(c, present, ctx).kind).toBe('integration-request');
  });

  it('methodConfigFromDesign attaches a validator when the design requires a parameter (FIFO group header)', () => {
    const result = preview(createPresetDesign('fifo'), HELLO_WORLD_SAMPLE_REQUEST);
    expect(result).toMatchObject({ status: 400, body: '{"message": "Missing required request parameters: [X-Message-Group-Id]"}' });
  });

  it('a template that fails is 500 Internal server error with the VTL error for the UI', () => {
    const result = buildIntegrationRequest(config({ requestTemplates: { 'application/json': '#if($x' } }), request(), ctx);
    expect(result).toMatchObject({ kind: 'method-error', status: 500, body: '{"message": "Internal server error"}', error: { kind: 'template', contentType: 'application/json' } });
    if (result.kind === 'method-error' && result.error?.kind === 'template') expect(result.error.vtl.line).toBeGreaterThan(0);
    expect(result.log.slice(-2)).toEqual([
      'Sat Nov 21 07:43:49 UTC 2026 : Execution failed due to configuration error: Unable to transform request',
      'Sat Nov 21 07:43:49 UTC 2026 : Method completed with status: 500',
    ]);
  });
});

describe('response side', () => {
  const d = createPresetDesign('query-urlencoded');
  const c = methodConfigFromDesign(d);
  const sqsOk = {
    status: 200,
    headers: { 'x-amzn-RequestId': '2e75dac6-4f87-52ab-8fa4-8615640b84f4', 'Content-Type': 'application/json' },
    body: '{"SendMessageResponse":{"ResponseMetadata":{"RequestId":"2e75dac6-4f87-52ab-8fa4-8615640b84f4"},"SendMessageResult":{"MD5OfMessageAttributes":null,"MD5OfMessageBody":"0d7ac2dec5f281678f65dcf7fe4681ba","MD5OfMessageSystemAttributes":null,"MessageId":"9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1","SequenceNumber":null}}}',
  };
  const options = { request: request(), context: ctx, latencyMs: 21 };

  it('B.4 response template on the JSON rendering of the query response', () => {
    const b4 = config({
      integrationResponses: {
        '200': {
          statusCode: '200',
          responseTemplates: {
            'application/json':
              "#set($responseBody = $input.path('$.SendMessageResponse'))\n#set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))\n#set($messageId = $responseBody.SendMessageResult.MessageId)\n{ \"requestId\": \"$requestId\", \"messageId\": \"$messageId\" }",
          },
        },
      },
    });
    const result = buildMethodResponse(b4, sqsOk, options);
    expect(JSON.parse(result.body)).toEqual({ requestId: '2e75dac6-4f87-52ab-8fa4-8615640b84f4', messageId: '9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1' });
    expect(result.status).toBe(200);
    expect(result.headers).toEqual([
      ['X-Amzn-Trace-Id', TRACE],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('the preset maps SQS success through its template and SQS errors by full-match selection patterns', () => {
    expect(JSON.parse(buildMethodResponse(c, sqsOk, options).body)).toEqual({ messageId: '9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1', md5OfMessageBody: '0d7ac2dec5f281678f65dcf7fe4681ba' });
    const err = (status: number) => buildMethodResponse(c, { status, headers: {}, body: '{"Error":{"Code":"X"}}' }, options);
    expect([err(400).status, err(403).status, err(404).status, err(413).status, err(500).status, err(503).status]).toEqual([400, 403, 400, 400, 502, 502]);
    expect(err(404).body).toBe('{"Error":{"Code":"X"}}');
  });

  it('selection patterns must match the whole status string', () => {
    const partial = config({
      integrationResponses: { '200': { statusCode: '200', selectionPattern: '2' }, '400': { statusCode: '400', selectionPattern: '4' } },
    });
    const result = buildMethodResponse(partial, { status: 400, headers: {}, body: 'x' }, options);
    expect(result.status).toBe(500);
    expect(result.log).toContain(
      'Sat Nov 21 07:43:49 UTC 2026 : Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 400',
    );
  });

  it('an integration response pointing at an undeclared method response is a 500', () => {
    const broken = config({ integrationResponses: { '200': { statusCode: '200' } } }, { methodResponses: { '201': { statusCode: '201' } } });
    expect(buildMethodResponse(broken, sqsOk, options)).toMatchObject({ status: 500, body: '{"message": "Internal server error"}' });
  });

  it('response parameters, Accept-chosen template and responseOverride', () => {
    const rich = config({
      integrationResponses: {
        '200': {
          statusCode: '200',
          responseParameters: {
            'method.response.header.X-Static': "'yes'",
            'method.response.header.X-Request-Id': 'integration.response.header.x-amzn-RequestId',
            'method.response.header.X-Message-Id': 'integration.response.body.SendMessageResponse.SendMessageResult.MessageId',
          },
          responseTemplates: {
            'application/json': '{"json": true}',
            'text/plain': "#set($context.responseOverride.status = 202)#set($context.responseOverride.header.X-Static = 'overridden')accepted",
          },
        },
      },
    });
    const asText = buildMethodResponse(rich, sqsOk, { ...options, request: request({ multiValueHeaders: { Accept: ['text/plain'] } }) });
    expect(asText).toMatchObject({ status: 202, body: 'accepted', templateUsed: 'text/plain' });
    expect(asText.headers).toEqual([
      ['X-Amzn-Trace-Id', TRACE],
      ['X-Static', 'overridden'],
      ['X-Request-Id', '2e75dac6-4f87-52ab-8fa4-8615640b84f4'],
      ['X-Message-Id', '9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1'],
      ['Content-Type', 'text/plain'],
    ]);
    expect(buildMethodResponse(rich, sqsOk, { ...options, request: request({ multiValueHeaders: { Accept: ['image/png'] } }) }).body).toBe('{"json": true}');
  });

  it('no response templates: the SQS body passes through', () => {
    const plain = config({ integrationResponses: { '200': { statusCode: '200' } } });
    expect(buildMethodResponse(plain, sqsOk, options).body).toBe(sqsOk.body);
  });
});

describe('execution log (aws-reference D)', () => {
  it('request half + response half read like TestInvokeMethod', () => {
    const d = createPresetDesign('query-documented', { accountId: '123456789012', queueName: 'my-queue' });
    const c = methodConfigFromDesign(d);
    const context = invocationContextForDesign(d, { requestTime: NOW, requestId: REQUEST_ID, stage: undefined });
    const req = request({ multiValueHeaders: { 'Content-Type': ['application/json'] }, body: '{"foo": "bar"}' });
    const built = ok(buildIntegrationRequest(c, req, context));
    const signed = formatRequestLog(c, req, context, {
      ...built.request,
      headers: [['Authorization', `AWS4-HMAC-SHA256 Credential=ASIA/20261121/us-east-1/sqs/aws4_request, Signature=${'f'.repeat(58)}abcdef`], ['X-Amz-Date', '20261121T074349Z'], ...built.request.headers],
    });
    const response = buildMethodResponse(c, { status: 200, headers: [['x-amzn-RequestId', 'r-1'], ['Content-Type', 'application/json']], body: '{"ok":1}' }, { request: req, context, latencyMs: 21, time: NOW });
    const text = formatExecutionLog([...signed, ...response.log]);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Execution log for request ${REQUEST_ID}`);
    expect(lines.slice(1, 8)).toEqual([
      `Sat Nov 21 07:43:49 UTC 2026 : Starting execution for request: ${REQUEST_ID}`,
      'Sat Nov 21 07:43:49 UTC 2026 : HTTP Method: POST, Resource Path: /send',
      'Sat Nov 21 07:43:49 UTC 2026 : Method request path: {}',
      'Sat Nov 21 07:43:49 UTC 2026 : Method request query string: {}',
      'Sat Nov 21 07:43:49 UTC 2026 : Method request headers: {Content-Type=application/json}',
      'Sat Nov 21 07:43:49 UTC 2026 : Method request body before transformations: {"foo": "bar"}',
      'Sat Nov 21 07:43:49 UTC 2026 : Endpoint request URI: https://sqs.us-east-1.amazonaws.com/123456789012/my-queue',
    ]);
    expect(lines[8]).toMatch(/^Sat Nov 21 07:43:49 UTC 2026 : Endpoint request headers: \{Authorization=\*+abcdef, X-Amz-Date=20261121T074349Z, Content-Type=application\/x-www-form-urlencoded, Accept=application\/json, /);
    expect(lines.slice(9)).toEqual([
      'Sat Nov 21 07:43:49 UTC 2026 : Endpoint request body after transformations: Action=SendMessage&MessageBody={"foo": "bar"}',
      'Sat Nov 21 07:43:49 UTC 2026 : Sending request to https://sqs.us-east-1.amazonaws.com/123456789012/my-queue',
      'Sat Nov 21 07:43:49 UTC 2026 : Received response. Status: 200, Integration latency: 21 ms',
      'Sat Nov 21 07:43:49 UTC 2026 : Endpoint response headers: {x-amzn-RequestId=r-1, Content-Type=application/json}',
      'Sat Nov 21 07:43:49 UTC 2026 : Endpoint response body before transformations: {"ok":1}',
      'Sat Nov 21 07:43:49 UTC 2026 : Method response body after transformations: {"ok":1}',
      `Sat Nov 21 07:43:49 UTC 2026 : Method response headers: {X-Amzn-Trace-Id=${TRACE}, Content-Type=application/json}`,
      'Sat Nov 21 07:43:49 UTC 2026 : Successfully completed execution',
      'Sat Nov 21 07:43:49 UTC 2026 : Method completed with status: 200',
      '',
    ]);
  });
});
