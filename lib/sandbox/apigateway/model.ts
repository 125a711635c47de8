import 'server-only';
import { z } from 'zod';
import { ownRecordSchema } from '@/lib/records-schema';

/** IntegrationResponse as GetIntegrationResponse returns it (AWS wire names). */
/** Template and mapping maps may hold `null` members: AWS stores and answers them (a null template is no template). */
export type NullableMap<T> = Record<string, T | null>;

export type IntegrationResponse = {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: NullableMap<string>;
  responseTemplates?: NullableMap<string>;
  contentHandling?: string;
};

export type MethodResponse = {
  statusCode: string;
  responseParameters?: NullableMap<boolean>;
  responseModels?: NullableMap<string>;
};

/** Integration as GetIntegration returns it: `httpMethod` is the integration's HTTP method on the wire. */
export type Integration = {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: NullableMap<string>;
  requestTemplates?: NullableMap<string>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponse>;
};

export type Method = {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: NullableMap<boolean>;
  requestModels?: NullableMap<string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
};

export type Resource = {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
};

export type RestApi = {
  id: string;
  name: string;
  description?: string;
  /** Epoch seconds (REST-JSON timestamps). */
  createdDate: number;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: { types: string[] };
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  tags?: Record<string, string>;
};

export type RequestValidator = { id: string; name: string; validateRequestBody: boolean; validateRequestParameters: boolean };

/** Model as GetModel returns it; `schema` is the JSON Schema (draft-04) text. */
export type Model = { id: string; name: string; description?: string; schema?: string; contentType: string };

/** A customized gateway response (PutGatewayResponse); the defaults come from lib/gateway. */
export type StoredGatewayResponse = {
  responseType: string;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
};

export type Authorizer = {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
};

/** The editable configuration of a REST API: what a deployment snapshots. */
export type ApiConfiguration = {
  resources: Record<string, Resource>;
  requestValidators?: Record<string, RequestValidator>;
  /** By model name (names are unique in an API and are what `requestModels` refer to). */
  models?: Record<string, Model>;
  /** By response type. */
  gatewayResponses?: Record<string, StoredGatewayResponse>;
  authorizers?: Record<string, Authorizer>;
};

export type Deployment = { id: string; description?: string; createdDate: number };

export type MethodSetting = {
  metricsEnabled: boolean;
  loggingLevel: string;
  dataTraceEnabled: boolean;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  cachingEnabled: boolean;
  cacheTtlInSeconds: number;
  cacheDataEncrypted: boolean;
  requireAuthorizationForCacheControl: boolean;
  unauthorizedCacheControlHeaderStrategy: string;
};

export type ThrottleSettings = { burstLimit?: number; rateLimit?: number };
export type QuotaSettings = { limit?: number; offset?: number; period?: string };

export type ApiKey = {
  id: string;
  value: string;
  name: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags?: Record<string, string>;
};

export type UsagePlan = {
  id: string;
  name: string;
  description?: string;
  apiStages: { apiId: string; stage: string; throttle?: Record<string, ThrottleSettings> }[];
  throttle?: ThrottleSettings;
  quota?: QuotaSettings;
  productCode?: string;
  tags?: Record<string, string>;
  /** The plan's API keys (CreateUsagePlanKey); not part of GetUsagePlan's answer. */
  keyIds: string[];
};

export type Account = {
  cloudwatchRoleArn?: string;
  throttleSettings: ThrottleSettings;
  features: string[];
  apiKeyVersion: string;
};

export type Stage = {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  cacheClusterStatus: string;
  cacheClusterSize?: string;
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings?: { format?: string; destinationArn?: string };
  clientCertificateId?: string;
  webAclArn?: string;
  documentationVersion?: string;
  createdDate: number;
  lastUpdatedDate: number;
  tags?: Record<string, string>;
};

// ---- request bodies (zod parses every one; unknown members are ignored like AWS does for extensions) ----
// Maps keep every key a caller sends, `__proto__` included, in prototype-free records (lib/records).

const stringMap = ownRecordSchema(z.string());

export const createRestApiSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  binaryMediaTypes: z.array(z.string()).optional(),
  minimumCompressionSize: z.number().int().optional(),
  apiKeySource: z.enum(['HEADER', 'AUTHORIZER']).optional(),
  endpointConfiguration: z.object({ types: z.array(z.enum(['REGIONAL', 'EDGE', 'PRIVATE'])).optional() }).optional(),
  disableExecuteApiEndpoint: z.boolean().optional(),
  tags: stringMap.optional(),
});

export const createRequestValidatorSchema = z.object({
  name: z.string().min(1),
  validateRequestBody: z.boolean().optional(),
  validateRequestParameters: z.boolean().optional(),
});

export const createModelSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  schema: z.string().optional(),
  contentType: z.string().min(1),
});

export const putGatewayResponseSchema = z.object({
  statusCode: z.string().optional(),
  responseParameters: ownRecordSchema(z.string().nullable()).nullable().optional(),
  responseTemplates: ownRecordSchema(z.string().nullable()).nullable().optional(),
});

export const createAuthorizerSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  providerARNs: z.array(z.string()).optional(),
  authType: z.string().optional(),
  authorizerUri: z.string().optional(),
  authorizerCredentials: z.string().optional(),
  identitySource: z.string().optional(),
  identityValidationExpression: z.string().optional(),
  authorizerResultTtlInSeconds: z.number().int().optional(),
});

export const createApiKeySchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  generateDistinctId: z.boolean().optional(),
  value: z.string().optional(),
  stageKeys: z.array(z.object({ restApiId: z.string().optional(), stageName: z.string().optional() })).optional(),
  customerId: z.string().optional(),
  tags: stringMap.optional(),
});

const throttleSchema = z.object({ burstLimit: z.number().int().optional(), rateLimit: z.number().optional() });

export const createUsagePlanSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  apiStages: z
    .array(z.object({ apiId: z.string(), stage: z.string(), throttle: ownRecordSchema(throttleSchema).optional() }))
    .optional(),
  throttle: throttleSchema.optional(),
  quota: z.object({ limit: z.number().int().optional(), offset: z.number().int().optional(), period: z.string().optional() }).optional(),
  tags: stringMap.optional(),
});

export const createUsagePlanKeySchema = z.object({ keyId: z.string().min(1), keyType: z.string().min(1) });

export const tagResourceSchema = z.object({ tags: stringMap });

export const createResourceSchema = z.object({ pathPart: z.string() });

export const putMethodSchema = z.object({
  authorizationType: z.string().min(1),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean().optional(),
  operationName: z.string().optional(),
  requestParameters: ownRecordSchema(z.boolean().nullable()).nullable().optional(),
  requestModels: ownRecordSchema(z.string().nullable()).nullable().optional(),
  requestValidatorId: z.string().optional(),
  authorizationScopes: z.array(z.string()).optional(),
});

/** AWS accepts `null` members in template and parameter maps (CloudFormation sends them); they are dropped. */
const nullableStringMap = ownRecordSchema(z.string().nullable()).nullable();

export const putIntegrationSchema = z.object({
  type: z.enum(['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY']),
  /** The integration HTTP method (`integrationHttpMethod` in the SDK). */
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).optional(),
  connectionId: z.string().optional(),
  credentials: z.string().optional(),
  requestParameters: nullableStringMap.optional(),
  requestTemplates: nullableStringMap.optional(),
  passthroughBehavior: z.string().optional(),
  cacheNamespace: z.string().optional(),
  cacheKeyParameters: z.array(z.string()).optional(),
  contentHandling: z.string().optional(),
  timeoutInMillis: z.number().int().optional(),
});

export const putMethodResponseSchema = z.object({
  responseParameters: ownRecordSchema(z.boolean().nullable()).nullable().optional(),
  responseModels: nullableStringMap.optional(),
});

export const putIntegrationResponseSchema = z.object({
  selectionPattern: z.string().nullable().optional(),
  responseParameters: nullableStringMap.optional(),
  responseTemplates: nullableStringMap.optional(),
  contentHandling: z.string().optional(),
});

export const createDeploymentSchema = z.object({
  stageName: z.string().optional(),
  stageDescription: z.string().optional(),
  description: z.string().optional(),
  variables: stringMap.optional(),
  tracingEnabled: z.boolean().optional(),
  cacheClusterEnabled: z.boolean().optional(),
  cacheClusterSize: z.string().optional(),
});

export const createStageSchema = z.object({
  stageName: z.string().min(1),
  deploymentId: z.string().min(1),
  description: z.string().optional(),
  variables: stringMap.optional(),
  tracingEnabled: z.boolean().optional(),
  cacheClusterEnabled: z.boolean().optional(),
  cacheClusterSize: z.string().optional(),
  tags: stringMap.optional(),
});

export const patchOperationSchema = z.object({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  value: z.string().nullable().optional(),
  from: z.string().optional(),
});
export type PatchOperation = z.infer<typeof patchOperationSchema>;

export const patchBodySchema = z.object({ patchOperations: z.array(patchOperationSchema).optional() });

export const testInvokeMethodSchema = z.object({
  pathWithQueryString: z.string().optional(),
  body: z.string().optional(),
  headers: stringMap.optional(),
  multiValueHeaders: ownRecordSchema(z.array(z.string())).optional(),
  clientCertificateId: z.string().optional(),
  stageVariables: stringMap.optional(),
});
