import type { DesignPath } from '@/lib/doctor';
import { importTemplate, queueFromResource } from './cloudformation';
import { IntrinsicResolver, type TemplateResource } from './intrinsics';
import { methodToDesign, type RawMethod } from './method';
import { isRecord, type JsonValue, type SourcePath } from './source';
import type { ImportSink, MethodImport } from './types';

type Doc = { [key: string]: JsonValue };

/** The serverless-apigateway-service-proxy plugin's default CORS headers (its README, "CORS"). */
const PLUGIN_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'];

function text(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/**
 * A serverless.yml: its `resources:` (plain CloudFormation, like the course example in lib/iac/fixtures/
 * serverless-sqs-direct.ts) and the serverless-apigateway-service-proxy plugin's `custom.apiGatewayServiceProxies: - sqs:` entries,
 * expanded the way the plugin's lib/package/sqs/compileMethodsToSqs.js compiles them. Lambda functions and the
 * provider's Lambda role are listed as unsupported: a design sends to SQS without Lambda.
 */
export function importServerless(doc: Doc, opts: { region: string; accountId: string }, sink: ImportSink): MethodImport[] {
  const provider = isRecord(doc.provider) ? doc.provider : {};
  const service = text(isRecord(doc.service) ? doc.service.name : doc.service, 'service');
  const region = text(provider.region, opts.region);
  const stage = text(provider.stage, 'dev');
  const ctx = { region, accountId: opts.accountId };
  const functions = isRecord(doc.functions) ? doc.functions : {};
  for (const name of Object.keys(functions)) {
    sink.unsupported(['functions', name], `Lambda function ${name} is not part of a design: API Gateway sends to SQS directly, without Lambda.`);
  }
  if (isRecord(provider.iam) && provider.iam.role !== undefined) {
    sink.unsupported(['provider', 'iam', 'role'], "provider.iam.role is the Lambda functions' role; API Gateway uses the integration's Credentials role, so this policy does not let it send.");
  }
  if (provider.iamRoleStatements !== undefined) {
    sink.unsupported(['provider', 'iamRoleStatements'], "provider.iamRoleStatements applies to the Lambda functions' role, not to API Gateway's execution role.");
  }
  const resources = isRecord(doc.resources) ? doc.resources : {};
  // The Serverless Framework names the REST API it creates `${stage}-${service}` (its docs, "API Gateway").
  const implicitApi = { logicalId: 'ApiGatewayRestApi', name: text(provider.apiName, `${stage}-${service}`) };
  const out = importTemplate(resources, { ...ctx, base: ['resources'], defaultStage: stage, implicitApi }, sink);

  const custom = isRecord(doc.custom) ? doc.custom : {};
  const proxies = Array.isArray(custom.apiGatewayServiceProxies) ? custom.apiGatewayServiceProxies : [];
  const templateResources = (isRecord(resources.Resources) ? resources.Resources : {}) as Record<string, TemplateResource>;
  proxies.forEach((entry, idx) => {
    const entryPath = ['custom', 'apiGatewayServiceProxies', idx];
    if (!isRecord(entry)) return;
    const kind = Object.keys(entry)[0];
    const http = kind !== undefined ? entry[kind] : undefined;
    if (kind !== 'sqs' || !isRecord(http)) {
      sink.unsupported(entryPath, `The ${kind ?? 'empty'} service proxy is not an SQS integration; only sqs entries become designs.`);
      return;
    }
    out.push(pluginMethod(http, [...entryPath, 'sqs'], { ...ctx, stage, apiName: implicitApi.name, resources: templateResources }, sink));
  });
  return out;
}

function pluginMethod(
  http: Doc,
  path: SourcePath,
  ctx: { region: string; accountId: string; stage: string; apiName: string; resources: Record<string, TemplateResource> },
  sink: ImportSink,
): MethodImport {
  const r = new IntrinsicResolver({ resources: ctx.resources, parameters: {}, region: ctx.region, accountId: ctx.accountId });
  const queueName = r.string(http.queueName ?? '');
  const queueId = IntrinsicResolver.target(http.queueName);
  const request = isRecord(http.request) ? http.request : {};
  const customTemplates = isRecord(request.template) ? r.stringMap(request.template) : {};
  const custom = r.stringMap(http.requestParameters);
  const hasTemplate = Object.keys(customTemplates).length > 0;
  const requestParameters = hasTemplate
    ? {
        'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
        ...Object.fromEntries(Object.entries(custom).filter(([k]) => !k.trim().startsWith('integration.request.querystring.'))),
      }
    : { 'integration.request.querystring.Action': "'SendMessage'", 'integration.request.querystring.MessageBody': 'method.request.body', ...custom };
  const requestTemplates = hasTemplate ? { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)', ...customTemplates } : { 'application/json': '{statusCode:200}' };
  const response = http.response;
  const templates = isRecord(response) && isRecord(response.template) ? r.stringMap(response.template) : {};
  const responseList: { statusCode: string; selectionPattern: string; responseTemplates: Record<string, string>; responseParameters: Record<string, string> }[] = Array.isArray(response)
    ? response.filter(isRecord).map((i) => ({
        statusCode: r.string(i.statusCode ?? '200'),
        selectionPattern: r.string(i.selectionPattern ?? i.statusCode ?? '200'),
        responseTemplates: r.stringMap(i.responseTemplates),
        responseParameters: r.stringMap(i.responseParameters),
      }))
    : (
        [
          ['200', 'success'],
          ['400', 'clientError'],
          ['500', 'serverError'],
        ] as const
      ).map(([status, key]) => ({ statusCode: status, selectionPattern: status, responseTemplates: templates[key] !== undefined ? { 'application/json': templates[key] } : ({} as Record<string, string>), responseParameters: {} }));
  const corsValue = http.cors;
  const cors =
    corsValue === true
      ? { enabled: true, allowOrigin: '*', allowHeaders: PLUGIN_CORS_HEADERS }
      : isRecord(corsValue)
        ? { enabled: true, allowOrigin: text(corsValue.origin, '*'), allowHeaders: Array.isArray(corsValue.headers) ? corsValue.headers.map((h) => r.string(h)) : PLUGIN_CORS_HEADERS }
        : undefined;
  const raw: RawMethod = {
    httpMethod: text(http.method, 'post').toUpperCase(),
    authorizationType: isRecord(http.authorizationType) ? 'NONE' : text(http.authorizationType, 'NONE'),
    apiKeyRequired: http.private === true,
    requestParameters: r.booleanMap(http.acceptParameters),
    methodIntegration: {
      type: 'AWS',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:${ctx.region}:sqs:path//${ctx.accountId}/${queueName}`,
      credentials: http.roleArn !== undefined ? r.string(http.roleArn) : '',
      requestParameters,
      requestTemplates,
      ...(hasTemplate ? { passthroughBehavior: 'NEVER' } : {}),
      integrationResponses: Object.fromEntries(responseList.map((x, i) => [String(i), x])),
    },
    methodResponses: Object.fromEntries(responseList.map((x) => [x.statusCode, { statusCode: x.statusCode, responseParameters: {}, responseModels: {} }])),
  };
  const resourcePath = `/${text(http.path, '').replace(/^\/+/, '')}`;
  const queueResource = queueId && r.resource(queueId)?.Type === 'AWS::SQS::Queue' ? queueId : undefined;
  const design = methodToDesign(raw, {
    restApi: { mode: 'create', name: ctx.apiName, endpointType: 'EDGE' },
    resourcePath,
    region: ctx.region,
    accountId: ctx.accountId,
    stageName: ctx.stage,
    ...(cors ? { cors } : {}),
    ...(queueResource ? { queue: queueFromResource(r, queueResource, sink, ['resources', 'Resources', queueResource]) } : {}),
  });
  // The plugin creates the role ApigatewayToSqsRole with sqs:SendMessage on the queue: the least privilege Sluice derives.
  if (http.roleArn === undefined) design.executionRole = { mode: 'create', roleName: 'ApigatewayToSqsRole' };
  const origins: [DesignPath, SourcePath][] = [
    ...Object.keys(custom).map((k): [DesignPath, SourcePath] => [['integration', 'requestParameters', k], [...path, 'requestParameters', k]]),
    ...Object.keys(customTemplates).map((k): [DesignPath, SourcePath] => [['integration', 'requestTemplates', k], [...path, 'request', 'template', k]]),
    [['method', 'httpMethod'], [...path, 'method']],
    [['resourcePath'], [...path, 'path']],
    [['queue'], [...path, 'queueName']],
    [['integration', 'pathOverride'], [...path, 'queueName']],
    [['integrationResponses'], [...path, 'response']],
    [['executionRole'], [...path, 'roleArn']],
    [['cors'], [...path, 'cors']],
  ];
  return { design, source: path, origins };
}
