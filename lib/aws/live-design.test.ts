import type { Method } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { createPresetDesign, integrationUri, roleArn, validateDesign } from '@/lib/design';
import { diagnose } from '@/lib/doctor';
import { liveMethodToDesign } from './live-design';

/** What GetMethod returns for a design Sluice deployed (the inverse of the apply). */
function methodOf(preset: Parameters<typeof createPresetDesign>[0], mutate?: (m: Method) => void): Method {
  const d = createPresetDesign(preset);
  const m: Method = {
    httpMethod: d.method.httpMethod,
    authorizationType: d.method.authorizationType,
    apiKeyRequired: d.method.apiKeyRequired,
    requestParameters: d.method.requestParameters,
    methodIntegration: {
      type: 'AWS',
      httpMethod: d.integration.integrationHttpMethod,
      uri: integrationUri(d),
      credentials: roleArn(d),
      requestParameters: d.integration.requestParameters,
      requestTemplates: d.integration.requestTemplates,
      passthroughBehavior: d.integration.passthroughBehavior,
      timeoutInMillis: d.integration.timeoutInMillis,
      integrationResponses: Object.fromEntries(d.integrationResponses.map((r) => [r.statusCode, { statusCode: r.statusCode, selectionPattern: r.selectionPattern, responseTemplates: r.responseTemplates, responseParameters: r.responseParameters }])),
    },
    methodResponses: Object.fromEntries(d.methodResponses.map((r) => [r.statusCode, { statusCode: r.statusCode, responseParameters: r.responseParameters, responseModels: r.responseModels }])),
  };
  mutate?.(m);
  return m;
}

describe('liveMethodToDesign', () => {
  it('turns a deployed query-protocol method back into a valid design with its queue, role and templates', () => {
    const d = liveMethodToDesign(methodOf('query-urlencoded'), { restApiId: 'a1b2c3d4e5', apiName: 'sqs-ingest', resourcePath: '/send' });
    expect(validateDesign(d).ok).toBe(true);
    expect(d).toMatchObject({ protocol: 'query', accountId: '000000000000', queue: { name: 'orders', mode: 'existing' }, executionRole: { mode: 'existing', roleArn: 'arn:aws:iam::000000000000:role/apigateway-sqs-orders' } });
    expect(d.integration.requestTemplates['application/json']).toContain('$util.urlEncode($input.body)');
    expect(diagnose(d).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('recognises the JSON protocol and lets the doctor see a missing Content-Type mapping', () => {
    expect(liveMethodToDesign(methodOf('json-documented'), { restApiId: 'a1b2c3d4e5', resourcePath: '/send' }).protocol).toBe('json');
    const broken = liveMethodToDesign(
      methodOf('query-documented', (m) => {
        m.methodIntegration!.requestParameters = {};
      }),
      { restApiId: 'a1b2c3d4e5', resourcePath: '/send' },
    );
    expect(diagnose(broken).map((f) => f.id)).toContain('query-content-type');
  });

  it('keeps a GET integration method so the doctor can report SignatureDoesNotMatch', () => {
    const d = liveMethodToDesign(methodOf('query-documented', (m) => { m.methodIntegration!.httpMethod = 'GET'; }), { restApiId: 'a1b2c3d4e5', resourcePath: '/send' });
    expect(d.integration.integrationHttpMethod).toBe('GET');
    expect(diagnose(d).map((f) => f.id)).toContain('integration-http-method-get');
  });
});
