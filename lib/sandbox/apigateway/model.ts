import 'server-only';
import { z } from 'zod';

/** IntegrationResponse as GetIntegrationResponse returns it (AWS wire names). */
export type IntegrationResponse = {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
};

export type MethodResponse = {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
};

/** Integration as GetIntegration returns it: `httpMethod` is the integration's HTTP method on the wire. */
export type Integration = {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
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
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
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

/** GatewayResponse as GetGatewayResponse returns it (set by ImportRestApi's x-amazon-apigateway-gateway-responses). */
export type GatewayResponse = {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse: boolean;
};

/** The editable configuration of a REST API: what a deployment snapshots. */
export type ApiConfiguration = {
  resources: Record<string, Resource>;
  requestValidators?: Record<string, RequestValidator>;
  /** Response type (e.g. DEFAULT_4XX) → customised gateway response. */
  gatewayResponses?: Record<string, GatewayResponse>;
};

export type Deployment = { id: string; description?: string; createdDate: number };

export type Stage = {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  cacheClusterStatus: string;
  methodSettings: Record<string, never>;
  createdDate: number;
  lastUpdatedDate: number;
  tags?: Record<string, string>;
};

// ---- request bodies (zod parses every one; unknown members are ignored like AWS does for extensions) ----

const stringMap = z.record(z.string(), z.string());
const boolMap = z.record(z.string(), z.boolean());

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

export const createResourceSchema = z.object({ pathPart: z.string() });

export const putMethodSchema = z.object({
  authorizationType: z.string().min(1),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean().optional(),
  operationName: z.string().optional(),
  requestParameters: boolMap.optional(),
  requestModels: stringMap.optional(),
  requestValidatorId: z.string().optional(),
  authorizationScopes: z.array(z.string()).optional(),
});

export const putIntegrationSchema = z.object({
  type: z.enum(['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY']),
  /** The integration HTTP method (`integrationHttpMethod` in the SDK). */
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).optional(),
  connectionId: z.string().optional(),
  credentials: z.string().optional(),
  requestParameters: stringMap.optional(),
  requestTemplates: stringMap.optional(),
  passthroughBehavior: z.string().optional(),
  cacheNamespace: z.string().optional(),
  cacheKeyParameters: z.array(z.string()).optional(),
  contentHandling: z.string().optional(),
  timeoutInMillis: z.number().int().optional(),
});

export const putMethodResponseSchema = z.object({
  responseParameters: boolMap.optional(),
  responseModels: stringMap.optional(),
});

export const putIntegrationResponseSchema = z.object({
  selectionPattern: z.string().optional(),
  responseParameters: stringMap.optional(),
  responseTemplates: stringMap.optional(),
  contentHandling: z.string().optional(),
});

export const createDeploymentSchema = z.object({
  stageName: z.string().optional(),
  stageDescription: z.string().optional(),
  description: z.string().optional(),
  variables: stringMap.optional(),
  tracingEnabled: z.boolean().optional(),
  cacheClusterEnabled: z.boolean().optional(),
});

export const createStageSchema = z.object({
  stageName: z.string().min(1),
  deploymentId: z.string().min(1),
  description: z.string().optional(),
  variables: stringMap.optional(),
  tracingEnabled: z.boolean().optional(),
  cacheClusterEnabled: z.boolean().optional(),
  tags: stringMap.optional(),
});

export const patchOperationSchema = z.object({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  value: z.string().optional(),
  from: z.string().optional(),
});
export type PatchOperation = z.infer<typeof patchOperationSchema>;

export const patchBodySchema = z.object({ patchOperations: z.array(patchOperationSchema).optional() });

export const testInvokeMethodSchema = z.object({
  pathWithQueryString: z.string().optional(),
  body: z.string().optional(),
  headers: stringMap.optional(),
  multiValueHeaders: z.record(z.string(), z.array(z.string())).optional(),
  clientCertificateId: z.string().optional(),
  stageVariables: stringMap.optional(),
});
