import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { fakeAuthorization, startTestSandbox, type TestSandbox } from './test-helpers';

let sb: TestSandbox;
let queueUrl: string;
let fifoUrl: string;
beforeAll(async () => {
  sb = await startTestSandbox();
  queueUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'wire' }))).QueueUrl!;
  fifoUrl = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'wire.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
});
afterAll(async () => sb.stop());

const FORM = 'application/x-www-form-urlencoded';
const AMZ_JSON = 'application/x-amz-json-1.0';

type Raw = { status: number; headers: Headers; text: string };

async function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; signed?: boolean } = {}): Promise<Raw> {
  const headers: Record<string, string> = { ...(init.signed === false ? {} : { authorization: fakeAuthorization() }), ...init.headers };
  const res = await fetch(url, { method: init.method ?? 'POST', headers, body: init.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const query = (url: string, body: string, headers: Record<string, string> = {}) =>
  raw(url, { headers: { 'content-type': FORM, ...headers }, body });
const json = (op: string, body: unknown, url = `${sb.url}/`, headers: Record<string, string> = {}) =>
  raw(url, {
    headers: { 'content-type': AMZ_JSON, 'x-amz-target': `AmazonSQS.${op}`, 'x-amzn-query-mode': 'true', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

function xmlCode(text: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
}

describe('query protocol', () => {
  test('curl-like POST to the queue URL with Accept: application/json returns seed 002’s JSON shape', async () => {
    const res = await query(queueUrl, 'Action=SendMessage&MessageBody=%7B%22status%22%3A+%22ok%22%7D', { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toMatch(
      /^\{"SendMessageResponse":\{"ResponseMetadata":\{"RequestId":"[0-9a-f-]{36}"\},"SendMessageResult":\{"MD5OfMessageAttributes":null,"MD5OfMessageBody":"0d7ac2dec5f281678f65dcf7fe4681ba","MD5OfMessageSystemAttributes":null,"MessageId":"[0-9a-f-]{36}","SequenceNumber":null\}\}\}$/,
    );
  });

  test('XML success response, compact, with the 2012-11-05 namespace', async () => {
    const res = await query(queueUrl, 'Action=SendMessage&MessageBody=This+is+a+test+message&Version=2012-11-05');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /^<\?xml version="1.0"\?><SendMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><SendMessageResult><MD5OfMessageBody>fafb00f5732ab283681e124bf8747ed1<\/MD5OfMessageBody><MessageId>[0-9a-f-]{36}<\/MessageId><\/SendMessageResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/SendMessageResponse>$/,
    );
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('GET with a query string works; QueueUrl on / works', async () => {
    const get = await raw(`${queueUrl}?Action=SendMessage&MessageBody=via-get`, { method: 'GET' });
    expect(get.status).toBe(200);
    expect(get.text).toContain('<MD5OfMessageBody>');
    const root = await query(`${sb.url}/`, `Action=SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=via-root`);
    expect(root.status).toBe(200);
  });

  test('form decoding: + is a space, MD5 over the decoded body; message attributes incl. the MessageAttributes alias', async () => {
    const plus = await query(queueUrl, 'Action=SendMessage&MessageBody=a+b', { accept: 'application/json' });
    expect(JSON.parse(plus.text).SendMessageResponse.SendMessageResult.MD5OfMessageBody).toBe(createHash('md5').update('a b').digest('hex'));
    for (const prefix of ['MessageAttribute', 'MessageAttributes']) {
      const res = await query(
        queueUrl,
        `Action=SendMessage&MessageBody=x&${prefix}.1.Name=user-agent&${prefix}.1.Value.DataType=String&${prefix}.1.Value.StringValue=BAR-Header`,
        { accept: 'application/json' },
      );
      expect(JSON.parse(res.text).SendMessageResponse.SendMessageResult.MD5OfMessageAttributes).toBe('83f22176dc19d5da2402460bed538a43');
    }
  });

  test('ReceiveMessage rendered as JSON uses the lower-case `messages` list', async () => {
    const url = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 'wire-receive-json' }))).QueueUrl!;
    await query(url, 'Action=SendMessage&MessageBody=hello');
    const res = await query(url, 'Action=ReceiveMessage&AttributeName.1=All', { accept: 'application/json' });
    const body = JSON.parse(res.text);
    expect(body.ReceiveMessageResponse.ReceiveMessageResult.messages[0].Body).toBe('hello');
    expect(body.ReceiveMessageResponse.ReceiveMessageResult.messages[0].Attributes.ApproximateReceiveCount).toBe('1');
  });

  test('UnknownOperationException: body not form-encoded (so no Action) → 404 <UnknownOperationException/>, XML even for Accept json', async () => {
    const res = await raw(queueUrl, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: 'Action=SendMessage&MessageBody=x' });
    expect(res.status).toBe(404);
    expect(res.text).toBe('<UnknownOperationException/>');
    const noAction = await query(queueUrl, 'MessageBody=x');
    expect(noAction.status).toBe(404);
    expect(noAction.text).toBe('<UnknownOperationException/>');
  });

  test('InvalidAction: unknown action, and CreateQueue sent to a queue URL', async () => {
    const res = await query(queueUrl, 'Action=FooBar&Version=2012-11-05');
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The action FooBar is not valid for this endpoint.</Message><Detail/></Error><RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`,
    );
    const create = await query(queueUrl, 'Action=CreateQueue&QueueName=x&Version=2012-11-05');
    expect(create.status).toBe(400);
    expect(create.text).toContain('<Message>The action CreateQueue is not valid for this endpoint.</Message>');
  });

  test('MissingParameter, NonExistentQueue, InvalidParameterValue, InvalidMessageContents in XML', async () => {
    const missing = await query(queueUrl, 'Action=SendMessage&Version=2012-11-05');
    expect([missing.status, xmlCode(missing.text)]).toEqual([400, 'MissingParameter']);
    expect(missing.text).toContain('<Message>The request must contain the parameter MessageBody.</Message>');
    const fifo = await query(fifoUrl, 'Action=SendMessage&MessageBody=x&MessageDeduplicationId=d&Version=2012-11-05');
    expect(fifo.text).toContain('<Message>The request must contain the parameter MessageGroupId.</Message>');
    const gone = await query(`${sb.url}/000000000000/nope`, 'Action=SendMessage&MessageBody=x&Version=2012-11-05');
    expect([gone.status, xmlCode(gone.text)]).toEqual([400, 'AWS.SimpleQueueService.NonExistentQueue']);
    expect(gone.text).toContain('<Message>The specified queue does not exist for this wsdl version.</Message><Detail/>');
    const delay = await query(queueUrl, 'Action=SendMessage&MessageBody=x&DelaySeconds=901&Version=2012-11-05');
    expect([delay.status, xmlCode(delay.text)]).toEqual([400, 'InvalidParameterValue']);
    const nul = await query(queueUrl, 'Action=SendMessage&MessageBody=a%00b&Version=2012-11-05');
    expect([nul.status, xmlCode(nul.text)]).toEqual([400, 'InvalidMessageContents']);
  });

  test('MalformedQueryString: bad percent-encoding in a form body or a query string', async () => {
    const body = await query(queueUrl, 'Action=SendMessage&MessageBody=100%zz&Version=2012-11-05');
    expect([body.status, xmlCode(body.text)]).toEqual([404, 'MalformedQueryString']);
    const qs = await raw(`${queueUrl}?Action=SendMessage&MessageBody=%zz`, { method: 'GET' });
    expect([qs.status, xmlCode(qs.text)]).toEqual([404, 'MalformedQueryString']);
  });

  test('errors as JSON for Accept: application/json; 2009-02-01 namespace when the request has no Version', async () => {
    const res = await query(queueUrl, 'Action=ListQueues', { accept: 'application/json' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).Error).toMatchObject({ Code: 'InvalidAction', Message: 'The action ListQueues is not valid for this endpoint.', Type: 'Sender' });
    const old = await query(queueUrl, 'Action=FooBar');
    expect(old.text).toContain('<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2009-02-01/">');
  });

  test('a path that is not a queue URL is AccessDenied', async () => {
    const res = await query(`${sb.url}/apigateway-queue`, 'Action=SendMessage&MessageBody=x&Version=2012-11-05');
    expect([res.status, xmlCode(res.text)]).toEqual([403, 'AccessDenied']);
    expect(res.text).toContain(`<Message>Access to the resource ${sb.url}/apigateway-queue is denied.</Message>`);
  });
});

describe('AWS JSON 1.0 protocol', () => {
  test('SendMessage "This is a test message" → MD5OfMessageBody fafb00f5…, no nulls', async () => {
    const res = await json('SendMessage', { QueueUrl: queueUrl, MessageBody: 'This is a test message' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(AMZ_JSON);
    const body = JSON.parse(res.text);
    expect(body).toEqual({ MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1', MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  test('also accepted on the queue URL path (QueueUrl still in the body) and with AWS hostnames in QueueUrl', async () => {
    expect((await json('SendMessage', { QueueUrl: queueUrl, MessageBody: 'x' }, queueUrl)).status).toBe(200);
    const aws = await json('SendMessage', { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/wire', MessageBody: 'x' });
    expect(aws.status).toBe(200);
    const noUrl = await json('SendMessage', { MessageBody: 'x' }, queueUrl);
    expect(noUrl.status).toBe(400);
    expect(JSON.parse(noUrl.text).message).toBe('The request must contain the parameter QueueUrl.');
  });

  test('UnknownOperationException for an unknown X-Amz-Target', async () => {
    for (const target of ['SendMessage', 'AmazonSQS.FooBar']) {
      const res = await raw(`${sb.url}/`, { headers: { 'content-type': AMZ_JSON, 'x-amz-target': target }, body: '{}' });
      expect(res.status).toBe(400);
      // As real Coral services answer it (a Step Functions TestInvoke log): no message member.
      expect(res.text).toBe('{"__type":"com.amazon.coral.service#UnknownOperationException"}');
      expect(res.headers.get('x-amzn-query-error')).toBe('UnknownOperationException;Sender');
    }
  });

  test('SerializationException: invalid JSON, wrong member types', async () => {
    const bad = await json('SendMessage', '{"QueueUrl": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).__type).toBe('com.amazon.coral.service#SerializationException');
    const wrongType = await json('SendMessage', { QueueUrl: queueUrl, MessageBody: 'x', DelaySeconds: 'abc' });
    expect(JSON.parse(wrongType.text)).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message: 'STRING_VALUE can not be converted to an Integer',
    });
    const obj = await json('SendMessage', { QueueUrl: queueUrl, MessageBody: { a: 1 } });
    expect(JSON.parse(obj.text).message).toBe('Start of structure or map found where not expected.');
  });

  test('MissingRequiredParameterException with x-amzn-query-error MissingParameter;Sender', async () => {
    const res = await json('SendMessage', { QueueUrl: queueUrl });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    expect(JSON.parse(res.text)).toEqual({
      __type: 'com.amazon.coral.service#MissingRequiredParameterException',
      message: 'The request must contain the parameter MessageBody.',
    });
  });

  test('QueueDoesNotExist with x-amzn-query-error AWS.SimpleQueueService.NonExistentQueue;Sender', async () => {
    const res = await json('SendMessage', { QueueUrl: `${sb.url}/000000000000/nope`, MessageBody: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(JSON.parse(res.text)).toEqual({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
  });

  test('InvalidAddress: a QueueUrl host that is not this endpoint or an SQS host of the request’s region', async () => {
    const other = await json('SendMessage', { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/000000000000/wire', MessageBody: 'x' });
    expect(other.status).toBe(404);
    expect(other.headers.get('x-amzn-query-error')).toBe('InvalidAddress;Sender');
    expect(JSON.parse(other.text)).toEqual({
      __type: 'com.amazonaws.sqs#InvalidAddress',
      message: 'The address https://sqs.eu-west-1.amazonaws.com/ is not valid for this endpoint.',
    });
    const q = await query(`${sb.url}/`, `Action=SendMessage&MessageBody=x&QueueUrl=${encodeURIComponent('https://example.com/000000000000/wire')}&Version=2012-11-05`);
    expect([q.status, xmlCode(q.text)]).toEqual([404, 'InvalidAddress']);
  });

  test('InvalidParameterValueException and InvalidMessageContents', async () => {
    const res = await json('SendMessage', { QueueUrl: fifoUrl, MessageBody: 'x', MessageGroupId: 'g' });
    expect(res.headers.get('x-amzn-query-error')).toBe('InvalidParameterValue;Sender');
    expect(JSON.parse(res.text).__type).toBe('com.amazon.coral.service#InvalidParameterValueException');
    const chars = await json('SendMessage', { QueueUrl: queueUrl, MessageBody: 'lone \ud800 surrogate' });
    expect(JSON.parse(chars.text).__type).toBe('com.amazonaws.sqs#InvalidMessageContents');
  });
});

describe('routing', () => {
  test('in-process delivery addressed to sqs.us-east-1.amazonaws.com, as API Gateway sends it', async () => {
    const res = await sb.ctx.dispatch({
      method: 'POST',
      path: '/000000000000/wire',
      rawQuery: '',
      headers: {
        host: 'sqs.us-east-1.amazonaws.com',
        'content-type': FORM,
        accept: 'application/json',
        authorization: fakeAuthorization(),
      },
      body: Buffer.from('Action=SendMessage&MessageBody=%7B%22foo%22%3A+%22bar%22%7D'),
      host: 'sqs.us-east-1.amazonaws.com',
      protocol: 'https',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body)).SendMessageResponse.SendMessageResult.MD5OfMessageBody).toBe('94232c5b8fc9272f6f73a1e36eb68fcf');
  });

  test('unsigned requests: MissingAuthenticationToken from SQS on a queue URL and from the router elsewhere', async () => {
    const q = await query(queueUrl, 'Action=SendMessage&MessageBody=x', {});
    expect(q.status).toBe(200);
    const unsigned = await raw(queueUrl, { headers: { 'content-type': FORM }, body: 'Action=SendMessage&MessageBody=x', signed: false });
    expect([unsigned.status, xmlCode(unsigned.text)]).toEqual([403, 'MissingAuthenticationToken']);
    const root = await raw(`${sb.url}/`, { headers: { 'content-type': FORM }, body: 'Action=ListQueues', signed: false });
    expect([root.status, xmlCode(root.text)]).toEqual([403, 'MissingAuthenticationToken']);
    const otherService = await raw(`${sb.url}/`, {
      headers: { 'content-type': FORM, authorization: fakeAuthorization('kinesis') },
      body: 'Action=ListStreams',
    });
    expect(otherService.status).toBe(400);
  });
});
