import {
  leastPrivilegePolicy,
  type ExecutionRoleDesign,
  type IntegrationDesign,
  type QueueDesign,
  type QueueEncryption,
} from '@/lib/design';
import type { DesignPath } from '@/lib/doctor';
import { IntrinsicResolver, type TemplateResource } from './intrinsics';
import { isSqsIntegration, methodToDesign, type RawMethod } from './method';
import { importOpenApiDocument } from './openapi';
import { isRecord, type JsonValue, type SourcePath } from './source';
import type { ImportSink, MethodImport } from './types';

export type TemplateImportContext = {
  region: string;
  accountId: string;
  /** Where the template sits in the file (serverless.yml keeps it under `resources`). */
  base: SourcePath;
  /** Stage when the template declares none (serverless.yml's provider.stage). */
  defaultStage: string;
  /** A RestApi the template references but does not define (serverless.yml's ApiGatewayRestApi). */
  implicitApi?: { logicalId: string; name: string };
  /** Resource types handled outside this importer (serverless.yml), not reported as unsupported. */
  handledTypes?: Set<string>;
};

/** Resource types a design describes (or that only support those resources) and that are therefore not "unsupported". */
const DESIGN_TYPES = new Set([
  'AWS::SQS::Queue',
  'AWS::IAM::Role',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::UsagePlanKey',
  'AWS::Serverless::Api',
  // The CDK's own bookkeeping in every synthesized template, not infrastructure.
  'AWS::CDK::Metadata',
]);

const QUEUE_PROPERTIES = new Set([
  'QueueName',
  'FifoQueue',
  'ContentBasedDeduplication',
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'MaximumMessageSize',
  'DelaySeconds',
]);

/** API Gateway's default endpoint type is EDGE (CreateRestApi, "endpointConfiguration"). */
function endpointTypeOf(r: IntrinsicResolver, value: JsonValue | undefined): 'REGIONAL' | 'EDGE' | 'PRIVATE' {
  const t = value === undefined ? 'EDGE' : r.string(value).toUpperCase();
  return t === 'REGIONAL' || t === 'PRIVATE' ? t : 'EDGE';
}

function records(value: JsonValue | undefined): { [key: string]: JsonValue }[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function queueFromResource(r: IntrinsicResolver, logicalId: string, sink: ImportSink, path: SourcePath): QueueDesign {
  const props = r.resource(logicalId)?.Properties ?? {};
  for (const key of Object.keys(props)) {
    if (!QUEUE_PROPERTIES.has(key)) sink.unsupported([...path, 'Properties', key], `Queue property ${key} is not part of a design; it is left out.`);
  }
  const kms = props.KmsMasterKeyId !== undefined ? r.string(props.KmsMasterKeyId) : undefined;
  const reuse = r.number(props.KmsDataKeyReusePeriodSeconds);
  const encryption: QueueEncryption = kms
    ? { type: 'kms', kmsKeyId: kms, ...(reuse !== undefined ? { kmsDataKeyReusePeriodSeconds: reuse } : {}) }
    : r.boolean(props.SqsManagedSseEnabled) === false
      ? { type: 'none' }
      : { type: 'sqs-managed' };
  const name = r.queueName(logicalId);
  const optional = (key: string, field: keyof QueueDesign) => {
    const n = r.number(props[key]);
    return n !== undefined ? { [field]: n } : {};
  };
  return {
    mode: 'create',
    name,
    fifo: name.endsWith('.fifo'),
    contentBasedDeduplication: r.boolean(props.ContentBasedDeduplication) === true,
    encryption,
    ...optional('VisibilityTimeout', 'visibilityTimeout'),
    ...optional('MessageRetentionPeriod', 'messageRetentionPeriod'),
    ...optional('MaximumMessageSize', 'maximumMessageSize'),
    ...optional('DelaySeconds', 'delaySeconds'),
  };
}

/**
 * The role a template defines, as a design role. Its inline policies become the design's policy document unless they
 * are exactly the least-privilege policy Sluice derives (then the design keeps deriving it, as a new design does).
 */
export function roleFromResource(r: IntrinsicResolver, logicalId: string, queueForPolicy: Pick<IntegrationDesign, 'region' | 'accountId' | 'queue'>, sink: ImportSink, path: SourcePath): ExecutionRoleDesign {
  const props = r.resource(logicalId)?.Properties ?? {};
  const statements = records(props.Policies).flatMap((p) => {
    const doc = r.resolve(p.PolicyDocument ?? null);
    return isRecord(doc) ? (Array.isArray(doc.Statement) ? doc.Statement : isRecord(doc.Statement) ? [doc.Statement] : []) : [];
  });
  if (props.ManagedPolicyArns !== undefined) sink.unsupported([...path, 'Properties', 'ManagedPolicyArns'], 'Managed policies cannot be checked by the doctor; only the inline policies are part of the design.');
  const roleName = r.roleName(logicalId).slice(0, 64);
  const document = { Version: '2012-10-17', Statement: statements };
  const derived = leastPrivilegePolicy(queueForPolicy);
  const same = JSON.stringify(document) === JSON.stringify(derived);
  return { mode: 'create', roleName, ...(same ? {} : { policyDocument: JSON.stringify(document, null, 2) }) };
}

function resourcePath(r: IntrinsicResolver, resourceId: JsonValue | undefined, seen = new Set<string>()): string | undefined {
  if (isRecord(resourceId) && resourceId['Fn::GetAtt'] !== undefined) return '/';
  const id = IntrinsicResolver.target(resourceId);
  if (!id || seen.has(id)) return undefined;
  seen.add(id);
  const res = r.resource(id);
  // A root resource id passed in from outside (a parameter, as Sluice exports an existing API) is the root.
  if (!res) return '/';
  if (res.Type !== 'AWS::ApiGateway::Resource') return undefined;
  const part = r.string(res.Properties?.PathPart ?? '');
  const parent = resourcePath(r, res.Properties?.ParentId, seen);
  if (parent === undefined) return undefined;
  return parent === '/' ? `/${part}` : `${parent}/${part}`;
}

function integrationOf(r: IntrinsicResolver, i: { [key: string]: JsonValue }): RawMethod['methodIntegration'] {
  const responses = records(i.IntegrationResponses);
  return {
    type: r.string(i.Type ?? ''),
    httpMethod: r.string(i.IntegrationHttpMethod ?? ''),
    uri: r.string(i.Uri ?? ''),
    credentials: r.string(i.Credentials ?? ''),
    requestParameters: r.stringMap(i.RequestParameters),
    requestTemplates: r.stringMap(i.RequestTemplates),
    ...(i.PassthroughBehavior !== undefined ? { passthroughBehavior: r.string(i.PassthroughBehavior) } : {}),
    ...(r.number(i.TimeoutInMillis) !== undefined ? { timeoutInMillis: r.number(i.TimeoutInMillis) } : {}),
    ...(i.ContentHandling !== undefined ? { contentHandling: r.string(i.ContentHandling) } : {}),
    integrationResponses: Object.fromEntries(
      responses.map((resp, idx) => [
        String(idx),
        {
          statusCode: r.string(resp.StatusCode ?? '200'),
          ...(resp.SelectionPattern !== undefined && r.string(resp.SelectionPattern) !== '' ? { selectionPattern: r.string(resp.SelectionPattern) } : {}),
          responseTemplates: r.stringMap(resp.ResponseTemplates),
          responseParameters: r.stringMap(resp.ResponseParameters),
          ...(resp.ContentHandling !== undefined ? { contentHandling: r.string(resp.ContentHandling) } : {}),
        },
      ]),
    ),
  };
}

function unquote(value: string): string {
  return value.replace(/^'|'$/g, '');
}

/** CORS as Sluice exports it: an OPTIONS method with a MOCK integration on the same resource. */
function corsOf(r: IntrinsicResolver, resources: Record<string, TemplateResource>, restApiId: string | undefined, resourceKey: string): IntegrationDesign['cors'] | undefined {
  for (const res of Object.values(resources)) {
    const p = res.Properties;
    if (res.Type !== 'AWS::ApiGateway::Method' || !p || r.string(p.HttpMethod ?? '').toUpperCase() !== 'OPTIONS') continue;
    if (IntrinsicResolver.target(p.RestApiId) !== restApiId || JSON.stringify(p.ResourceId ?? null) !== resourceKey) continue;
    const integration = isRecord(p.Integration) ? p.Integration : {};
    if (r.string(integration.Type ?? '').toUpperCase() !== 'MOCK') continue;
    const params = records(integration.IntegrationResponses).map((resp) => r.stringMap(resp.ResponseParameters))[0] ?? {};
    const origin = params['method.response.header.Access-Control-Allow-Origin'];
    const headers = params['method.response.header.Access-Control-Allow-Headers'];
    return {
      enabled: true,
      allowOrigin: origin ? unquote(origin) : '*',
      allowHeaders: headers ? unquote(headers).split(',').map((h) => h.trim()).filter(Boolean) : [],
    };
  }
  return undefined;
}

function isCorsMethod(r: IntrinsicResolver, p: { [key: string]: JsonValue }): boolean {
  return r.string(p.HttpMethod ?? '').toUpperCase() === 'OPTIONS' && isRecord(p.Integration) && r.string(p.Integration.Type ?? '').toUpperCase() === 'MOCK';
}

function stageOf(r: IntrinsicResolver, resources: Record<string, TemplateResource>, restApiId: string | undefined): { stageName?: string; stageVariables?: Record<string, string> } {
  for (const res of Object.values(resources)) {
    if (res.Type === 'AWS::ApiGateway::Stage' && IntrinsicResolver.target(res.Properties?.RestApiId) === restApiId && res.Properties?.StageName !== undefined) {
      return { stageName: r.string(res.Properties.StageName), stageVariables: r.stringMap(res.Properties.Variables) };
    }
  }
  for (const res of Object.values(resources)) {
    if (res.Type === 'AWS::ApiGateway::Deployment' && IntrinsicResolver.target(res.Properties?.RestApiId) === restApiId && res.Properties?.StageName !== undefined) {
      return { stageName: r.string(res.Properties.StageName) };
    }
  }
  return {};
}

/**
 * The queue a role may send to, for a JSON-protocol method whose integration names no queue (each request body
 * carries its QueueUrl): the one queue its inline policies reference.
 */
export function queueOfRole(r: IntrinsicResolver, roleId: string): string | undefined {
  r.resolve(r.resource(roleId)?.Properties?.Policies ?? null);
  return referencedOfType(r, r.referenced, 'AWS::SQS::Queue');
}

/** Which resource a method's integration sends to: the one queue it references. */
function referencedOfType(r: IntrinsicResolver, ids: Iterable<string>, type: string): string | undefined {
  const matches = [...ids].filter((id) => r.resource(id)?.Type === type);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Every SQS-integrated AWS::ApiGateway::Method of a template (and every method of an AWS::Serverless::Api's inline
 * OpenAPI DefinitionBody), one design each. Other resources are reported as unsupported, with their lines.
 */
export function importTemplate(template: { [key: string]: JsonValue }, ctx: TemplateImportContext, sink: ImportSink): MethodImport[] {
  const resourcesValue = template.Resources;
  const resources: Record<string, TemplateResource> = isRecord(resourcesValue) ? (resourcesValue as Record<string, TemplateResource>) : {};
  const parameters = isRecord(template.Parameters) ? template.Parameters : {};
  const base = [...ctx.base, 'Resources'];
  const out: MethodImport[] = [];
  const resolverFor = () => new IntrinsicResolver({ resources, parameters, region: ctx.region, accountId: ctx.accountId });

  for (const [logicalId, res] of Object.entries(resources)) {
    const path = [...base, logicalId];
    const type = typeof res.Type === 'string' ? res.Type : '';
    if (!DESIGN_TYPES.has(type) && !ctx.handledTypes?.has(type)) {
      sink.unsupported(path, `${logicalId} (${type || 'no Type'}) is not part of an API Gateway → SQS design; it is not imported.`);
      continue;
    }
    const props = res.Properties ?? {};
    if (type === 'AWS::Serverless::Api') {
      const r = resolverFor();
      const body = props.DefinitionBody;
      if (!isRecord(body)) {
        sink.unsupported([...path, 'Properties'], `${logicalId} has no inline DefinitionBody (an external DefinitionUri cannot be read here); import that OpenAPI file instead.`);
        continue;
      }
      out.push(
        ...importOpenApiDocument(body, {
          base: [...path, 'Properties', 'DefinitionBody'],
          region: ctx.region,
          accountId: ctx.accountId,
          stageName: props.StageName !== undefined ? r.string(props.StageName) : ctx.defaultStage,
          stageVariables: r.stringMap(props.Variables),
          apiName: props.Name !== undefined ? r.string(props.Name) : logicalId,
          endpointType: endpointTypeOf(r, isRecord(props.EndpointConfiguration) ? props.EndpointConfiguration.Type : props.EndpointConfiguration),
          resolverFor,
        }, sink),
      );
      continue;
    }
    if (type !== 'AWS::ApiGateway::Method') continue;
    const r = resolverFor();
    if (isCorsMethod(r, props)) continue;
    const integrationValue = isRecord(props.Integration) ? props.Integration : {};
    const raw: RawMethod = {
      httpMethod: r.string(props.HttpMethod ?? 'POST').toUpperCase(),
      authorizationType: r.string(props.AuthorizationType ?? 'NONE'),
      apiKeyRequired: r.boolean(props.ApiKeyRequired) === true,
      requestParameters: r.booleanMap(props.RequestParameters),
      methodIntegration: integrationOf(r, integrationValue),
      methodResponses: Object.fromEntries(
        records(props.MethodResponses).map((m, idx) => [
          String(idx),
          { statusCode: r.string(m.StatusCode ?? '200'), responseParameters: r.booleanMap(m.ResponseParameters), responseModels: r.stringMap(m.ResponseModels) },
        ]),
      ),
    };
    if (!isSqsIntegration(raw)) {
      sink.unsupported(path, `${logicalId} is not an SQS integration (integration type ${raw.methodIntegration?.type || 'missing'}, URI ${raw.methodIntegration?.uri || 'missing'}); only API Gateway → SQS methods become designs.`);
      continue;
    }
    if (!['NONE', 'AWS_IAM'].includes(raw.authorizationType ?? '')) {
      sink.unsupported([...path, 'Properties', 'AuthorizationType'], `Authorization type ${raw.authorizationType} is not part of a design (NONE or AWS_IAM); the design uses NONE.`);
    }
    const queueRefs = new Set(r.referenced);
    const apiId = IntrinsicResolver.target(props.RestApiId);
    const apiRes = apiId ? r.resource(apiId) : undefined;
    let restApi: IntegrationDesign['restApi'];
    if (apiRes?.Type === 'AWS::ApiGateway::RestApi') {
      const ap = apiRes.Properties ?? {};
      const endpoint = endpointTypeOf(r, isRecord(ap.EndpointConfiguration) && Array.isArray(ap.EndpointConfiguration.Types) ? ap.EndpointConfiguration.Types[0] : undefined);
      restApi = {
        mode: 'create',
        name: ap.Name !== undefined ? r.string(ap.Name) : apiId!,
        ...(ap.Description !== undefined ? { description: r.string(ap.Description) } : {}),
        endpointType: endpoint,
      };
    } else if (apiId && ctx.implicitApi && apiId === ctx.implicitApi.logicalId) {
      restApi = { mode: 'create', name: ctx.implicitApi.name, endpointType: 'EDGE' };
    } else {
      const literal = r.string(props.RestApiId ?? '');
      restApi = { mode: 'existing', id: literal };
    }
    const path0 = resourcePath(r, props.ResourceId);
    if (path0 === undefined) sink.unsupported([...path, 'Properties', 'ResourceId'], `The resource path of ${logicalId} cannot be worked out from the template; the design uses /.`);
    const roleId = referencedOfType(r, queueRefs, 'AWS::IAM::Role');
    const queueId = referencedOfType(r, queueRefs, 'AWS::SQS::Queue') ?? (roleId ? queueOfRole(resolverFor(), roleId) : undefined);
    const stage = stageOf(r, resources, apiId);
    const placeholder = { region: ctx.region, accountId: ctx.accountId };
    const queue = queueId ? queueFromResource(r, queueId, sink, [...base, queueId]) : undefined;
    const design = methodToDesign(raw, {
      restApi,
      resourcePath: path0 ?? '/',
      region: ctx.region,
      accountId: ctx.accountId,
      stageName: stage.stageName ?? ctx.defaultStage,
      ...(stage.stageVariables ? { stageVariables: stage.stageVariables } : {}),
      ...(queue ? { queue } : {}),
    });
    if (roleId) design.executionRole = roleFromResource(r, roleId, { ...placeholder, region: design.region, accountId: design.accountId, queue: design.queue }, sink, [...base, roleId]);
    const cors = corsOf(r, resources, apiId, JSON.stringify(props.ResourceId ?? null));
    if (cors) design.cors = cors;
    const ip = [...path, 'Properties', 'Integration'];
    const origins: [DesignPath, SourcePath][] = [
      [['method', 'httpMethod'], [...path, 'Properties', 'HttpMethod']],
      [['method', 'requestParameters'], [...path, 'Properties', 'RequestParameters']],
      [['method'], path],
      [['integration', 'integrationHttpMethod'], [...ip, 'IntegrationHttpMethod']],
      [['integration', 'actionType'], [...ip, 'Uri']],
      [['integration', 'pathOverride'], [...ip, 'Uri']],
      [['integration', 'action'], [...ip, 'Uri']],
      [['integration', 'timeoutInMillis'], [...ip, 'TimeoutInMillis']],
      [['integration', 'passthroughBehavior'], [...ip, 'PassthroughBehavior']],
      [['integration', 'requestParameters'], [...ip, 'RequestParameters']],
      [['integration', 'requestTemplates'], [...ip, 'RequestTemplates']],
      [['integration'], ip],
      [['integrationResponses'], [...ip, 'IntegrationResponses']],
      [['methodResponses'], [...path, 'Properties', 'MethodResponses']],
      [['executionRole'], roleId ? [...base, roleId] : [...ip, 'Credentials']],
      [['queue'], queueId ? [...base, queueId] : [...ip, 'Uri']],
    ];
    for (const key of Object.keys(raw.methodIntegration?.requestParameters ?? {})) origins.unshift([['integration', 'requestParameters', key], [...ip, 'RequestParameters', key]]);
    for (const key of Object.keys(raw.methodIntegration?.requestTemplates ?? {})) origins.unshift([['integration', 'requestTemplates', key], [...ip, 'RequestTemplates', key]]);
    for (const key of Object.keys(raw.requestParameters ?? {})) origins.unshift([['method', 'requestParameters', key], [...path, 'Properties', 'RequestParameters', key]]);
    records(integrationValue.IntegrationResponses).forEach((_, idx) => origins.unshift([['integrationResponses', idx], [...ip, 'IntegrationResponses', idx]]));
    records(props.MethodResponses).forEach((_, idx) => origins.unshift([['methodResponses', idx], [...path, 'Properties', 'MethodResponses', idx]]));
    out.push({ design, source: path, origins });
  }
  return out;
}
