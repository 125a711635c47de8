import type { IntegrationDesign, IntegrationResponseDesign, MethodResponseDesign } from './schema';

/**
 * CORS as the API Gateway console's "Enable CORS" sets it up (API Gateway Developer Guide, "Enabling CORS for a REST
 * API resource"): an OPTIONS method with a MOCK integration answering the preflight with the Access-Control-Allow-*
 * headers; Access-Control-Allow-Origin on every response of the method itself; and the DEFAULT_4XX and DEFAULT_5XX
 * gateway responses carrying the same headers, so that a browser can also read the errors API Gateway answers
 * without calling SQS (missing API key, unknown path, throttling…).
 */

export const CORS_ORIGIN_HEADER = 'Access-Control-Allow-Origin';
export const CORS_HEADERS_HEADER = 'Access-Control-Allow-Headers';
export const CORS_METHODS_HEADER = 'Access-Control-Allow-Methods';

/** The gateway responses CORS customizes: every 4xx and 5xx API Gateway answers by itself. */
export const CORS_GATEWAY_RESPONSE_TYPES = ['DEFAULT_4XX', 'DEFAULT_5XX'] as const;

/** The MOCK integration's request template: it only selects status 200. */
export const CORS_MOCK_TEMPLATE = '{"statusCode": 200}';

const CONCRETE_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** A static value in a response parameter mapping is written in single quotes. */
export const staticValue = (value: string): string => `'${value}'`;

export type CorsSettings = Pick<IntegrationDesign, 'cors' | 'method'>;

export function corsAllowMethods(d: CorsSettings): string {
  return d.method.httpMethod === 'ANY' ? CONCRETE_METHODS.join(',') : ['OPTIONS', d.method.httpMethod].sort().join(',');
}

export function corsAllowHeaders(d: CorsSettings): string {
  return d.cors.allowHeaders.map((h) => h.trim()).filter(Boolean).join(',');
}

/** The preflight's headers: method response header → static value. */
export function corsPreflightHeaders(d: CorsSettings): Record<string, string> {
  return {
    [`method.response.header.${CORS_HEADERS_HEADER}`]: staticValue(corsAllowHeaders(d)),
    [`method.response.header.${CORS_METHODS_HEADER}`]: staticValue(corsAllowMethods(d)),
    [`method.response.header.${CORS_ORIGIN_HEADER}`]: staticValue(d.cors.allowOrigin.trim()),
  };
}

/** The gateway responses' headers. */
export function corsGatewayResponseParameters(d: CorsSettings): Record<string, string> {
  return {
    [`gatewayresponse.header.${CORS_ORIGIN_HEADER}`]: staticValue(d.cors.allowOrigin.trim()),
    [`gatewayresponse.header.${CORS_HEADERS_HEADER}`]: staticValue(corsAllowHeaders(d)),
  };
}

/**
 * The method and integration responses as deployed: with CORS on, each also declares and maps
 * Access-Control-Allow-Origin (a mapping the design already has is kept). The preview and the apply both read the
 * responses through here, so what the preview shows is what API Gateway answers.
 */
export function deployedResponses(d: Pick<IntegrationDesign, 'cors' | 'methodResponses' | 'integrationResponses'>): {
  methodResponses: MethodResponseDesign[];
  integrationResponses: IntegrationResponseDesign[];
} {
  if (!d.cors?.enabled) return { methodResponses: d.methodResponses ?? [], integrationResponses: d.integrationResponses ?? [] };
  const key = `method.response.header.${CORS_ORIGIN_HEADER}`;
  return {
    methodResponses: (d.methodResponses ?? []).map((r) => (key in r.responseParameters ? r : { ...r, responseParameters: { ...r.responseParameters, [key]: false } })),
    integrationResponses: (d.integrationResponses ?? []).map((r) =>
      key in r.responseParameters ? r : { ...r, responseParameters: { ...r.responseParameters, [key]: staticValue(d.cors.allowOrigin.trim()) } },
    ),
  };
}

/** Problems with the CORS settings, by field (lib/design schema reports them). */
export function corsIssues(d: CorsSettings): { path: (string | number)[]; message: string }[] {
  if (!d.cors.enabled) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  const origin = d.cors.allowOrigin.trim();
  if (origin === '') out.push({ path: ['cors', 'allowOrigin'], message: 'CORS needs an allowed origin, e.g. * or https://app.example.com.' });
  else if (origin !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
    out.push({ path: ['cors', 'allowOrigin'], message: `"${origin}" is not an origin: use * or scheme://host[:port] with no path, e.g. https://app.example.com.` });
  }
  d.cors.allowHeaders.forEach((h, idx) => {
    if (h.trim() !== '' && !/^[A-Za-z0-9!#$%&*+.^_`|~-]+$/.test(h.trim())) out.push({ path: ['cors', 'allowHeaders', idx], message: `"${h}" is not a header name: letters, digits and - only, e.g. X-Api-Key.` });
  });
  if (d.method.httpMethod === 'OPTIONS') out.push({ path: ['method', 'httpMethod'], message: 'With CORS on, OPTIONS answers the browser’s preflight: give the method another HTTP method, such as POST.' });
  return out;
}
