import type {
  CreateDeploymentCommandInput,
  CreateRequestValidatorCommandInput,
  CreateResourceCommandInput,
  CreateRestApiCommandInput,
  PutIntegrationCommandInput,
  PutIntegrationResponseCommandInput,
  PutMethodCommandInput,
  PutGatewayResponseCommandInput,
  PutMethodResponseCommandInput,
} from '@aws-sdk/client-api-gateway';
import type { CreateApiKeyCommandInput, CreateUsagePlanCommandInput, CreateUsagePlanKeyCommandInput } from '@aws-sdk/client-api-gateway';
import type { CreateRoleCommandInput, PutRolePolicyCommandInput } from '@aws-sdk/client-iam';
import type { CreateQueueCommandInput } from '@aws-sdk/client-sqs';
import { integrationUri, roleArn } from './arns';
import { apiKeyNames } from './names';
import { CORS_GATEWAY_RESPONSE_TYPES, CORS_MOCK_TEMPLATE, corsGatewayResponseParameters, corsPreflightHeaders, deployedResponses } from './cors';
import { apiGatewayTrustPolicy, executionRolePolicyDocument, INLINE_POLICY_NAME } from './policies';
import type { IntegrationDesign } from './schema';

/**
 * A value not known until an earlier call has answered, written `${stepId.field}` inside inputs
 * (e.g. `${restApi.id}`, `${resource:/v1/orders.id}`); lib/aws substitutes it when applying.
 */
export function ref(stepId: string, field: string): string {
  return `\${${stepId}.${field}}`;
}

type Step<S extends string, O extends string, I> = {
  /** Stable id of the step, used by refs and to report progress (`queue`, `resource:/v1`, `methodResponse:200`). */
  id: string;
  service: S;
  operation: O;
  input: I;
  /** Ids of steps whose output this step needs. */
  dependsOn: string[];
  /** One line for people: what the call does. */
  description: string;
};

export type PlannedCall =
  | Step<'sqs', 'CreateQueue', CreateQueueCommandInput>
  | Step<'iam', 'CreateRole', CreateRoleCommandInput>
  | Step<'iam', 'PutRolePolicy', PutRolePolicyCommandInput>
  | Step<'apigateway', 'CreateRestApi', CreateRestApiCommandInput>
  | Step<'apigateway', 'CreateResource', CreateResourceCommandInput>
  | Step<'apigateway', 'CreateRequestValidator', CreateRequestValidatorCommandInput>
  | Step<'apigateway', 'PutMethod', PutMethodCommandInput>
  | Step<'apigateway', 'PutIntegration', PutIntegrationCommandInput>
  | Step<'apigateway', 'PutMethodResponse', PutMethodResponseCommandInput>
  | Step<'apigateway', 'PutIntegrationResponse', PutIntegrationResponseCommandInput>
  | Step<'apigateway', 'PutGatewayResponse', PutGatewayResponseCommandInput>
  | Step<'apigateway', 'CreateDeployment', CreateDeploymentCommandInput>
  | Step<'apigateway', 'CreateApiKey', CreateApiKeyCommandInput>
  | Step<'apigateway', 'CreateUsagePlan', CreateUsagePlanCommandInput>
  | Step<'apigateway', 'CreateUsagePlanKey', CreateUsagePlanKeyCommandInput>;

export type LiveApiState = {
  /** Id of the existing REST API, when the design targets one (or one was already created). */
  restApiId?: string;
  /** Resources that already exist on that API: path → id (must include "/"). */
  resources?: Record<string, string>;
};

/** Name of the validator Sluice attaches when a method declares required parameters. */
export const REQUEST_VALIDATOR_NAME = 'sluice-validate-parameters';

/** Queue attributes for CreateQueue, as strings the way the SQS API takes them. */
export function queueAttributes(d: IntegrationDesign): Record<string, string> {
  const q = d.queue;
  const attrs: Record<string, string> = {};
  if (q.fifo) {
    attrs.FifoQueue = 'true';
    attrs.ContentBasedDeduplication = q.contentBasedDeduplication ? 'true' : 'false';
  }
  if (q.encryption.type === 'kms') {
    attrs.KmsMasterKeyId = q.encryption.kmsKeyId;
    if (q.encryption.kmsDataKeyReusePeriodSeconds !== undefined) attrs.KmsDataKeyReusePeriodSeconds = String(q.encryption.kmsDataKeyReusePeriodSeconds);
  } else {
    attrs.SqsManagedSseEnabled = q.encryption.type === 'sqs-managed' ? 'true' : 'false';
  }
  if (q.visibilityTimeout !== undefined) attrs.VisibilityTimeout = String(q.visibilityTimeout);
  if (q.messageRetentionPeriod !== undefined) attrs.MessageRetentionPeriod = String(q.messageRetentionPeriod);
  if (q.maximumMessageSize !== undefined) attrs.MaximumMessageSize = String(q.maximumMessageSize);
  if (q.delaySeconds !== undefined) attrs.DelaySeconds = String(q.delaySeconds);
  return attrs;
}

/** Every ancestor path of a resource path, shortest first: `/v1/orders` → [`/v1`, `/v1/orders`]. */
export function resourcePathChain(path: string): string[] {
  if (path === '/') return [];
  const parts = path.slice(1).split('/');
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

function parentOf(path: string): string {
  const idx = path.lastIndexOf('/');
  return idx <= 0 ? '/' : path.slice(0, idx);
}

/**
 * The SDK calls that create a design from nothing (or onto an existing API/queue/role), in an order that satisfies
 * every dependency. Existing resources picked in the design are not created. `live` lets the caller skip
 * CreateResource for path parts that already exist.
 */
export function deriveCreateCalls(d: IntegrationDesign, live: LiveApiState = {}): PlannedCall[] {
  const calls: PlannedCall[] = [];
  if (d.queue.mode === 'create') {
    calls.push({
      id: 'queue',
      service: 'sqs',
      operation: 'CreateQueue',
      input: { QueueName: d.queue.name, Attributes: queueAttributes(d) },
      dependsOn: [],
      description: `Create ${d.queue.fifo ? 'FIFO' : 'standard'} queue ${d.queue.name}`,
    });
  }
  if (d.executionRole.mode === 'create') {
    calls.push({
      id: 'role',
      service: 'iam',
      operation: 'CreateRole',
      input: {
        RoleName: d.executionRole.roleName,
        AssumeRolePolicyDocument: JSON.stringify(apiGatewayTrustPolicy()),
        Description: `Lets API Gateway send messages to SQS queue ${d.queue.name} (created by Sluice)`,
      },
      dependsOn: [],
      description: `Create execution role ${d.executionRole.roleName} trusted by apigateway.amazonaws.com`,
    });
    calls.push({
      id: 'rolePolicy',
      service: 'iam',
      operation: 'PutRolePolicy',
      input: { RoleName: d.executionRole.roleName, PolicyName: INLINE_POLICY_NAME, PolicyDocument: executionRolePolicyDocument(d) },
      dependsOn: ['role'],
      description: `Allow the role to send to ${d.queue.name}`,
    });
  }

  let restApiId: string;
  const resourceIds: Record<string, string> = { ...(live.resources ?? {}) };
  if (d.restApi.mode === 'create' && !live.restApiId) {
    calls.push({
      id: 'restApi',
      service: 'apigateway',
      operation: 'CreateRestApi',
      input: {
        name: d.restApi.name,
        ...(d.restApi.description ? { description: d.restApi.description } : {}),
        endpointConfiguration: { types: [d.restApi.endpointType] },
      },
      dependsOn: [],
      description: `Create REST API ${d.restApi.name}`,
    });
    restApiId = ref('restApi', 'id');
    resourceIds['/'] = ref('restApi', 'rootResourceId');
  } else {
    restApiId = live.restApiId ?? (d.restApi.mode === 'existing' ? d.restApi.id : '');
  }
  const apiDeps = calls.some((c) => c.id === 'restApi') ? ['restApi'] : [];

  for (const path of resourcePathChain(d.resourcePath)) {
    if (resourceIds[path]) continue;
    const parent = parentOf(path);
    const parentStep = `resource:${parent}`;
    calls.push({
      id: `resource:${path}`,
      service: 'apigateway',
      operation: 'CreateResource',
      input: { restApiId, parentId: resourceIds[parent] ?? ref(parentStep, 'id'), pathPart: path.slice(path.lastIndexOf('/') + 1) },
      dependsOn: [...apiDeps, ...(calls.some((c) => c.id === parentStep) ? [parentStep] : [])],
      description: `Create resource ${path}`,
    });
    resourceIds[path] = ref(`resource:${path}`, 'id');
  }
  const resourceId = resourceIds[d.resourcePath] ?? '';
  const resourceDeps = calls.some((c) => c.id === `resource:${d.resourcePath}`) ? [`resource:${d.resourcePath}`] : apiDeps;
  const httpMethod = d.method.httpMethod;

  // API Gateway enforces "required" method request parameters only when a request validator is attached.
  const needsValidator = Object.values(d.method.requestParameters).some(Boolean);
  if (needsValidator) {
    calls.push({
      id: 'requestValidator',
      service: 'apigateway',
      operation: 'CreateRequestValidator',
      input: { restApiId, name: REQUEST_VALIDATOR_NAME, validateRequestParameters: true, validateRequestBody: false },
      dependsOn: apiDeps,
      description: 'Create a request validator so required headers and query parameters are enforced',
    });
  }

  calls.push({
    id: 'method',
    service: 'apigateway',
    operation: 'PutMethod',
    input: {
      restApiId,
      resourceId,
      httpMethod,
      authorizationType: d.method.authorizationType,
      apiKeyRequired: d.method.apiKeyRequired,
      requestParameters: d.method.requestParameters,
      ...(needsValidator ? { requestValidatorId: ref('requestValidator', 'id') } : {}),
    },
    dependsOn: [...resourceDeps, ...(needsValidator ? ['requestValidator'] : [])],
    description: `Create method ${httpMethod} ${d.resourcePath}`,
  });
  calls.push({
    id: 'integration',
    service: 'apigateway',
    operation: 'PutIntegration',
    input: {
      restApiId,
      resourceId,
      httpMethod,
      type: 'AWS',
      integrationHttpMethod: d.integration.integrationHttpMethod,
      uri: integrationUri(d),
      credentials: roleArn(d),
      requestParameters: d.integration.requestParameters,
      requestTemplates: d.integration.requestTemplates,
      passthroughBehavior: d.integration.passthroughBehavior,
      timeoutInMillis: d.integration.timeoutInMillis,
      ...(d.integration.contentHandling ? { contentHandling: d.integration.contentHandling } : {}),
    },
    dependsOn: ['method', ...(d.executionRole.mode === 'create' ? ['rolePolicy'] : [])],
    description: `Integrate ${httpMethod} ${d.resourcePath} with SQS (${d.protocol === 'json' ? 'AWS JSON' : 'AWS query'} protocol)`,
  });
  const responses = deployedResponses(d);
  for (const r of responses.methodResponses) {
    calls.push({
      id: `methodResponse:${r.statusCode}`,
      service: 'apigateway',
      operation: 'PutMethodResponse',
      input: { restApiId, resourceId, httpMethod, statusCode: r.statusCode, responseParameters: r.responseParameters, responseModels: r.responseModels },
      dependsOn: ['method'],
      description: `Declare method response ${r.statusCode}`,
    });
  }
  for (const r of responses.integrationResponses) {
    calls.push({
      id: `integrationResponse:${r.statusCode}`,
      service: 'apigateway',
      operation: 'PutIntegrationResponse',
      input: {
        restApiId,
        resourceId,
        httpMethod,
        statusCode: r.statusCode,
        ...(r.selectionPattern ? { selectionPattern: r.selectionPattern } : {}),
        responseTemplates: r.responseTemplates,
        responseParameters: r.responseParameters,
        ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
      },
      dependsOn: ['integration', `methodResponse:${r.statusCode}`],
      description: `Map SQS ${r.selectionPattern ? `status ${r.selectionPattern}` : 'success (default)'} to ${r.statusCode}`,
    });
  }
  const corsSteps = d.cors.enabled ? corsCalls(d, restApiId, resourceId, resourceDeps, apiDeps) : [];
  calls.push(...corsSteps);
  calls.push({
    id: 'deployment',
    service: 'apigateway',
    operation: 'CreateDeployment',
    input: {
      restApiId,
      stageName: d.stageName,
      description: 'Deployed by Sluice',
      ...(Object.keys(d.stageVariables).length > 0 ? { variables: d.stageVariables } : {}),
    },
    dependsOn: [...d.integrationResponses.map((r) => `integrationResponse:${r.statusCode}`), ...corsSteps.filter((c) => c.operation === 'PutIntegrationResponse' || c.operation === 'PutGatewayResponse').map((c) => c.id)],
    description: `Deploy to stage ${d.stageName}`,
  });
  // "API key required" alone makes every call 403 Forbidden: API Gateway accepts only keys of a usage plan that
  // covers the stage (API Gateway Developer Guide, "Usage plans and API keys").
  if (d.method.apiKeyRequired) {
    const names = apiKeyNames(d);
    calls.push({
      id: 'apiKey',
      service: 'apigateway',
      operation: 'CreateApiKey',
      input: { name: names.keyName, enabled: true, description: `Key for ${d.name} (created by Sluice)` },
      dependsOn: [],
      description: `Create API key ${names.keyName}`,
    });
    calls.push({
      id: 'usagePlan',
      service: 'apigateway',
      operation: 'CreateUsagePlan',
      input: { name: names.usagePlanName, description: `Usage plan for ${d.name} (created by Sluice)`, apiStages: [{ apiId: restApiId, stage: d.stageName }] },
      dependsOn: ['deployment'],
      description: `Create usage plan ${names.usagePlanName} for stage ${d.stageName}`,
    });
    calls.push({
      id: 'usagePlanKey',
      service: 'apigateway',
      operation: 'CreateUsagePlanKey',
      input: { usagePlanId: ref('usagePlan', 'id'), keyId: ref('apiKey', 'id'), keyType: 'API_KEY' },
      dependsOn: ['usagePlan', 'apiKey'],
      description: `Add API key ${names.keyName} to usage plan ${names.usagePlanName}`,
    });
  }
  return calls;
}

/** The calls "Enable CORS" makes (lib/design cors.ts): the OPTIONS preflight method and the two gateway responses. */
function corsCalls(d: IntegrationDesign, restApiId: string, resourceId: string, resourceDeps: string[], apiDeps: string[]): PlannedCall[] {
  const ids = { restApiId, resourceId, httpMethod: 'OPTIONS' };
  const preflight = corsPreflightHeaders(d);
  const calls: PlannedCall[] = [
    {
      id: 'cors:method',
      service: 'apigateway',
      operation: 'PutMethod',
      input: { ...ids, authorizationType: 'NONE', apiKeyRequired: false, requestParameters: {} },
      dependsOn: resourceDeps,
      description: `Create method OPTIONS ${d.resourcePath} for the CORS preflight`,
    },
    {
      id: 'cors:integration',
      service: 'apigateway',
      operation: 'PutIntegration',
      input: { ...ids, type: 'MOCK', requestParameters: {}, requestTemplates: { 'application/json': CORS_MOCK_TEMPLATE }, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29_000 },
      dependsOn: ['cors:method'],
      description: `Answer OPTIONS ${d.resourcePath} with a MOCK integration`,
    },
    {
      id: 'cors:methodResponse:200',
      service: 'apigateway',
      operation: 'PutMethodResponse',
      input: { ...ids, statusCode: '200', responseParameters: Object.fromEntries(Object.keys(preflight).map((k) => [k, false])), responseModels: {} },
      dependsOn: ['cors:method'],
      description: 'Declare the preflight response 200 with the Access-Control-Allow-* headers',
    },
    {
      id: 'cors:integrationResponse:200',
      service: 'apigateway',
      operation: 'PutIntegrationResponse',
      input: { ...ids, statusCode: '200', responseParameters: preflight, responseTemplates: { 'application/json': '' } },
      dependsOn: ['cors:integration', 'cors:methodResponse:200'],
      description: `Answer the preflight with Access-Control-Allow-Origin ${d.cors.allowOrigin.trim()}`,
    },
  ];
  for (const responseType of CORS_GATEWAY_RESPONSE_TYPES) {
    calls.push({
      id: `gatewayResponse:${responseType}`,
      service: 'apigateway',
      operation: 'PutGatewayResponse',
      input: { restApiId, responseType, responseParameters: corsGatewayResponseParameters(d), responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } },
      dependsOn: apiDeps,
      description: `Add the CORS headers to API Gateway's own ${responseType === 'DEFAULT_4XX' ? '4xx' : '5xx'} errors (gateway response ${responseType})`,
    });
  }
  return calls;
}
