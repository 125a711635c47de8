import { emptyRecord } from '@/lib/records';
import type { ContentHandling, IntegrationConfig, MethodConfig, PassthroughBehavior } from './types';

/**
 * A method as API Gateway stores it — GetMethod's wire shape, with its integration and responses. The sandbox keeps
 * its methods in this shape, and a design is turned into it exactly as deploying would (`storedMethodFromDesign`), so
 * the live preview and the sandbox's data plane reach lib/gateway through this one adapter.
 */
export type StoredMethod = {
  httpMethod: string;
  requestValidatorId?: string;
  requestParameters?: NullableMap<boolean>;
  methodIntegration?: {
    type?: string;
    httpMethod?: string;
    uri?: string;
    credentials?: string;
    requestParameters?: NullableMap<string>;
    requestTemplates?: NullableMap<string>;
    passthroughBehavior?: string;
    contentHandling?: string;
    timeoutInMillis?: number;
    integrationResponses?: Record<string, { statusCode: string; selectionPattern?: string; responseParameters?: NullableMap<string>; responseTemplates?: NullableMap<string>; contentHandling?: string }>;
  };
  methodResponses?: Record<string, { statusCode: string; responseParameters?: NullableMap<boolean>; responseModels?: NullableMap<string> }>;
};

/** API Gateway accepts `null` values in these maps (a template `"application/json": null`) and ignores them. */
type NullableMap<T> = Record<string, T | null> | null;

function present<T>(map: NullableMap<T> | undefined): Record<string, T> | undefined {
  if (map === null || map === undefined) return undefined;
  const out = emptyRecord<T>();
  for (const [k, v] of Object.entries(map)) if (v !== null) out[k] = v;
  return out;
}

export type StoredRequestValidator = { validateRequestParameters: boolean; validateRequestBody: boolean };

const PASSTHROUGH: readonly PassthroughBehavior[] = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const CONTENT_HANDLING: readonly ContentHandling[] = ['CONVERT_TO_TEXT', 'CONVERT_TO_BINARY'];
const INTEGRATION_TYPES: readonly IntegrationConfig['type'][] = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => values.find((v) => v === value);

/** API Gateway's integration timeout when none is set (aws-reference B.1). */
export const DEFAULT_TIMEOUT_IN_MILLIS = 29_000;

/**
 * The stored method as lib/gateway's MethodConfig; undefined when it has no integration API Gateway could run.
 * `requestValidators` are the API's, by id (a method names its validator by id).
 */
export function methodConfigOf(resourcePath: string, method: StoredMethod, requestValidators: Readonly<Record<string, StoredRequestValidator>> = {}): MethodConfig | undefined {
  const validator = method.requestValidatorId !== undefined && Object.hasOwn(requestValidators, method.requestValidatorId) ? requestValidators[method.requestValidatorId] : undefined;
  const integration = method.methodIntegration;
  const type = oneOf(INTEGRATION_TYPES, integration?.type);
  if (!integration || !type) return undefined;
  const passthroughBehavior = oneOf(PASSTHROUGH, integration.passthroughBehavior);
  const contentHandling = oneOf(CONTENT_HANDLING, integration.contentHandling);
  const integrationResponses = Object.fromEntries(
    Object.entries(integration.integrationResponses ?? {}).map(([code, r]) => {
      const ch = oneOf(CONTENT_HANDLING, r.contentHandling);
      return [
        code,
        {
          statusCode: r.statusCode,
          ...(r.selectionPattern !== undefined ? { selectionPattern: r.selectionPattern } : {}),
          ...(r.responseParameters ? { responseParameters: present(r.responseParameters) } : {}),
          ...(r.responseTemplates ? { responseTemplates: present(r.responseTemplates) } : {}),
          ...(ch ? { contentHandling: ch } : {}),
        },
      ];
    }),
  );
  return {
    httpMethod: method.httpMethod,
    resourcePath,
    ...(method.requestParameters ? { requestParameters: present(method.requestParameters) } : {}),
    ...(validator ? { requestValidator: { validateRequestParameters: validator.validateRequestParameters, validateRequestBody: validator.validateRequestBody } } : {}),
    methodIntegration: {
      type,
      uri: integration.uri ?? '',
      integrationHttpMethod: integration.httpMethod ?? method.httpMethod,
      ...(integration.credentials ? { credentials: integration.credentials } : {}),
      ...(integration.requestParameters ? { requestParameters: present(integration.requestParameters) } : {}),
      ...(integration.requestTemplates ? { requestTemplates: present(integration.requestTemplates) } : {}),
      ...(passthroughBehavior ? { passthroughBehavior } : {}),
      timeoutInMillis: integration.timeoutInMillis ?? DEFAULT_TIMEOUT_IN_MILLIS,
      ...(contentHandling ? { contentHandling } : {}),
      integrationResponses,
    },
    ...(method.methodResponses
      ? {
          methodResponses: Object.fromEntries(
            Object.entries(method.methodResponses).map(([code, r]) => [code, { statusCode: r.statusCode, ...(r.responseParameters ? { responseParameters: present(r.responseParameters) } : {}) }]),
          ),
        }
      : {}),
  };
}
