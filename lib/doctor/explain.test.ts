import { describe, expect, it } from 'vitest';
import { explainError, type RuleId } from './index';

const NS = 'http://queue.amazonaws.com/doc/2012-11-05/';
const xmlError = (code: string, message: string) =>
  `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message><Detail/></Error><RequestId>7b75f49f-f99b-5f81-91ae-a0684f8d1674</RequestId></ErrorResponse>`;
const queryJsonError = (code: string, message: string) => JSON.stringify({ Error: { Code: code, Detail: null, Message: message, Type: 'Sender' }, RequestId: 'r' });
const jsonError = (type: string, message: string) => JSON.stringify({ __type: type, message });
const jsonHeaders = (queryCode: string) => ({ 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': 'r', 'x-amzn-query-error': `${queryCode};Sender` });

type Case = [name: string, status: number, headers: Record<string, string>, body: string, code: string, protocol: string, rule: RuleId];

// One sample per seed 002 error and per protocol it occurs in, shaped after aws-reference C.1–C.3.
const cases: Case[] = [
  ['UnknownOperationException, query (bare XML)', 404, { 'Content-Type': 'text/xml' }, '<UnknownOperationException/>', 'UnknownOperationException', 'query', 'query-content-type'],
  ['UnknownOperationException, JSON', 400, jsonHeaders('UnknownOperationException'), jsonError('com.amazon.coral.service#UnknownOperationException', ''), 'UnknownOperationException', 'json', 'json-protocol-headers'],
  ['AccessDenied, query XML', 403, { 'Content-Type': 'text/xml' }, xmlError('AccessDenied', 'Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.'), 'AccessDenied', 'query', 'access-denied-policy'],
  ['AccessDenied, query with Accept JSON', 403, { 'Content-Type': 'application/json' }, queryJsonError('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:123456789012:q because no identity-based policy allows the sqs:sendmessage action'), 'AccessDenied', 'query', 'access-denied-policy'],
  ['AccessDenied, JSON', 403, jsonHeaders('AccessDenied'), jsonError('com.amazon.coral.service#AccessDeniedException', 'denied'), 'AccessDeniedException', 'json', 'access-denied-policy'],
  ['KMS.AccessDeniedException, query', 400, { 'Content-Type': 'text/xml' }, xmlError('KMS.AccessDeniedException', 'The ciphertext refers to a customer master key that does not exist'), 'KMS.AccessDeniedException', 'query', 'kms-access-denied'],
  ['KMS.AccessDeniedException, JSON', 400, jsonHeaders('KMS.AccessDeniedException'), jsonError('com.amazonaws.sqs#KmsAccessDenied', 'not authorized to perform: kms:GenerateDataKey'), 'KmsAccessDenied', 'json', 'kms-access-denied'],
  ['MalformedQueryString, query', 404, { 'Content-Type': 'text/xml' }, xmlError('MalformedQueryString', 'Invalid percent-encoding'), 'MalformedQueryString', 'query', 'query-body-not-urlencoded'],
  ['MalformedQueryString, query with Accept JSON', 404, { 'Content-Type': 'application/json' }, queryJsonError('MalformedQueryString', 'x'), 'MalformedQueryString', 'query', 'query-body-not-urlencoded'],
  ['SignatureDoesNotMatch, query', 403, { 'Content-Type': 'text/xml' }, xmlError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'), 'SignatureDoesNotMatch', 'query', 'integration-http-method-get'],
  ['InvalidAddress, JSON', 404, jsonHeaders('InvalidAddress'), jsonError('com.amazonaws.sqs#InvalidAddress', 'The address https://queue.amazonaws.com/ is not valid for this endpoint.'), 'InvalidAddress', 'json', 'json-queue-url'],
  ['SerializationException, JSON', 400, { 'Content-Type': 'application/x-amz-json-1.0' }, jsonError('com.amazon.coral.service#SerializationException', 'Start of structure or map found where not expected.'), 'SerializationException', 'json', 'json-body-invalid'],
  ['MissingRequiredParameterException, JSON', 400, jsonHeaders('MissingParameter'), jsonError('com.amazonaws.sqs#MissingRequiredParameterException', 'The request must contain the parameter MessageBody.'), 'MissingRequiredParameterException', 'json', 'missing-message-body'],
];

describe('explainError: the 8 seed 002 errors', () => {
  it.each(cases)('%s', (_name, status, headers, body, code, protocol, rule) => {
    const e = explainError(status, headers, body);
    expect(e.code).toBe(code);
    expect(e.protocol).toBe(protocol);
    expect(e.ruleIds).toContain(rule);
    expect(e.explanation.length).toBeGreaterThan(20);
  });

  it('the query-protocol AccessDenied also points at unencoded special characters; the JSON one does not', () => {
    expect(explainError(403, {}, xmlError('AccessDenied', 'x')).ruleIds).toEqual(['access-denied-policy', 'query-body-not-urlencoded']);
    expect(explainError(403, jsonHeaders('AccessDenied'), jsonError('com.amazon.coral.service#AccessDeniedException', 'x')).ruleIds).toEqual(['access-denied-policy']);
  });

  it('reads the message and unescapes XML', () => {
    expect(explainError(400, {}, xmlError('InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')).ruleIds).toEqual(['fifo-deduplication-id']);
    expect(explainError(400, {}, xmlError('MissingParameter', 'The request must contain the parameter MessageGroupId.')).ruleIds).toEqual(['fifo-message-group-id']);
    expect(explainError(400, {}, xmlError('X', 'a &quot;b&quot; &amp; c')).message).toBe('a "b" & c');
  });

  it('only the x-amzn-query-error header', () => {
    expect(explainError(400, { 'X-Amzn-Query-Error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' }, '')).toMatchObject({ code: 'AWS.SimpleQueueService.NonExistentQueue', protocol: 'json' });
  });

  it('an SQS error returned as 200 also names the default-only integration response', () => {
    const e = explainError(200, { 'Content-Type': 'application/json' }, queryJsonError('AccessDenied', 'x'));
    expect(e.ruleIds).toEqual(['access-denied-policy', 'query-body-not-urlencoded', 'errors-returned-as-200']);
  });
});

describe('explainError: API Gateway errors', () => {
  it('415 Unsupported Media Type', () => {
    expect(explainError(415, {}, '{"message": "Unsupported Media Type"}')).toMatchObject({ protocol: 'api-gateway', code: 'Unsupported Media Type', ruleIds: ['passthrough-unsupported-media'] });
  });
  it('500 from a role API Gateway cannot assume (told by the log)', () => {
    const log = 'Sat Nov 21 07:43:49 UTC 2026 : Execution failed due to configuration error: API Gateway does not have permission to assume the provided role arn:aws:iam::123456789012:role/r';
    expect(explainError(500, {}, '{"message": "Internal server error"}', log).ruleIds).toEqual(['execution-role-trust']);
    expect(explainError(500, {}, '{"message": "Internal server error"}', 'Execution failed due to configuration error: Unable to transform request').ruleIds).toEqual(['template-error']);
    expect(explainError(500, {}, '{"message": "Internal server error"}').ruleIds).toEqual(['template-error', 'execution-role-trust', 'no-integration-response']);
  });
  it('403 Missing Authentication Token', () => {
    const e = explainError(403, { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' }, '{"message":"Missing Authentication Token"}');
    expect(e).toMatchObject({ protocol: 'api-gateway', ruleIds: [] });
    expect(e.explanation).toContain('no method for this path');
  });
  it('never throws on junk', () => {
    expect(explainError(502, {}, '<<<not xml')).toMatchObject({ protocol: 'unknown', ruleIds: [] });
    expect(explainError(200, {}, '{"MessageId":"x"}')).toMatchObject({ ruleIds: [] });
  });
});

describe('explainError with the design protocol', () => {
  it('explains an XML UnknownOperationException to a JSON-protocol design in JSON-protocol terms', () => {
    const asJson = explainError(404, { 'Content-Type': 'text/xml' }, '<UnknownOperationException/>', '', 'json');
    expect(asJson.ruleIds).toEqual(['json-protocol-headers', 'x-amz-target-format']);
    expect(asJson.explanation).toMatch(/X-Amz-Target/);
    expect(explainError(404, { 'Content-Type': 'text/xml' }, '<UnknownOperationException/>', '', 'query').ruleIds).toContain('query-content-type');
  });
});

describe('explainError for API keys', () => {
  it('explains API Gateway\'s 403 {"message":"Forbidden"} as the missing API key', () => {
    const e = explainError(403, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ForbiddenException' }, '{"message":"Forbidden"}');
    expect(e.protocol).toBe('api-gateway');
    expect(e.explanation).toMatch(/requires an API key.*x-api-key/);
  });
});
