import { describe, expect, it } from 'vitest';
import {
  effectiveGatewayResponse,
  GATEWAY_RESPONSE_TYPE_NAMES,
  isCustomized,
  renderGatewayResponse,
  type GatewayResponseCustomizations,
} from './gateway-responses';
import type { InvocationContext, MethodRequest } from './types';

const context: InvocationContext = {
  apiId: 'a1b2c3d4e5',
  stage: 'prod',
  accountId: '000000000000',
  region: 'us-east-1',
  requestId: 'req-1',
  sourceIp: '127.0.0.1',
  requestTime: new Date('2026-01-01T00:00:00Z'),
  stageVariables: { origin: 'https://app.example' },
};
const request: MethodRequest = {
  httpMethod: 'POST',
  path: '/orders',
  pathParameters: {},
  multiValueQueryStringParameters: {},
  multiValueHeaders: { Origin: ['https://app.example'] },
};

describe('gateway responses', () => {
  it("has AWS's response types with their default status codes", () => {
    expect(GATEWAY_RESPONSE_TYPE_NAMES).toHaveLength(21);
    const status = Object.fromEntries(GATEWAY_RESPONSE_TYPE_NAMES.map((t) => [t, effectiveGatewayResponse(t, undefined).statusCode]));
    expect(status).toMatchObject({
      ACCESS_DENIED: '403',
      API_CONFIGURATION_ERROR: '500',
      BAD_REQUEST_BODY: '400',
      INTEGRATION_TIMEOUT: '504',
      INVALID_API_KEY: '403',
      MISSING_AUTHENTICATION_TOKEN: '403',
      QUOTA_EXCEEDED: '429',
      REQUEST_TOO_LARGE: '413',
      THROTTLED: '429',
      UNAUTHORIZED: '401',
      UNSUPPORTED_MEDIA_TYPE: '415',
    });
    expect(status.DEFAULT_4XX).toBeUndefined();
  });

  it('DEFAULT_4XX cascades status, headers and templates to uncustomized 4XX types only', () => {
    const custom: GatewayResponseCustomizations = {
      DEFAULT_4XX: { statusCode: '418', responseParameters: { 'gatewayresponse.header.X-A': "'1'" }, responseTemplates: {} },
      THROTTLED: { responseParameters: {}, responseTemplates: { 'application/json': '{"slow":true}' } },
    };
    expect(effectiveGatewayResponse('MISSING_AUTHENTICATION_TOKEN', custom)).toMatchObject({ statusCode: '418', defaultResponse: true, responseParameters: { 'gatewayresponse.header.X-A': "'1'" } });
    expect(effectiveGatewayResponse('THROTTLED', custom)).toMatchObject({ defaultResponse: false, responseTemplates: { 'application/json': '{"slow":true}' } });
    expect(effectiveGatewayResponse('API_CONFIGURATION_ERROR', custom).statusCode).toBe('500');
    expect(isCustomized('INVALID_API_KEY', custom)).toBe(true);
    expect(isCustomized('INTEGRATION_TIMEOUT', custom)).toBe(false);
  });

  it('renders headers from static values, request headers and stage variables, and the template with $context.error', () => {
    const custom: GatewayResponseCustomizations = {
      BAD_REQUEST_BODY: {
        statusCode: '422',
        responseParameters: {
          'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.origin',
          'gatewayresponse.header.X-Stage-Origin': 'stageVariables.origin',
          'gatewayresponse.header.X-Static': "'yes'",
        },
        responseTemplates: { 'application/json': '{"error":$context.error.messageString,"why":"$context.error.validationErrorString","id":"$context.requestId"}' },
      },
    };
    const out = renderGatewayResponse(custom, { type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: '[bad]', request, context });
    expect(out.status).toBe(422);
    expect(out.headers).toEqual(
      expect.arrayContaining([
        ['Access-Control-Allow-Origin', 'https://app.example'],
        ['X-Stage-Origin', 'https://app.example'],
        ['X-Static', 'yes'],
        ['Content-Type', 'application/json'],
        ['x-amzn-ErrorType', 'BadRequestException'],
      ]),
    );
    expect(JSON.parse(out.body)).toEqual({ error: 'Invalid request body', why: '[bad]', id: 'req-1' });
  });

  it('the default body is {"message":…}', () => {
    const out = renderGatewayResponse(undefined, { type: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token', request, context });
    expect(out).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });
});
