import { describe, expect, it } from 'vitest';
import { compileJavaRegex, formatLogHeaders, javaDateString, javaMap, javaRegexFullMatch, maskAuthorization, parseExecutionLog, parseIntegrationUri } from './index';

describe('log formatting', () => {
  it('Java Date.toString() in UTC', () => {
    expect(javaDateString(new Date('2026-11-21T07:43:49Z'))).toBe('Sat Nov 21 07:43:49 UTC 2026');
    expect(javaDateString(new Date('2026-01-05T00:00:09Z'))).toBe('Mon Jan 05 00:00:09 UTC 2026');
  });
  it('Java map style, multi-values joined by a comma', () => {
    expect(javaMap([['a', '1'], ['b', ['x', 'y']]])).toBe('{a=1, b=x,y}');
    expect(javaMap([])).toBe('{}');
  });
  it('masks Authorization and truncates long header lines', () => {
    expect(maskAuthorization('AWS4-HMAC-SHA256 abcdef')).toBe('*'.repeat(17) + 'abcdef');
    const long = formatLogHeaders([['X-Amz-Security-Token', 'T'.repeat(2000)]]);
    expect(long.endsWith(' [TRUNCATED]')).toBe(true);
    expect(long.length).toBe(1024 + ' [TRUNCATED]'.length);
  });
});

describe('parseExecutionLog', () => {
  const text = [
    'Execution log for request 8b2f7c1e-0d4a-4a6e-9c1b-3f4d5e6a7b8c',
    'Thu Nov 21 07:43:49 UTC 2026 : Starting execution for request: 8b2f7c1e-0d4a-4a6e-9c1b-3f4d5e6a7b8c',
    'Thu Nov 21 07:43:49 UTC 2026 : HTTP Method: POST, Resource Path: /sqs',
    'Thu Nov 21 07:43:49 UTC 2026 : Method request headers: {Content-Type=application/json}',
    'Thu Nov 21 07:43:49 UTC 2026 : Method request body before transformations: {',
    '"foo": "bar"',
    '}',
    'Thu Nov 21 07:43:49 UTC 2026 : Endpoint request URI: https://sqs.us-east-1.amazonaws.com/123456789012/my-queue',
    'Thu Nov 21 07:43:49 UTC 2026 : Sending request to https://sqs.us-east-1.amazonaws.com/123456789012/my-queue',
    'Thu Nov 21 07:43:49 UTC 2026 : Received response. Status: 200, Integration latency: 21 ms',
    'Thu Nov 21 07:43:49 UTC 2026 : Method response body after transformations: {"message": "great success!"}',
    'Thu Nov 21 07:43:49 UTC 2026 : Successfully completed execution',
    'Thu Nov 21 07:43:49 UTC 2026 : Method completed with status: 200',
    '',
  ].join('\n');

  it('splits the log into labelled steps, keeping multi-line bodies together', () => {
    const parsed = parseExecutionLog(text);
    expect(parsed.requestId).toBe('8b2f7c1e-0d4a-4a6e-9c1b-3f4d5e6a7b8c');
    expect(parsed.status).toBe(200);
    expect(parsed.steps.map((s) => s.kind)).toEqual([
      'header', 'start', 'method-request', 'method-request', 'method-request', 'endpoint-request', 'endpoint-request', 'endpoint-response', 'method-response', 'success', 'completed',
    ]);
    expect(parsed.steps[4]).toMatchObject({ label: 'Method request body before transformations', value: '{\n"foo": "bar"\n}', timestamp: 'Thu Nov 21 07:43:49 UTC 2026' });
    expect(parsed.steps[3]).toMatchObject({ label: 'Method request headers', value: '{Content-Type=application/json}' });
    expect(parsed.steps[9]).toMatchObject({ kind: 'success', value: 'Successfully completed execution' });
  });

  it('recognises failures and never throws on junk', () => {
    const failed = parseExecutionLog('Execution log for request x\nMon Jan 05 00:00:09 UTC 2026 : Execution failed due to configuration error: Invalid endpoint address\nMon Jan 05 00:00:09 UTC 2026 : Method completed with status: 500\n');
    expect(failed.steps[1]).toMatchObject({ kind: 'failure', label: 'Execution failed due to configuration error', value: 'Invalid endpoint address' });
    expect(failed.status).toBe(500);
    expect(parseExecutionLog('garbage').steps).toEqual([{ kind: 'other', value: 'garbage', text: 'garbage' }]);
  });
});

describe('selectionPattern as Java regex, full match (aws-reference B.3)', () => {
  it.each([
    ['400', '400', true],
    ['4\\d{2}', '404', true],
    ['4', '400', false],
    ['2\\d{2}', '2000', false],
    ['40[0-24-9]|4[1-9]\\d', '403', false],
    ['40[0-24-9]|4[1-9]\\d', '413', true],
    ['4\\d++', '404', true],
    ['(?>5)\\d{2}', '503', true],
    ['\\A4\\d\\d\\z', '499', true],
    ['\\p{Digit}{3}', '200', true],
    ['(?i)5XX|500', '500', true],
    ['\\Q4.0\\E', '4.0', true],
    ['\\Q4.0\\E', '400', false],
  ])('%s vs %s → %s', (pattern, status, expected) => {
    expect(javaRegexFullMatch(pattern, status)).toBe(expected);
  });
  it('reports what JS cannot express', () => {
    expect(compileJavaRegex('[0-9&&[^5]]').ok).toBe(false);
    expect(javaRegexFullMatch('(', '400')).toBe(false);
  });
});

describe('parseIntegrationUri', () => {
  it('path and action forms, with and without subdomain', () => {
    expect(parseIntegrationUri('arn:aws:apigateway:us-east-1:sqs:path/1/q')).toEqual({ region: 'us-east-1', service: 'sqs', type: 'path', rest: '1/q' });
    expect(parseIntegrationUri('arn:aws:apigateway:eu-west-1:my.sqs:action/SendMessage')).toEqual({ region: 'eu-west-1', service: 'sqs', subdomain: 'my', type: 'action', rest: 'SendMessage' });
    expect(parseIntegrationUri('arn:aws:lambda:us-east-1:1:function:f')).toBeNull();
  });
});
