import { describe, expect, it } from 'vitest';
import { awsQueueUrl, createPresetDesign, leastPrivilegePolicy, PRESET_IDS, type IntegrationDesign, type PresetId } from '@/lib/design';
import type { SampleRequest } from '@/lib/gateway';
import { applyFix, diagnose, type Finding, type RuleId } from './index';

function preset(id: PresetId, edit: (d: IntegrationDesign) => void = () => {}): IntegrationDesign {
  const d = createPresetDesign(id);
  edit(d);
  return d;
}

function only(findings: Finding[], id: RuleId): Finding {
  const matching = findings.filter((f) => f.id === id);
  expect(matching.map((f) => f.id)).toEqual([id]);
  return matching[0]!;
}

/** The rule fires on `design`; its fix, applied, makes it go away (with the same sample) and adds no new error. */
function expectRuleAndFix(design: IntegrationDesign, id: RuleId, sample?: SampleRequest): Finding {
  const before = diagnose(design, sample);
  const f = only(before, id);
  expect(f.fix, `${id} has a fix`).toBeDefined();
  const fixed = applyFix(design, f.fix!);
  const after = diagnose(fixed, sample);
  expect(after.filter((x) => x.id === id)).toEqual([]);
  const newErrors = after.filter((x) => x.severity === 'error' && !before.some((b) => b.id === x.id));
  expect(newErrors).toEqual([]);
  return f;
}

const JSON_SAMPLE = (d: IntegrationDesign, body: Record<string, unknown> | string): SampleRequest => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
  body: typeof body === 'string' ? body : JSON.stringify({ QueueUrl: awsQueueUrl(d), ...body }),
});

describe('presets', () => {
  it('no explanation uses internal words: public sources by name, no rule ids', () => {
    const all = PRESET_IDS.flatMap((id) => diagnose(createPresetDesign(id), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"a": "50% & +"}' }));
    for (const f of all) {
      expect(f.explanation).not.toMatch(/seed|unverified|aws-reference/i);
      expect(f.sources.length).toBeGreaterThan(0);
    }
  });

  it.each(PRESET_IDS)('%s has no error', (id) => {
    expect(diagnose(createPresetDesign(id)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the documented query preset gets a warning showing what SQS would store for a body with & + %', () => {
    const f = only(diagnose(createPresetDesign('query-documented')), 'query-body-not-urlencoded');
    expect(f.severity).toBe('warning');
    expect(f.field).toBe('integration.requestTemplates["application/json"]');
    expect(f.evidence).toBe('Request body {"note": "50% off & 2+2 deals"} → SQS rejects the form: "MessageBody={"note": "50% off " contains a malformed percent-escape.');
  });
});

describe('seed 000 mappings', () => {
  it('a design with seed 000\'s requestParameters yields its four mistakes', () => {
    const d = preset('json-documented', (x) => {
      x.queue.name = 'my-direct-integration-queue';
      x.integration.requestParameters = {
        'integration.request.header.X-Amz-Target': "'SendMessage'",
        'integration.request.header.X-Amz-Content-Type-X': "'application/x-amz-json-1.0'",
        // CloudFormation's !Ref of a queue is its URL, unquoted.
        'integration.request.path.QueueUrl': 'https://sqs.us-east-1.amazonaws.com/000000000000/my-direct-integration-queue',
        'integration.request.body.MessageBody': 'integration.request.body',
      };
    });
    const findings = diagnose(d, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"orderId": "12345", "item": "widget", "quantity": 10}' });
    const ids = findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['x-amz-target-format', 'unknown-sqs-header', 'request-parameter-path-unused', 'request-parameter-key']));
    // The unquoted queue URL belongs to a mapping that must go anyway: one finding, not two.
    expect(ids).not.toContain('static-value-unquoted');
    expect(findings.find((f) => f.id === 'x-amz-target-format')?.field).toBe('integration.requestParameters["integration.request.header.X-Amz-Target"]');
    expect(findings.find((f) => f.id === 'request-parameter-key')?.field).toBe('integration.requestParameters["integration.request.body.MessageBody"]');
    expect(findings.every((f) => f.explanation.includes('serverless.yml example') || f.explanation.includes('AWS Knowledge Center'))).toBe(true);
  });
});

describe('one-click fixes converge', () => {
  it('applying the first fix again and again turns seed 000\'s design into one without errors', () => {
    let d = preset('json-documented', (x) => {
      x.integration.requestParameters = {
        'integration.request.header.X-Amz-Target': "'SendMessage'",
        'integration.request.header.X-Amz-Content-Type-X': "'application/x-amz-json-1.0'",
        'integration.request.path.QueueUrl': 'https://sqs.us-east-1.amazonaws.com/000000000000/orders',
        'integration.request.body.MessageBody': 'integration.request.body',
      };
    });
    const sample: SampleRequest = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"orderId": "12345", "item": "widget\'s", "quantity": 10}' };
    for (let i = 0; i < 20; i++) {
      const next = diagnose(d, sample).find((f) => f.severity === 'error' && f.fix);
      if (!next) break;
      d = applyFix(d, next.fix!);
    }
    expect(diagnose(d, sample).filter((f) => f.severity === 'error')).toEqual([]);
    expect(d.integration.requestParameters).toEqual({
      'integration.request.header.X-Amz-Target': "'AmazonSQS.SendMessage'",
      'integration.request.header.X-Amz-Content-Type-X': "'application/x-amz-json-1.0'",
      'integration.request.header.Content-Type': "'application/x-amz-json-1.0'",
    });
  });
});

describe('seed 002 errors: each rule fires and its fix clears it', () => {
  it('UnknownOperationException (query): no form Content-Type mapping', () => {
    const d = preset('query-urlencoded', (x) => (x.integration.requestParameters = {}));
    expect(diagnose(d).map((x) => x.id)).toEqual(['query-content-type']);
    const f = expectRuleAndFix(d, 'query-content-type');
    expect(f.evidence).toBe('Content-Type sent to SQS: application/json');
    expect(f.fix!.patch).toEqual([{ op: 'set', path: ['integration', 'requestParameters', 'integration.request.header.Content-Type'], value: "'application/x-www-form-urlencoded'" }]);
  });

  it('UnknownOperationException (query): template without Action=SendMessage', () => {
    expectRuleAndFix(preset('query-urlencoded', (d) => (d.integration.requestTemplates = { 'application/json': 'MessageBody=$util.urlEncode($input.body)' })), 'query-template-action');
    expectRuleAndFix(preset('query-urlencoded', (d) => (d.integration.requestTemplates = { 'application/json': 'Action=ReceiveMessage&MessageBody=$util.urlEncode($input.body)' })), 'query-template-action');
  });

  it('UnknownOperationException (query): no template at all, the JSON body passes through', () => {
    const d = preset('query-urlencoded', (x) => {
      x.integration.requestTemplates = {};
      x.integration.passthroughBehavior = 'WHEN_NO_MATCH';
    });
    expectRuleAndFix(d, 'query-template-action');
  });

  it('UnknownOperationException (JSON): X-Amz-Target not mapped', () => {
    const d = preset('json-documented', (x) => (x.integration.requestParameters = { 'integration.request.header.Content-Type': 'method.request.header.Content-Type' }));
    const f = expectRuleAndFix(d, 'json-protocol-headers');
    expect(f.title).toContain('X-Amz-Target is missing');
  });

  it('UnknownOperationException (JSON): the client sends application/json', () => {
    const d = createPresetDesign('json-documented');
    const sample: SampleRequest = { ...JSON_SAMPLE(d, { MessageBody: 'x' }), headers: { 'Content-Type': 'application/json', 'X-Amz-Target': 'AmazonSQS.SendMessage' } };
    expectRuleAndFix(d, 'json-protocol-headers', sample);
  });

  it('UnknownOperationException (JSON): X-Amz-Target \'SendMessage\' (seed 000)', () => {
    const d = preset('json-documented', (x) => (x.integration.requestParameters['integration.request.header.X-Amz-Target'] = "'SendMessage'"));
    const f = expectRuleAndFix(d, 'x-amz-target-format');
    expect(f.severity).toBe('error');
  });

  it('AccessDenied: the role policy allows another queue', () => {
    const d = preset('query-urlencoded', (x) => {
      if (x.executionRole.mode === 'create') {
        x.executionRole.policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:000000000000:other' }] });
      }
    });
    const f = expectRuleAndFix(d, 'access-denied-policy');
    expect(f.evidence).toBe('IAM decision for sqs:SendMessage on arn:aws:sqs:us-east-1:000000000000:orders: implicitDeny');
  });

  it('reading $input.body in a condition is not sending it unencoded', () => {
    const d = preset('query-urlencoded', (x) => {
      x.integration.requestTemplates['application/json'] = '#if($input.body == "")#set($b = "{}")#else#set($b = $input.body)#end\nAction=SendMessage&MessageBody=$util.urlEncode($b)';
    });
    expect(diagnose(d).filter((f) => f.id === 'query-body-not-urlencoded')).toEqual([]);
    const bare = preset('query-urlencoded', (x) => (x.integration.requestTemplates['application/json'] = '#if($input.body != "")Action=SendMessage&MessageBody=$input.body#end'));
    expect(only(diagnose(bare), 'query-body-not-urlencoded').severity).toBe('warning');
  });

  it('AccessDenied after a queue rename: the fix replaces the SendToQueue statement instead of adding a second one', () => {
    const d = preset('query-urlencoded', (x) => {
      if (x.executionRole.mode === 'create') x.executionRole.policyDocument = JSON.stringify(leastPrivilegePolicy(x), null, 2);
      x.queue.name = 'renamed';
    });
    const f = expectRuleAndFix(d, 'access-denied-policy');
    const fixed = JSON.parse(String(f.fix!.patch[0]!.op === 'set' ? f.fix!.patch[0]!.value : '')) as { Statement: { Sid?: string; Resource: string[] }[] };
    expect(fixed.Statement.map((st) => st.Sid)).toEqual(['SendToQueue']);
    expect(fixed.Statement[0]!.Resource).toEqual(['arn:aws:sqs:us-east-1:000000000000:renamed']);
  });

  it('AccessDenied: an explicit Deny is replaced by the least-privilege policy', () => {
    const d = preset('query-urlencoded', (x) => {
      if (x.executionRole.mode === 'create') {
        x.executionRole.policyDocument = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
            { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' },
          ],
        });
      }
    });
    expect(expectRuleAndFix(d, 'access-denied-policy').explanation).toContain('Deny');
  });

  it('KMS.AccessDeniedException: customer-managed key, policy without kms:GenerateDataKey/Decrypt', () => {
    const d = preset('query-urlencoded', (x) => {
      x.queue.encryption = { type: 'kms', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
      if (x.executionRole.mode === 'create') {
        x.executionRole.policyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:us-east-1:000000000000:orders'] }] });
      }
    });
    expectRuleAndFix(d, 'kms-access-denied');
    const derived = preset('query-urlencoded', (x) => (x.queue.encryption = { type: 'kms', kmsKeyId: 'alias/orders-key' }));
    expect(diagnose(derived).filter((f) => f.id === 'kms-access-denied')).toEqual([]);
  });

  it('MalformedQueryString / AccessDenied (special characters): the sample body is corrupted', () => {
    const sample: SampleRequest = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"q": "a+b & c"}' };
    const f = expectRuleAndFix(createPresetDesign('query-documented'), 'query-body-not-urlencoded', sample);
    expect(f.severity).toBe('error');
    expect(f.evidence).toBe('Request body {"q": "a+b & c"} → SQS would store MessageBody "{\\"q\\": \\"a b "');
    expect(f.fix!.patch).toEqual([{ op: 'set', path: ['integration', 'requestTemplates', 'application/json'], value: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' }]);
  });

  it('SignatureDoesNotMatch: integration HTTP method GET', () => {
    const f = expectRuleAndFix(preset('query-urlencoded', (d) => (d.integration.integrationHttpMethod = 'GET')), 'integration-http-method-get');
    expect(f.explanation).toContain('AWS does not document why');
    expect(f.sources[0]?.url).toBe('https://repost.aws/knowledge-center/api-gateway-rest-api-sqs-errors');
  });

  it('InvalidAddress: the client\'s QueueUrl is not this queue', () => {
    const d = createPresetDesign('json-documented');
    const sample = JSON_SAMPLE(d, { QueueUrl: 'https://queue.amazonaws.com/', MessageBody: 'This is a test message' });
    const f = expectRuleAndFix(d, 'json-queue-url', sample);
    expect(f.evidence).toBe('QueueUrl sent to SQS: https://queue.amazonaws.com/');
  });

  it('InvalidAddress: a template with another queue\'s URL', () => {
    const d = preset('json-documented', (x) => {
      x.integration.requestTemplates = { 'application/json': '{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/other", "MessageBody": "$util.escapeJavaScript($input.body)"}' };
      x.integration.requestParameters = { 'integration.request.header.Content-Type': "'application/x-amz-json-1.0'", 'integration.request.header.X-Amz-Target': "'AmazonSQS.SendMessage'" };
    });
    const f = expectRuleAndFix(d, 'json-queue-url', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a": 1}' });
    expect(f.field).toBe('integration.requestTemplates["application/json"]');
  });

  it('the sandbox queue URL and the seed\'s trailing slash are this queue', () => {
    const d = createPresetDesign('json-documented');
    for (const QueueUrl of ['http://127.0.0.1:4566/000000000000/orders', 'https://sqs.us-east-1.amazonaws.com/000000000000/orders/']) {
      expect(diagnose(d, JSON_SAMPLE(d, { QueueUrl, MessageBody: 'x' })).filter((f) => f.id === 'json-queue-url')).toEqual([]);
    }
  });

  it('SerializationException: the body sent to SQS is not valid JSON (rendered through lib/gateway)', () => {
    const d = createPresetDesign('json-documented');
    const f = expectRuleAndFix(d, 'json-body-invalid', JSON_SAMPLE(d, `{"QueueUrl": "${awsQueueUrl(d)}", "MessageBody": "x",}`));
    expect(f.title).toContain('not valid JSON');
  });

  it('SerializationException: a template rendering an unquoted object as MessageBody', () => {
    const d = preset('json-documented', (x) => {
      x.integration.requestTemplates = { 'application/json': `{"QueueUrl": "${awsQueueUrl(x)}", "MessageBody": $input.json('$')}` };
      x.integration.requestParameters = { 'integration.request.header.Content-Type': "'application/x-amz-json-1.0'", 'integration.request.header.X-Amz-Target': "'AmazonSQS.SendMessage'" };
    });
    const sample: SampleRequest = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello World"}' };
    expect(expectRuleAndFix(d, 'json-body-invalid', sample).title).toContain('MessageBody is a JSON object');
  });

  it('MissingRequiredParameterException: no MessageBody (JSON and query)', () => {
    const d = createPresetDesign('json-documented');
    expectRuleAndFix(d, 'missing-message-body', JSON_SAMPLE(d, { MessageAttributes: {} }));
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.requestTemplates = { 'application/json': 'Action=SendMessage' })), 'missing-message-body');
  });
});

describe('further documented mistakes', () => {
  const fifoTemplate = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)';
  it('FIFO without MessageGroupId', () => {
    const d = preset('fifo', (x) => {
      x.method.requestParameters = {};
      x.integration.requestTemplates = { 'application/json': `${fifoTemplate}&MessageDeduplicationId=$context.requestId` };
    });
    expectRuleAndFix(d, 'fifo-message-group-id');
  });

  it('FIFO without MessageDeduplicationId and content-based deduplication off', () => {
    const d = preset('fifo', (x) => {
      x.method.requestParameters = {};
      x.integration.requestTemplates = { 'application/json': `${fifoTemplate}&MessageGroupId=g` };
    });
    expectRuleAndFix(d, 'fifo-deduplication-id');
    d.queue.contentBasedDeduplication = true;
    expect(diagnose(d).filter((f) => f.id === 'fifo-deduplication-id')).toEqual([]);
  });

  it('static value without single quotes', () => {
    const d = preset('query-urlencoded', (x) => (x.integration.requestParameters['integration.request.header.Content-Type'] = 'application/x-www-form-urlencoded'));
    const f = expectRuleAndFix(d, 'static-value-unquoted');
    expect(f.fix!.patch[0]).toMatchObject({ value: "'application/x-www-form-urlencoded'" });
  });

  it('mapping source API Gateway does not know', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.requestParameters['integration.request.header.X-Foo'] = 'method.request.cookie.session')), 'invalid-mapping-source');
  });

  it('mapping from a method request parameter the method does not declare', () => {
    const d = preset('json-documented', (x) => (x.method.requestParameters = { 'method.request.header.Content-Type': false }));
    const f = expectRuleAndFix(d, 'undeclared-method-parameter');
    expect(f.fix!.patch).toEqual([{ op: 'set', path: ['method', 'requestParameters', 'method.request.header.X-Amz-Target'], value: false }]);
  });

  it('header SQS does not read (X-Amz-Content-Type-X) becomes Content-Type', () => {
    const d = preset('json-documented', (x) => {
      x.integration.requestParameters = { 'integration.request.header.X-Amz-Target': "'AmazonSQS.SendMessage'", 'integration.request.header.X-Amz-Content-Type-X': "'application/x-amz-json-1.0'" };
    });
    const f = expectRuleAndFix(d, 'unknown-sqs-header');
    expect(applyFix(d, f.fix!).integration.requestParameters).toEqual({
      'integration.request.header.X-Amz-Target': "'AmazonSQS.SendMessage'",
      'integration.request.header.Content-Type': "'application/x-amz-json-1.0'",
    });
  });

  it('integration.request.body.* target', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.requestParameters['integration.request.body.MessageBody'] = 'method.request.body')), 'request-parameter-key');
  });

  it('integration.request.path.X with no {X} in the path override', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.requestParameters['integration.request.path.QueueUrl'] = "'orders'")), 'request-parameter-path-unused');
    const used = preset('query-urlencoded', (x) => {
      x.integration.pathOverride = '000000000000/{queue}';
      x.integration.requestParameters['integration.request.path.queue'] = "'orders'";
    });
    expect(diagnose(used).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('query protocol path override that is not {account}/{queue}', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.pathOverride = '000000000000/other')), 'query-path-override');
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.actionType = 'action')), 'query-path-override');
  });

  it('timeout outside 50–29000 ms', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.timeoutInMillis = 60_000)), 'timeout-range');
    expect(applyFix(preset('query-urlencoded', (x) => (x.integration.timeoutInMillis = 10)), only(diagnose(preset('query-urlencoded', (x) => (x.integration.timeoutInMillis = 10))), 'timeout-range').fix!).integration.timeoutInMillis).toBe(50);
  });

  it('passthrough WHEN_NO_TEMPLATES while the sample sends a content type with no template', () => {
    const sample: SampleRequest = { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' };
    expectRuleAndFix(createPresetDesign('query-urlencoded'), 'passthrough-unsupported-media', sample);
    const never = preset('json-documented', (x) => (x.integration.passthroughBehavior = 'NEVER'));
    expectRuleAndFix(never, 'passthrough-unsupported-media');
  });

  it('only a default integration response: SQS errors come back as 200', () => {
    const d = preset('query-urlencoded', (x) => (x.integrationResponses = x.integrationResponses.slice(0, 1)));
    expect(expectRuleAndFix(d, 'errors-returned-as-200').severity).toBe('warning');
  });

  it('no integration response at all', () => {
    expectRuleAndFix(preset('query-urlencoded', (x) => (x.integrationResponses = [])), 'no-integration-response');
  });

  it('a template that does not render', () => {
    const f = expectRuleAndFix(preset('query-urlencoded', (x) => (x.integration.requestTemplates = { 'application/json': 'Action=SendMessage&MessageBody=#if($x' })), 'template-error');
    expect(f.title).toMatch(/line \d+, column \d+/);
  });

  it('a response template with a syntax error is an error, with a fix; so is a request template the sample does not use', () => {
    const d = preset('query-urlencoded', (x) => (x.integrationResponses[0]!.responseTemplates = { 'application/json': '#if(' }));
    const f = expectRuleAndFix(d, 'template-syntax');
    expect(f.field).toBe('integrationResponses[0].responseTemplates["application/json"]');
    expect(f.explanation).toMatch(/already in the queue.*retries/);
    const error = preset('query-urlencoded', (x) => (x.integrationResponses[2]!.responseTemplates = { 'application/json': '#foreach($x in' }));
    expect(expectRuleAndFix(error, 'template-syntax').fix?.patch[0]?.op).toBe('delete');
    const other = only(diagnose(preset('query-urlencoded', (x) => (x.integration.requestTemplates['text/plain'] = '#end'))), 'template-syntax');
    expect(other.field).toBe('integration.requestTemplates["text/plain"]');
  });

  it('an existing role is reported as unchecked (info, no fix)', () => {
    const d = preset('query-urlencoded', (x) => (x.executionRole = { mode: 'existing', roleArn: 'arn:aws:iam::000000000000:role/r' }));
    const f = only(diagnose(d), 'execution-role-trust');
    expect(f.severity).toBe('info');
    expect(f.fix).toBeUndefined();
  });
});

describe('robustness', () => {
  it('never throws on a malformed design', () => {
    const broken = { ...createPresetDesign('query-urlencoded'), integration: undefined, queue: undefined } as unknown as IntegrationDesign;
    expect(() => diagnose(broken)).not.toThrow();
    expect(() => diagnose({} as IntegrationDesign)).not.toThrow();
  });
});
