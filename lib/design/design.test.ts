import { describe, expect, it } from 'vitest';
import {
  createPresetDesign,
  deriveCreateCalls,
  type IntegrationDesign,
  leastPrivilegePolicy,
  PRESET_IDS,
  type PlannedCall,
  validateDesign,
} from './index';

function call<O extends PlannedCall['operation']>(calls: PlannedCall[], operation: O): Extract<PlannedCall, { operation: O }> {
  const found = calls.find((c) => c.operation === operation);
  if (!found) throw new Error(`no ${operation} in plan`);
  return found as Extract<PlannedCall, { operation: O }>;
}

describe('presets', () => {
  it.each(PRESET_IDS)('%s validates', (id) => {
    const result = validateDesign(createPresetDesign(id));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('AWS query protocol (as documented) reproduces seed 002 field by field', () => {
    const d = createPresetDesign('query-documented', { accountId: '123456789012', queueName: 'MySQSStandardQueue' });
    const put = call(deriveCreateCalls(d), 'PutIntegration').input;
    expect(put.type).toBe('AWS'); // Integration type: AWS Service
    expect(put.httpMethod).toBe('POST'); // Method type: POST
    expect(put.integrationHttpMethod).toBe('POST'); // HTTP method: POST
    expect(put.uri).toBe('arn:aws:apigateway:us-east-1:sqs:path/123456789012/MySQSStandardQueue'); // Use path override {account}/{queue}
    expect(put.credentials).toBe('arn:aws:iam::123456789012:role/apigateway-sqs-MySQSStandardQueue'); // Execution role
    expect(put.requestParameters).toEqual({ 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" });
    expect(put.requestTemplates).toEqual({ 'application/json': 'Action=SendMessage&MessageBody=$input.body' });
  });

  it('AWS query protocol, URL-encoded wraps the body in $util.urlEncode', () => {
    const put = call(deriveCreateCalls(createPresetDesign('query-urlencoded')), 'PutIntegration').input;
    expect(put.requestTemplates).toEqual({ 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' });
    expect(put.uri).toBe('arn:aws:apigateway:us-east-1:sqs:path/000000000000/orders');
  });

  it('AWS JSON protocol (as documented) reproduces seed 002 field by field', () => {
    const d = createPresetDesign('json-documented');
    const calls = deriveCreateCalls(d);
    const put = call(calls, 'PutIntegration').input;
    expect(put.uri).toBe('arn:aws:apigateway:us-east-1:sqs:path//'); // Path override: /
    expect(put.integrationHttpMethod).toBe('POST');
    expect(put.requestParameters).toEqual({
      'integration.request.header.Content-Type': 'method.request.header.Content-Type',
      'integration.request.header.X-Amz-Target': 'method.request.header.X-Amz-Target',
    });
    expect(put.passthroughBehavior).toBe('WHEN_NO_MATCH'); // "leave as the default option When no template matches"
    expect(put.requestTemplates).toEqual({});
    expect(call(calls, 'PutMethod').input.requestParameters).toEqual({
      'method.request.header.Content-Type': false,
      'method.request.header.X-Amz-Target': false,
    });
  });

  it('FIFO takes MessageGroupId from a header or a body field', () => {
    const fromHeader = createPresetDesign('fifo');
    expect(fromHeader.queue.name).toBe('orders.fifo');
    expect(fromHeader.integration.requestTemplates['application/json']).toContain("MessageGroupId=$util.urlEncode($input.params('X-Message-Group-Id'))");
    expect(fromHeader.integration.requestTemplates['application/json']).toContain('MessageDeduplicationId=$context.requestId');
    expect(fromHeader.method.requestParameters['method.request.header.X-Message-Group-Id']).toBe(true);
    const fromBody = createPresetDesign('fifo', { fifoGroupIdSource: { from: 'body', jsonPath: 'customerId' } });
    expect(fromBody.integration.requestTemplates['application/json']).toContain("MessageGroupId=$util.urlEncode($input.path('$.customerId'))");
    expect(validateDesign(fromBody).ok).toBe(true);
  });

  it('default responses map SQS errors instead of answering 200', () => {
    const d = createPresetDesign('query-urlencoded');
    expect(d.integrationResponses.map((r) => [r.statusCode, r.selectionPattern ?? 'default'])).toEqual([
      ['200', 'default'],
      ['403', '403'],
      ['400', '40[0-24-9]|4[1-9]\\d'],
      ['502', '5\\d{2}'],
    ]);
    const pattern400 = new RegExp(`^(?:${d.integrationResponses[2]!.selectionPattern})$`);
    expect(['400', '404', '413'].every((s) => pattern400.test(s))).toBe(true);
    expect(pattern400.test('403')).toBe(false);
    expect(d.integrationResponses[0]!.responseTemplates['application/json']).toContain('"messageId"');
  });
});

describe('execution role policy', () => {
  const base = createPresetDesign('query-urlencoded');
  it('allows sqs:SendMessage on the queue ARN only', () => {
    const p = leastPrivilegePolicy(base);
    expect(p.Statement).toEqual([{ Sid: 'SendToQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:us-east-1:000000000000:orders'] }]);
    expect(JSON.stringify(p)).not.toContain('"*"');
  });
  it('adds kms:GenerateDataKey and kms:Decrypt on a customer-managed key', () => {
    const d: IntegrationDesign = { ...base, queue: { ...base.queue, encryption: { type: 'kms', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } } };
    const kms = leastPrivilegePolicy(d).Statement.find((s) => s.Action.includes('kms:GenerateDataKey'));
    expect(kms?.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(kms?.Resource).toEqual(['arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
  });
  it('needs no KMS statement for the AWS managed key or SSE-SQS', () => {
    for (const encryption of [{ type: 'kms', kmsKeyId: 'alias/aws/sqs' }, { type: 'sqs-managed' }, { type: 'none' }] as const) {
      const d: IntegrationDesign = { ...base, queue: { ...base.queue, encryption } };
      expect(JSON.stringify(leastPrivilegePolicy(d))).not.toContain('kms:');
    }
  });
  it('scopes an alias to keys carrying that alias, never Resource "*"', () => {
    const d: IntegrationDesign = { ...base, queue: { ...base.queue, encryption: { type: 'kms', kmsKeyId: 'alias/orders-key' } } };
    const kms = leastPrivilegePolicy(d).Statement[1]!;
    expect(kms.Resource).toEqual(['arn:aws:kms:us-east-1:000000000000:key/*']);
    expect(kms.Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/orders-key' } });
  });
});

describe('deriveCreateCalls', () => {
  it('creates everything in dependency order', () => {
    const calls = deriveCreateCalls(createPresetDesign('query-urlencoded'));
    expect(calls.map((c) => c.operation)).toEqual([
      'CreateQueue', 'CreateRole', 'PutRolePolicy', 'CreateRestApi', 'CreateResource', 'PutMethod', 'PutIntegration',
      'PutMethodResponse', 'PutMethodResponse', 'PutMethodResponse', 'PutMethodResponse',
      'PutIntegrationResponse', 'PutIntegrationResponse', 'PutIntegrationResponse', 'PutIntegrationResponse', 'CreateDeployment',
    ]);
    const seen = new Set<string>();
    for (const c of calls) {
      for (const dep of c.dependsOn) expect(seen.has(dep), `${c.id} depends on ${dep}`).toBe(true);
      seen.add(c.id);
    }
  });

  it('creates one CreateResource per missing part of a nested path', () => {
    const d = { ...createPresetDesign('query-urlencoded'), resourcePath: '/v1/orders/incoming' };
    const resources = deriveCreateCalls(d).filter((c) => c.operation === 'CreateResource');
    expect(resources.map((c) => c.input)).toEqual([
      { restApiId: '${restApi.id}', parentId: '${restApi.rootResourceId}', pathPart: 'v1' },
      { restApiId: '${restApi.id}', parentId: '${resource:/v1.id}', pathPart: 'orders' },
      { restApiId: '${restApi.id}', parentId: '${resource:/v1/orders.id}', pathPart: 'incoming' },
    ]);
  });

  it('creates only the missing parts on an existing API', () => {
    const d: IntegrationDesign = { ...createPresetDesign('query-urlencoded'), resourcePath: '/v1/orders', restApi: { mode: 'existing', id: 'a1b2c3d4e5' } };
    const calls = deriveCreateCalls(d, { restApiId: 'a1b2c3d4e5', resources: { '/': 'root123456', '/v1': 'v1abc12345' } });
    expect(calls.some((c) => c.operation === 'CreateRestApi')).toBe(false);
    expect(calls.filter((c) => c.operation === 'CreateResource').map((c) => c.input)).toEqual([
      { restApiId: 'a1b2c3d4e5', parentId: 'v1abc12345', pathPart: 'orders' },
    ]);
  });

  it('does not recreate an existing queue or role', () => {
    const base = createPresetDesign('query-urlencoded');
    const d: IntegrationDesign = { ...base, queue: { ...base.queue, mode: 'existing' }, executionRole: { mode: 'existing', roleArn: 'arn:aws:iam::000000000000:role/existing' } };
    const ops = deriveCreateCalls(d).map((c) => c.operation);
    expect(ops).not.toContain('CreateQueue');
    expect(ops).not.toContain('CreateRole');
    expect(call(deriveCreateCalls(d), 'PutIntegration').input.credentials).toBe('arn:aws:iam::000000000000:role/existing');
  });

  it('attaches a request validator when a method request parameter is required', () => {
    const calls = deriveCreateCalls(createPresetDesign('fifo'));
    const validator = call(calls, 'CreateRequestValidator');
    expect(validator.input).toEqual({ restApiId: '${restApi.id}', name: 'sluice-validate-parameters', validateRequestParameters: true, validateRequestBody: false });
    const method = call(calls, 'PutMethod');
    expect(method.input.requestValidatorId).toBe('${requestValidator.id}');
    expect(method.dependsOn).toContain('requestValidator');
    expect(deriveCreateCalls(createPresetDesign('query-urlencoded')).some((c) => c.operation === 'CreateRequestValidator')).toBe(false);
  });

  it('creates FIFO queues with FifoQueue and ContentBasedDeduplication attributes', () => {
    const d = createPresetDesign('fifo');
    expect(call(deriveCreateCalls(d), 'CreateQueue').input).toEqual({
      QueueName: 'orders.fifo',
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', SqsManagedSseEnabled: 'true' },
    });
  });
});

type Mutation = [string, (d: IntegrationDesign) => void, string, RegExp];
const invalid: Mutation[] = [
  ['empty queue name', (d) => { d.queue.name = ''; }, 'queue.name', /required/],
  ['queue name with a space', (d) => { d.queue.name = 'my queue'; }, 'queue.name', /letters, digits, hyphens and underscores/],
  ['queue name with a dot', (d) => { d.queue.name = 'orders.v2'; }, 'queue.name', /remove: \./],
  ['queue name of 81 characters', (d) => { d.queue.name = 'a'.repeat(81); }, 'queue.name', /limit is 80/],
  ['FIFO name without .fifo', (d) => { d.queue.fifo = true; d.queue.name = 'orders'; }, 'queue.name', /must end with "\.fifo"/],
  ['.fifo suffix on a standard queue', (d) => { d.queue.name = 'orders.fifo'; }, 'queue.name', /Only FIFO queues/],
  ['FIFO name of 81 characters with suffix', (d) => { d.queue.fifo = true; d.queue.name = `${'a'.repeat(76)}.fifo`; }, 'queue.name', /limit is 80, including the \.fifo suffix/],
  ['content-based dedup on a standard queue', (d) => { d.queue.contentBasedDeduplication = true; }, 'queue.contentBasedDeduplication', /only for FIFO/],
  ['timeout 49', (d) => { d.integration.timeoutInMillis = 49; }, 'integration.timeoutInMillis', /between 50 and 29000/],
  ['timeout 29001', (d) => { d.integration.timeoutInMillis = 29_001; }, 'integration.timeoutInMillis', /between 50 and 29000/],
  ['unquoted static header value', (d) => { d.integration.requestParameters['integration.request.header.Content-Type'] = 'application/x-www-form-urlencoded'; }, 'integration.requestParameters["integration.request.header.Content-Type"]', /single quotes: 'application\/x-www-form-urlencoded'/],
  ['unknown request-parameter source', (d) => { d.integration.requestParameters['integration.request.header.X-Foo'] = 'method.response.header.Foo'; }, 'integration.requestParameters["integration.request.header.X-Foo"]', /not a known mapping source/],
  ['integration.request.body.* target (seed 000)', (d) => { d.integration.requestParameters['integration.request.body.MessageBody'] = 'method.request.body'; }, 'integration.requestParameters["integration.request.body.MessageBody"]', /no integration\.request\.body/],
  ['bad mapping target location', (d) => { d.integration.requestParameters['integration.request.cookie.a'] = "'x'"; }, 'integration.requestParameters["integration.request.cookie.a"]', /not a valid mapping target/],
  ['source header not declared on the method', (d) => { d.integration.requestParameters['integration.request.header.X-Amz-Target'] = 'method.request.header.X-Amz-Target'; }, 'integration.requestParameters["integration.request.header.X-Amz-Target"]', /not declared on the method request/],
  ['bad region', (d) => { d.region = 'US-East'; }, 'region', /Region code/],
  ['11-digit account id', (d) => { d.accountId = '12345678901'; }, 'accountId', /12 digits/],
  ['resource path without leading slash', (d) => { d.resourcePath = 'send'; }, 'resourcePath', /must start with "\/"/],
  ['resource path with bad segment', (d) => { d.resourcePath = '/v1/or ders'; }, 'resourcePath', /Path segment "or ders"/],
  ['empty path override', (d) => { d.integration.pathOverride = ''; }, 'integration.pathOverride', /Path override is required/],
  ['bad stage name', (d) => { d.stageName = 'prod stage'; }, 'stageName', /letters, digits/],
  ['bad role name', (d) => { d.executionRole = { mode: 'create', roleName: 'role with spaces' }; }, 'executionRole.roleName', /letters, digits/],
  ['bad role ARN', (d) => { d.executionRole = { mode: 'existing', roleArn: 'my-role' }; }, 'executionRole.roleArn', /arn:aws:iam::123456789012:role/],
  ['bad KMS key', (d) => { d.queue.encryption = { type: 'kms', kmsKeyId: 'my key' }; }, 'queue.encryption.kmsKeyId', /key ID/],
  ['integration response without method response', (d) => { d.integrationResponses.push({ statusCode: '418', selectionPattern: '418', responseTemplates: {}, responseParameters: {} }); }, 'integrationResponses[4].statusCode', /no method response 418/],
  ['two default integration responses', (d) => { d.integrationResponses[1]!.selectionPattern = undefined; }, 'integrationResponses', /Only one integration response may be the default/],
  ['invalid selection pattern', (d) => { d.integrationResponses[1]!.selectionPattern = '4(\\d'; }, 'integrationResponses[1].selectionPattern', /not a valid regular expression/],
  ['policy document not JSON', (d) => { d.executionRole = { mode: 'create', roleName: 'r', policyDocument: '{"Version":' }; }, 'executionRole.policyDocument', /not valid JSON/],
  ['bad template content type', (d) => { d.integration.requestTemplates.json = 'x'; }, 'integration.requestTemplates.json', /not a content type/],
  ['path parameter not in resource path', (d) => { d.method.requestParameters['method.request.path.id'] = true; }, 'method.requestParameters["method.request.path.id"]', /not in the resource path/],
];

describe('validation errors name the field and the fix', () => {
  it.each(invalid)('%s', (_name, mutate, path, message) => {
    const d = structuredClone(createPresetDesign('query-urlencoded'));
    mutate(d);
    const result = validateDesign(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.errors.find((e) => e.path === path);
    expect(match, `errors were ${JSON.stringify(result.errors)}`).toBeDefined();
    expect(match!.message).toMatch(message);
  });

  it('reports a missing field by name', () => {
    const { stageName: _s, ...rest } = createPresetDesign('query-urlencoded');
    const result = validateDesign(rest);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toEqual({ path: 'stageName', message: 'stageName is required.' });
  });
});
