import { describe, expect, it } from 'vitest';
import { buildCurl, maskHeaders, parseSendResult, prettyBody, sendRequestSchema, shellQuote, stageRequestUrl } from './request';

describe('parseSendResult', () => {
  it("reads seed 002's query-protocol JSON, the JSON protocol, the presets' mapped shape and the XML", () => {
    expect(parseSendResult('{"SendMessageResponse":{"ResponseMetadata":{"RequestId":"r"},"SendMessageResult":{"MD5OfMessageAttributes":null,"MD5OfMessageBody":"3fc759ac1733366f98ec4270c788fcd1","MD5OfMessageSystemAttributes":null,"MessageId":"4c360c3c-08f4-4392-bc14-8b0c88e314a2","SequenceNumber":null}}}')).toEqual({
      messageId: '4c360c3c-08f4-4392-bc14-8b0c88e314a2',
      md5OfMessageBody: '3fc759ac1733366f98ec4270c788fcd1',
    });
    expect(parseSendResult('{"MD5OfMessageBody":"fafb00f5732ab283681e124bf8747ed1","MessageId":"b5aef1f3-af31-49f2-9973-6f802f7753e6"}')).toEqual({ messageId: 'b5aef1f3-af31-49f2-9973-6f802f7753e6', md5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1' });
    expect(parseSendResult('{"messageId": "m-1", "md5OfMessageBody": "abc", "sequenceNumber": "1800"}')).toEqual({ messageId: 'm-1', md5OfMessageBody: 'abc', sequenceNumber: '1800' });
    expect(parseSendResult('<?xml version="1.0"?><SendMessageResponse><SendMessageResult><MessageId>5fea7756</MessageId><MD5OfMessageBody>fafb00f5732ab283681e124bf8747ed1</MD5OfMessageBody></SendMessageResult></SendMessageResponse>')).toEqual({ messageId: '5fea7756', md5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1' });
    expect(parseSendResult('{"Error":{"Code":"UnknownOperationException"}}')).toEqual({});
    expect(parseSendResult('not json')).toEqual({});
  });
});

describe('display and shell helpers', () => {
  it('masks credential headers whatever their case', () => {
    expect(maskHeaders([['authorization', 'AWS4 x'], ['X-API-Key', 'k'], ['Content-Type', 'application/json']])).toEqual([['authorization', '****'], ['X-API-Key', '****'], ['Content-Type', 'application/json']]);
  });
  it('pretty-prints JSON and XML bodies', () => {
    expect(prettyBody('{"a":1}').text).toBe('{\n  "a": 1\n}');
    expect(prettyBody('<A><B>1</B><C/></A>')).toEqual({ text: '<A>\n  <B>1</B>\n  <C/>\n</A>', language: 'xml' });
  });
  it("quotes single quotes for the shell and reads keys from the environment, never the command", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const curl = buildCurl({ method: 'POST', path: '/send', query: 'a=1', headers: [['Authorization', 'secret']], body: '{}' }, { stageUrl: 'https://x/prod', apiKeyRequired: true, iamAuth: { region: 'eu-west-1' } });
    expect(curl).toContain(`curl --request POST 'https://x/prod/send?a=1'`);
    expect(curl).toContain(`--header "x-api-key: $API_KEY"`);
    expect(curl).toContain(`--aws-sigv4 'aws:amz:eu-west-1:execute-api'`);
    expect(curl).not.toContain('secret');
  });
});

describe('sendRequestSchema', () => {
  it('keeps the path inside the stage', () => {
    const base = { method: 'POST', query: '', headers: [], body: '' };
    expect(sendRequestSchema.safeParse({ ...base, path: '/send' }).success).toBe(true);
    expect(sendRequestSchema.safeParse({ ...base, path: '/things/{id}' }).success).toBe(true);
    for (const path of ['/../other-stage/send', '/a/./b', 'send', '/a b', '/send?x=1']) expect(sendRequestSchema.safeParse({ ...base, path }).success).toBe(false);
  });
});

describe('stageRequestUrl', () => {
  const stage = 'http://127.0.0.1:4566/_aws/execute-api/abc123defg/prod';
  it('builds the invoke URL of a path below the stage', () => {
    const r = stageRequestUrl(stage, { path: '/things/{id}', query: 'a=1' });
    expect(r.ok && r.url.href).toBe(`${stage}/things/%7Bid%7D?a=1`);
  });
  it('refuses paths that a URL parser resolves outside the stage: %2e%2e, backslashes, encoded slashes', () => {
    for (const path of ['/%2e%2e/other-stage/send', '/%2E%2E/%2e%2e/x', '/\\..\\other-stage', '/a\\..\\..\\..\\x', '/..%2fother-stage', '/%2e%2e%5cother', '/.%2e/x']) {
      const r = stageRequestUrl(stage, { path, query: '' });
      expect(r, path).toEqual({ ok: false, message: `The path ${path} would leave the stage /_aws/execute-api/abc123defg/prod; remove ".." and "." segments (also written %2e%2e) and backslashes.` });
    }
  });
  it('gives the test panel a field error for the same paths before anything is sent', () => {
    const base = { method: 'POST', query: '', headers: [], body: '' };
    for (const path of ['/%2e%2e/other-stage/send', '/\\..\\other-stage', '/x/%2E%2e/%2e%2e/y']) {
      const parsed = sendRequestSchema.safeParse({ ...base, path });
      expect(parsed.success, path).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['path']);
    }
  });
});

describe('sendRequestSchema body limit', () => {
  const base = { method: 'POST' as const, path: '/send', query: '', headers: [] };
  it('accepts a 10 MB body (legal on API Gateway) and refuses a larger one naming the limit', () => {
    expect(sendRequestSchema.safeParse({ ...base, body: 'x'.repeat(10 * 1024 * 1024) }).success).toBe(true);
    const over = sendRequestSchema.safeParse({ ...base, body: `${'\u00e9'.repeat(5 * 1024 * 1024)}x` });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toMatch(/API Gateway's payload limit is 10 MB/);
  });
});
