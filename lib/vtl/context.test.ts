import { describe, expect, it } from 'vitest';
import { compileTemplate, createSampleContext, renderTemplate, type VtlRequest } from './index';

const now = new Date(Date.UTC(2026, 10, 21, 7, 43, 49, 123));

function withContext(context: Record<string, unknown>, body = '{"foo":"bar"}'): VtlRequest {
  return { body, path: {}, querystring: {}, headers: { 'X-Message-Group-Id': 'customer 4711' }, context, stageVariables: {} };
}

describe('createSampleContext', () => {
  const ctx = createSampleContext({ apiId: 'a1b2c3d4e5', stage: 'prod', resourcePath: '/orders', now, sourceIp: '198.51.100.7', userAgent: 'curl/8.5.0' });

  it('has the keys API Gateway provides, in the observed order (A.4)', () => {
    expect(Object.keys(ctx)).toEqual([
      'resourceId', 'resourcePath', 'httpMethod', 'extendedRequestId', 'requestTime', 'path', 'accountId', 'protocol',
      'requestOverride', 'stage', 'domainPrefix', 'requestTimeEpoch', 'requestId', 'identity', 'domainName', 'deploymentId',
      'responseOverride', 'apiId',
    ]);
    expect(Object.keys(ctx.identity as object)).toEqual([
      'cognitoIdentityPoolId', 'accountId', 'cognitoIdentityId', 'caller', 'sourceIp', 'principalOrgId', 'accessKey',
      'cognitoAuthenticationType', 'cognitoAuthenticationProvider', 'userArn', 'userAgent', 'user',
    ]);
  });

  it('formats times and ids like API Gateway', () => {
    expect(ctx.requestTime).toBe('21/Nov/2026:07:43:49 +0000');
    expect(ctx.requestTimeEpoch).toBe(now.getTime());
    expect(ctx.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ctx.path).toBe('/prod/orders');
    expect(ctx.protocol).toBe('HTTP/1.1');
    expect(ctx.domainName).toBe('a1b2c3d4e5.execute-api.us-east-1.amazonaws.com');
    expect(ctx.extendedRequestId).toMatch(/^[A-Za-z0-9]{15}=$/);
  });

  it('renders in templates: scalars print, nested maps print as "" (A.1.1 #4)', () => {
    const r = renderTemplate('$context.requestTimeEpoch|$context.identity.sourceIp|[$context.identity]|$context.requestTime', withContext(ctx));
    expect(r).toMatchObject({ ok: true, output: `${now.getTime()}|198.51.100.7|[]|21/Nov/2026:07:43:49 +0000` });
  });

  it('the FIFO template uses the request id', () => {
    const c = createSampleContext({ requestId: '3f6d1c2a-8b4e-4d7f-9a21-5c0e7b9d4f12', now });
    const t = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$util.urlEncode($input.params('X-Message-Group-Id'))&MessageDeduplicationId=$context.requestId";
    expect(renderTemplate(t, withContext(c))).toMatchObject({
      ok: true,
      output: 'Action=SendMessage&MessageBody=%7B%22foo%22%3A%22bar%22%7D&MessageGroupId=customer+4711&MessageDeduplicationId=3f6d1c2a-8b4e-4d7f-9a21-5c0e7b9d4f12',
    });
  });
});

describe('overrides set by a template are returned', () => {
  it('request overrides (header, querystring, path)', () => {
    const t = [
      '#set($context.requestOverride.header.X-Amz-Target = "AmazonSQS.SendMessage")',
      '#set($context.requestOverride.querystring.Version = "2012-11-05")',
      '#set($context.requestOverride.path.queue = "orders")',
      '{}',
    ].join('\n');
    const r = renderTemplate(t, withContext(createSampleContext({ now })));
    expect(r).toEqual({
      ok: true,
      output: '{}',
      overrides: {
        requestOverride: { header: { 'X-Amz-Target': 'AmazonSQS.SendMessage' }, path: { queue: 'orders' }, querystring: { Version: '2012-11-05' } },
        responseOverride: { header: {} },
      },
    });
  });

  it('response status and headers', () => {
    const t = '#set($context.responseOverride.status = 400)#set($context.responseOverride.header.X-Error = "bad")x';
    const r = renderTemplate(t, withContext(createSampleContext({ now })));
    expect(r.ok && r.overrides.responseOverride).toEqual({ header: { 'X-Error': 'bad' }, status: 400 });
  });

  it('multi-value header from a list', () => {
    const t = '#set($a = "foo")#set($context.requestOverride.header.multi = [$a, "bar"])';
    const r = renderTemplate(t, withContext(createSampleContext({ now })));
    expect(r.ok && r.overrides.requestOverride.header).toEqual({ multi: 'foo,bar' });
  });

  it('nothing set → empty maps; the input context object is not mutated', () => {
    const ctx = createSampleContext({ now });
    const r = renderTemplate('#set($context.requestOverride.header.A = "1")', withContext(ctx));
    expect(r.ok && r.overrides.requestOverride.header).toEqual({ A: '1' });
    expect(ctx.requestOverride).toEqual({ path: {}, header: {}, querystring: {} });
  });
});

describe('compiled template cache', () => {
  it('returns the same compiled template for the same source', () => {
    const src = '#set($a = 1)$a unique-cache-probe';
    expect(compileTemplate(src)).toBe(compileTemplate(src));
  });
});
