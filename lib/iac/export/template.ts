import {
  apiGatewayTrustPolicy,
  executionRolePolicyDocument,
  INLINE_POLICY_NAME,
  queueArn,
  REQUEST_VALIDATOR_NAME,
  resourcePathChain,
  roleArn,
  type IntegrationDesign,
} from '@/lib/design';
import type { JsonValue } from '../source';
import { apiGroups, corsHeaders, logicalId, shortHash, type ApiGroup } from './common';

type Json = { [key: string]: JsonValue };
const ref = (id: string): Json => ({ Ref: id });
const getAtt = (id: string, attr: string): Json => ({ 'Fn::GetAtt': [id, attr] });
const sub = (text: string): Json => ({ 'Fn::Sub': text });

/** Replaces every occurrence of a literal string in a JSON value by an intrinsic (the queue ARN in the policy). */
function replaceString(value: JsonValue, literal: string, replacement: JsonValue): JsonValue {
  if (value === literal) return replacement;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, literal, replacement));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceString(v, literal, replacement)]));
  return value;
}

export function queueLogicalId(d: IntegrationDesign): string {
  return logicalId('Queue', d.queue.name.replace(/\.fifo$/, '-fifo'));
}

export function roleLogicalId(d: IntegrationDesign): string {
  return logicalId('Role', d.executionRole.mode === 'create' ? d.executionRole.roleName : d.executionRole.roleArn);
}

function queueResource(d: IntegrationDesign): Json {
  const q = d.queue;
  const props: Json = { QueueName: q.name };
  if (q.fifo) {
    props.FifoQueue = true;
    props.ContentBasedDeduplication = q.contentBasedDeduplication;
  }
  if (q.encryption.type === 'kms') {
    props.KmsMasterKeyId = q.encryption.kmsKeyId;
    if (q.encryption.kmsDataKeyReusePeriodSeconds !== undefined) props.KmsDataKeyReusePeriodSeconds = q.encryption.kmsDataKeyReusePeriodSeconds;
  } else props.SqsManagedSseEnabled = q.encryption.type === 'sqs-managed';
  if (q.visibilityTimeout !== undefined) props.VisibilityTimeout = q.visibilityTimeout;
  if (q.messageRetentionPeriod !== undefined) props.MessageRetentionPeriod = q.messageRetentionPeriod;
  if (q.maximumMessageSize !== undefined) props.MaximumMessageSize = q.maximumMessageSize;
  if (q.delaySeconds !== undefined) props.DelaySeconds = q.delaySeconds;
  return { Type: 'AWS::SQS::Queue', Properties: props };
}

/** The role with its least-privilege inline policy (or the design's own), the queue ARN written as Fn::GetAtt when the template creates the queue. */
export function roleResource(d: IntegrationDesign): Json {
  const document = JSON.parse(executionRolePolicyDocument(d)) as JsonValue;
  const policy = d.queue.mode === 'create' ? replaceString(document, queueArn(d), getAtt(queueLogicalId(d), 'Arn')) : document;
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: d.executionRole.mode === 'create' ? d.executionRole.roleName : '',
      Description: `Lets API Gateway send messages to SQS queue ${d.queue.name}`,
      AssumeRolePolicyDocument: apiGatewayTrustPolicy() as unknown as JsonValue,
      Policies: [{ PolicyName: INLINE_POLICY_NAME, PolicyDocument: policy }],
    },
  };
}

/** The integration URI and role: intrinsics for what the template creates, so the stack deploys to any account and Region. */
export function integrationTarget(d: IntegrationDesign): { uri: JsonValue; credentials: JsonValue } {
  const service = d.integration.subdomain ? `${d.integration.subdomain}.sqs` : 'sqs';
  const expected = `${d.accountId}/${d.queue.name}`;
  let uri: JsonValue;
  if (d.integration.actionType === 'action') uri = sub(`arn:aws:apigateway:\${AWS::Region}:${service}:action/${d.integration.action}`);
  else if (d.queue.mode === 'create' && d.integration.pathOverride === expected) uri = sub(`arn:aws:apigateway:\${AWS::Region}:${service}:path/\${AWS::AccountId}/\${${queueLogicalId(d)}.QueueName}`);
  else uri = sub(`arn:aws:apigateway:\${AWS::Region}:${service}:path/${d.integration.pathOverride.replace(/\$\{/g, '${!')}`);
  const credentials = d.executionRole.mode === 'create' ? getAtt(roleLogicalId(d), 'Arn') : roleArn(d);
  return { uri, credentials };
}

function methodId(d: IntegrationDesign): string {
  return logicalId('Method', `${d.method.httpMethod} ${d.resourcePath}`);
}

/** Where an API's resources hang: logical ids are prefixed by the API when a template holds several. */
type ApiCtx = { apiId: string; prefix: string; root: JsonValue };

function resourceId(api: ApiCtx, path: string): string {
  return `${api.prefix}${logicalId('Resource', path)}`;
}

function resourceRef(api: ApiCtx, path: string): JsonValue {
  return path === '/' ? api.root : ref(resourceId(api, path));
}

function integrationResponses(d: IntegrationDesign): JsonValue {
  return d.integrationResponses.map((r) => ({
    StatusCode: r.statusCode,
    ...(r.selectionPattern ? { SelectionPattern: r.selectionPattern } : {}),
    ResponseTemplates: r.responseTemplates,
    ResponseParameters: r.responseParameters,
    ...(r.contentHandling ? { ContentHandling: r.contentHandling } : {}),
  }));
}

function corsMethod(api: ApiCtx, path: string, methods: IntegrationDesign[]): Json {
  const d = methods[0]!;
  const allow = corsHeaders(d, methods.map((m) => m.method.httpMethod));
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: ref(api.apiId),
      ResourceId: resourceRef(api, path),
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK',
        RequestTemplates: { 'application/json': '{"statusCode": 200}' },
        IntegrationResponses: [{ StatusCode: '200', ResponseParameters: Object.fromEntries(Object.entries(allow).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`])) }],
      },
      MethodResponses: [{ StatusCode: '200', ResponseParameters: Object.fromEntries(Object.keys(allow).map((k) => [`method.response.header.${k}`, true])) }],
    },
  };
}

function apiResources(group: ApiGroup, resources: Json, outputs: Json): void {
  const apiId = group.logicalId;
  const first = group.designs[0]!;
  const api: ApiCtx = {
    apiId,
    prefix: group.shared ? apiId : '',
    // An existing API's root resource id is a stack parameter; a created one's is its RootResourceId attribute.
    root: first.restApi.mode === 'existing' ? ref(`${apiId}RootResourceId`) : getAtt(apiId, 'RootResourceId'),
  };
  if (first.restApi.mode === 'create') {
    resources[apiId] = {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: first.restApi.name,
        ...(first.restApi.description ? { Description: first.restApi.description } : {}),
        EndpointConfiguration: { Types: [first.restApi.endpointType] },
      },
    };
  }
  const paths = new Set(group.designs.flatMap((d) => resourcePathChain(d.resourcePath)));
  for (const path of [...paths].sort()) {
    const parent = path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/'));
    resources[resourceId(api, path)] = {
      Type: 'AWS::ApiGateway::Resource',
      Properties: { RestApiId: ref(apiId), ParentId: resourceRef(api, parent), PathPart: path.slice(path.lastIndexOf('/') + 1) },
    };
  }
  const validatorId = `${apiId}Validator`;
  if (group.designs.some((d) => Object.values(d.method.requestParameters).some(Boolean))) {
    resources[validatorId] = {
      Type: 'AWS::ApiGateway::RequestValidator',
      Properties: { RestApiId: ref(apiId), Name: REQUEST_VALIDATOR_NAME, ValidateRequestParameters: true, ValidateRequestBody: false },
    };
  }
  const methodIds: string[] = [];
  for (const d of group.designs) {
    const id = `${api.prefix}${methodId(d)}`;
    methodIds.push(id);
    const target = integrationTarget(d);
    const needsValidator = Object.values(d.method.requestParameters).some(Boolean);
    resources[id] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: ref(apiId),
        ResourceId: resourceRef(api, d.resourcePath),
        HttpMethod: d.method.httpMethod,
        AuthorizationType: d.method.authorizationType,
        ApiKeyRequired: d.method.apiKeyRequired,
        RequestParameters: d.method.requestParameters,
        ...(needsValidator ? { RequestValidatorId: ref(validatorId) } : {}),
        Integration: {
          Type: 'AWS',
          IntegrationHttpMethod: d.integration.integrationHttpMethod,
          Uri: target.uri,
          Credentials: target.credentials,
          RequestParameters: d.integration.requestParameters,
          RequestTemplates: d.integration.requestTemplates,
          PassthroughBehavior: d.integration.passthroughBehavior,
          TimeoutInMillis: d.integration.timeoutInMillis,
          ...(d.integration.contentHandling ? { ContentHandling: d.integration.contentHandling } : {}),
          IntegrationResponses: integrationResponses(d),
        },
        MethodResponses: d.methodResponses.map((r) => ({ StatusCode: r.statusCode, ResponseParameters: r.responseParameters, ResponseModels: r.responseModels })),
      },
    };
  }
  const byPath = new Map<string, IntegrationDesign[]>();
  for (const d of group.designs.filter((x) => x.cors.enabled)) byPath.set(d.resourcePath, [...(byPath.get(d.resourcePath) ?? []), d]);
  for (const [path, designs] of byPath) {
    const id = `${api.prefix}${logicalId('Cors', path)}`;
    methodIds.push(id);
    resources[id] = corsMethod(api, path, designs);
  }
  // CloudFormation only deploys a Deployment when it is created: a logical id that changes with the methods makes
  // every edit of the design a new deployment.
  const deploymentId = `${apiId}Deployment${shortHash(JSON.stringify(methodIds.map((m) => resources[m])))}`;
  resources[deploymentId] = { Type: 'AWS::ApiGateway::Deployment', DependsOn: methodIds, Properties: { RestApiId: ref(apiId), Description: 'Deployed from a Sluice export' } };
  const stageId = `${apiId}Stage`;
  resources[stageId] = {
    Type: 'AWS::ApiGateway::Stage',
    Properties: { RestApiId: ref(apiId), DeploymentId: ref(deploymentId), StageName: first.stageName, ...(Object.keys(first.stageVariables).length > 0 ? { Variables: first.stageVariables } : {}) },
  };
  if (group.designs.some((d) => d.method.apiKeyRequired)) {
    resources[`${apiId}ApiKey`] = { Type: 'AWS::ApiGateway::ApiKey', DependsOn: [stageId], Properties: { Enabled: true, Name: `${first.restApi.mode === 'create' ? first.restApi.name : apiId}-key` } };
    resources[`${apiId}UsagePlan`] = { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: ref(apiId), Stage: ref(stageId) }] } };
    resources[`${apiId}UsagePlanKey`] = { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: ref(`${apiId}ApiKey`), KeyType: 'API_KEY', UsagePlanId: ref(`${apiId}UsagePlan`) } };
  }
  for (const d of group.designs) {
    outputs[`${methodIds[group.designs.indexOf(d)]}InvokeUrl`] = {
      Description: `${d.method.httpMethod} this URL to send to ${d.queue.name}`,
      Value: sub(`https://\${${apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${${stageId}}${d.resourcePath === '/' ? '/' : d.resourcePath}`),
    };
  }
}

/**
 * The CloudFormation template of one or more designs: queue, role, REST API (shared by designs that name the same
 * API), resources, methods with their integrations exactly as designed, CORS, validator, API key and usage plan,
 * deployment and stage, and the invoke and queue URLs as Outputs. Intrinsics use long form (`Fn::GetAtt`), valid
 * in YAML and JSON alike.
 */
export function cloudFormationTemplate(designs: IntegrationDesign[]): Json {
  const resources: Json = {};
  const outputs: Json = {};
  for (const d of designs) {
    if (d.queue.mode === 'create') {
      const id = queueLogicalId(d);
      resources[id] = queueResource(d);
      outputs[`${id}Url`] = { Description: `URL of SQS queue ${d.queue.name}`, Value: ref(id) };
    }
    if (d.executionRole.mode === 'create') resources[roleLogicalId(d)] = roleResource(d);
  }
  const parameters: Json = {};
  for (const group of apiGroups(designs)) {
    apiResources(group, resources, outputs);
    if (group.designs[0]!.restApi.mode === 'existing') {
      // An existing API's id and root resource id are the stack's inputs.
      parameters[group.logicalId] = { Type: 'String', Default: group.apiId ?? '', Description: 'ID of the existing REST API' };
      parameters[`${group.logicalId}RootResourceId`] = { Type: 'String', Description: 'Root resource ID of the existing REST API (aws apigateway get-resources)' };
    }
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `API Gateway → SQS integration${designs.length === 1 ? ` "${designs[0]!.name}"` : 's'} exported from Sluice`,
    ...(Object.keys(parameters).length > 0 ? { Parameters: parameters } : {}),
    Resources: resources,
    Outputs: outputs,
  };
}
