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
import { apiGroups, corsHeaders, slug } from './common';

/** An HCL expression written as is (a reference such as `aws_sqs_queue.orders.arn`). */
type Expr = { expr: string };
type Hcl = string | number | boolean | Expr | Hcl[] | { [key: string]: Hcl };

const expr = (text: string): Expr => ({ expr: text });

function isExpr(v: Hcl): v is Expr {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Expr).expr === 'string' && Object.keys(v).length === 1;
}

/** A quoted HCL string: `${` and `%{` would start interpolation and directives, so they are doubled (HCL native syntax spec, "Template Literals"). */
export function hclString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/([$%])\{/g, (_m, c: string) => `${c}${c}{`)}"`;
}

function value(v: Hcl, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isExpr(v)) return v.expr;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => value(x, indent)).join(', ')}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, x]) => `${inner}${hclString(k)} = ${value(x, inner)}`).join('\n')}\n${indent}}`;
}

/** A JSON value as HCL (jsonencode arguments); strings equal to `replace`'s keys become references. */
function fromJson(v: JsonValue, replace: Record<string, Expr>): Hcl {
  if (typeof v === 'string') return replace[v] ?? v;
  if (v === null) return expr('null');
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => fromJson(x, replace));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x, replace)]));
}

type Attr = [string, Hcl] | [string, Hcl, 'block'];

function block(type: string, labels: string[], attrs: Attr[], indent = ''): string {
  const inner = `${indent}  `;
  const body = attrs
    .map((a) => (a[2] === 'block' ? `${inner}${a[0]} {\n${Object.entries(a[1] as Record<string, Hcl>).map(([k, x]) => `${inner}  ${k} = ${value(x, `${inner}  `)}`).join('\n')}\n${inner}}` : `${inner}${a[0]} = ${value(a[1], inner)}`))
    .join('\n');
  return `${indent}${type} ${labels.map((l) => `"${l}"`).join(' ')} {\n${body}\n${indent}}\n`;
}

function label(text: string): string {
  const s = slug(text).replace(/-/g, '_');
  return /^[a-z_]/.test(s) ? s : `_${s}`;
}

function integrationUriExpr(d: IntegrationDesign, queue: string | undefined): Hcl {
  const service = d.integration.subdomain ? `${d.integration.subdomain}.sqs` : 'sqs';
  if (d.integration.actionType === 'action') return `arn:aws:apigateway:${d.region}:${service}:action/${d.integration.action}`;
  if (queue && d.integration.pathOverride === `${d.accountId}/${d.queue.name}`) {
    return expr(`"arn:aws:apigateway:\${data.aws_region.current.name}:${service}:path/\${data.aws_caller_identity.current.account_id}/\${aws_sqs_queue.${queue}.name}"`);
  }
  return hclRaw(`arn:aws:apigateway:${d.region}:${service}:path/${d.integration.pathOverride}`);
}

function hclRaw(s: string): Expr {
  return expr(hclString(s));
}

/**
 * Terraform (AWS provider 5+) for one or more designs: aws_sqs_queue, aws_iam_role + aws_iam_role_policy,
 * aws_api_gateway_rest_api/resource/method/integration/method_response/integration_response, a request validator,
 * CORS, API key + usage plan, and a deployment whose `triggers` hash the methods so that every edit redeploys.
 */
export function terraformConfig(designs: IntegrationDesign[]): string {
  const out: string[] = [];
  out.push(`terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\n`);
  out.push(block('provider', ['aws'], [['region', designs[0]!.region]]));
  out.push(`data "aws_caller_identity" "current" {}\n\ndata "aws_region" "current" {}\n`);
  const queues = new Map<string, string>();
  const roles = new Map<string, string>();
  for (const d of designs) {
    if (d.queue.mode === 'create' && !queues.has(d.queue.name)) {
      const q = label(d.queue.name.replace(/\.fifo$/, '_fifo'));
      queues.set(d.queue.name, q);
      const attrs: Attr[] = [['name', d.queue.name]];
      if (d.queue.fifo) attrs.push(['fifo_queue', true], ['content_based_deduplication', d.queue.contentBasedDeduplication]);
      if (d.queue.encryption.type === 'kms') {
        attrs.push(['kms_master_key_id', d.queue.encryption.kmsKeyId]);
        if (d.queue.encryption.kmsDataKeyReusePeriodSeconds !== undefined) attrs.push(['kms_data_key_reuse_period_seconds', d.queue.encryption.kmsDataKeyReusePeriodSeconds]);
      } else attrs.push(['sqs_managed_sse_enabled', d.queue.encryption.type === 'sqs-managed']);
      if (d.queue.visibilityTimeout !== undefined) attrs.push(['visibility_timeout_seconds', d.queue.visibilityTimeout]);
      if (d.queue.messageRetentionPeriod !== undefined) attrs.push(['message_retention_seconds', d.queue.messageRetentionPeriod]);
      if (d.queue.maximumMessageSize !== undefined) attrs.push(['max_message_size', d.queue.maximumMessageSize]);
      if (d.queue.delaySeconds !== undefined) attrs.push(['delay_seconds', d.queue.delaySeconds]);
      out.push(block('resource', ['aws_sqs_queue', q], attrs));
      out.push(block('output', [`${q}_url`], [['description', `URL of SQS queue ${d.queue.name}`], ['value', expr(`aws_sqs_queue.${q}.url`)]]));
    }
    if (d.executionRole.mode === 'create' && !roles.has(d.executionRole.roleName)) {
      const r = label(d.executionRole.roleName);
      roles.set(d.executionRole.roleName, r);
      const q = queues.get(d.queue.name);
      const policy = JSON.parse(executionRolePolicyDocument(d)) as JsonValue;
      out.push(block('resource', ['aws_iam_role', r], [['name', d.executionRole.roleName], ['assume_role_policy', expr(`jsonencode(${value(fromJson(apiGatewayTrustPolicy() as unknown as JsonValue, {}), '  ')})`)]]));
      out.push(
        block('resource', ['aws_iam_role_policy', r], [
          ['name', INLINE_POLICY_NAME],
          ['role', expr(`aws_iam_role.${r}.id`)],
          ['policy', expr(`jsonencode(${value(fromJson(policy, q ? { [queueArn(d)]: expr(`aws_sqs_queue.${q}.arn`) } : {}), '  ')})`)],
        ]),
      );
    }
  }
  for (const group of apiGroups(designs)) {
    const api = label(group.logicalId === 'Api' ? 'api' : group.logicalId);
    const first = group.designs[0]!;
    const apiIdExpr = first.restApi.mode === 'create' ? `aws_api_gateway_rest_api.${api}.id` : hclString(first.restApi.id);
    const rootExpr = first.restApi.mode === 'create' ? `aws_api_gateway_rest_api.${api}.root_resource_id` : `data.aws_api_gateway_resource.${api}_root.id`;
    if (first.restApi.mode === 'create') {
      out.push(
        block('resource', ['aws_api_gateway_rest_api', api], [
          ['name', first.restApi.name],
          ...(first.restApi.description ? ([['description', first.restApi.description]] as Attr[]) : []),
          ['endpoint_configuration', { types: [first.restApi.endpointType] }, 'block'],
        ]),
      );
    } else {
      out.push(block('data', ['aws_api_gateway_resource', `${api}_root`], [['rest_api_id', first.restApi.id], ['path', '/']]));
    }
    const resourceLabels = new Map<string, string>([['/', rootExpr]]);
    for (const path of [...new Set(group.designs.flatMap((d) => resourcePathChain(d.resourcePath)))].sort()) {
      const l = label(`${api}_${path}`);
      const parent = path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/'));
      out.push(block('resource', ['aws_api_gateway_resource', l], [['rest_api_id', expr(apiIdExpr)], ['parent_id', expr(resourceLabels.get(parent)!)], ['path_part', path.slice(path.lastIndexOf('/') + 1)]]));
      resourceLabels.set(path, `aws_api_gateway_resource.${l}.id`);
    }
    const needsValidator = group.designs.some((d) => Object.values(d.method.requestParameters).some(Boolean));
    if (needsValidator) {
      out.push(block('resource', ['aws_api_gateway_request_validator', api], [['rest_api_id', expr(apiIdExpr)], ['name', REQUEST_VALIDATOR_NAME], ['validate_request_parameters', true], ['validate_request_body', false]]));
    }
    const triggers: string[] = [];
    for (const d of group.designs) {
      const m = label(`${api}_${d.method.httpMethod}_${d.resourcePath}`);
      const common: Attr[] = [['rest_api_id', expr(apiIdExpr)], ['resource_id', expr(resourceLabels.get(d.resourcePath)!)], ['http_method', expr(`aws_api_gateway_method.${m}.http_method`)]];
      out.push(
        block('resource', ['aws_api_gateway_method', m], [
          ['rest_api_id', expr(apiIdExpr)],
          ['resource_id', expr(resourceLabels.get(d.resourcePath)!)],
          ['http_method', d.method.httpMethod],
          ['authorization', d.method.authorizationType],
          ['api_key_required', d.method.apiKeyRequired],
          ['request_parameters', d.method.requestParameters],
          ...(Object.values(d.method.requestParameters).some(Boolean) ? ([['request_validator_id', expr(`aws_api_gateway_request_validator.${api}.id`)]] as Attr[]) : []),
        ]),
      );
      const q = d.queue.mode === 'create' ? queues.get(d.queue.name) : undefined;
      const r = d.executionRole.mode === 'create' ? roles.get(d.executionRole.roleName) : undefined;
      out.push(
        block('resource', ['aws_api_gateway_integration', m], [
          ...common,
          ['type', 'AWS'],
          ['integration_http_method', d.integration.integrationHttpMethod],
          ['uri', integrationUriExpr(d, q)],
          ['credentials', r ? expr(`aws_iam_role.${r}.arn`) : roleArn(d)],
          ['request_parameters', d.integration.requestParameters],
          ['request_templates', d.integration.requestTemplates],
          ['passthrough_behavior', d.integration.passthroughBehavior],
          ['timeout_milliseconds', d.integration.timeoutInMillis],
          ...(d.integration.contentHandling ? ([['content_handling', d.integration.contentHandling]] as Attr[]) : []),
        ]),
      );
      triggers.push(`aws_api_gateway_method.${m}`, `aws_api_gateway_integration.${m}`);
      for (const resp of d.methodResponses) {
        out.push(block('resource', ['aws_api_gateway_method_response', `${m}_${resp.statusCode}`], [...common, ['status_code', resp.statusCode], ['response_parameters', resp.responseParameters], ['response_models', resp.responseModels]]));
      }
      for (const resp of d.integrationResponses) {
        const l = `${m}_${resp.statusCode}`;
        out.push(
          block('resource', ['aws_api_gateway_integration_response', l], [
            ...common,
            ['status_code', expr(`aws_api_gateway_method_response.${l}.status_code`)],
            ...(resp.selectionPattern ? ([['selection_pattern', resp.selectionPattern]] as Attr[]) : []),
            ['response_templates', resp.responseTemplates],
            ['response_parameters', resp.responseParameters],
            ...(resp.contentHandling ? ([['content_handling', resp.contentHandling]] as Attr[]) : []),
            ['depends_on', [expr(`aws_api_gateway_integration.${m}`)]],
          ]),
        );
        triggers.push(`aws_api_gateway_integration_response.${l}`);
      }
    }
    for (const path of new Set(group.designs.filter((d) => d.cors.enabled).map((d) => d.resourcePath))) {
      const d = group.designs.find((x) => x.resourcePath === path && x.cors.enabled)!;
      const allow = corsHeaders(d, group.designs.filter((x) => x.resourcePath === path).map((x) => x.method.httpMethod));
      const c = label(`${api}_cors_${path}`);
      const common: Attr[] = [['rest_api_id', expr(apiIdExpr)], ['resource_id', expr(resourceLabels.get(path)!)], ['http_method', expr(`aws_api_gateway_method.${c}.http_method`)]];
      out.push(block('resource', ['aws_api_gateway_method', c], [['rest_api_id', expr(apiIdExpr)], ['resource_id', expr(resourceLabels.get(path)!)], ['http_method', 'OPTIONS'], ['authorization', 'NONE']]));
      out.push(block('resource', ['aws_api_gateway_integration', c], [...common, ['type', 'MOCK'], ['request_templates', { 'application/json': '{"statusCode": 200}' }]]));
      out.push(block('resource', ['aws_api_gateway_method_response', c], [...common, ['status_code', '200'], ['response_parameters', Object.fromEntries(Object.keys(allow).map((k) => [`method.response.header.${k}`, true]))]]));
      out.push(
        block('resource', ['aws_api_gateway_integration_response', c], [
          ...common,
          ['status_code', expr(`aws_api_gateway_method_response.${c}.status_code`)],
          ['response_parameters', Object.fromEntries(Object.entries(allow).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`]))],
          ['depends_on', [expr(`aws_api_gateway_integration.${c}`)]],
        ]),
      );
      triggers.push(`aws_api_gateway_method.${c}`, `aws_api_gateway_integration.${c}`, `aws_api_gateway_integration_response.${c}`);
    }
    out.push(
      `resource "aws_api_gateway_deployment" "${api}" {\n  rest_api_id = ${apiIdExpr}\n\n  # A new deployment whenever a method, integration or response changes.\n  triggers = {\n    redeployment = sha1(jsonencode([${triggers.join(', ')}]))\n  }\n\n  lifecycle {\n    create_before_destroy = true\n  }\n\n  depends_on = [${triggers.join(', ')}]\n}\n`,
    );
    out.push(
      block('resource', ['aws_api_gateway_stage', api], [
        ['rest_api_id', expr(apiIdExpr)],
        ['deployment_id', expr(`aws_api_gateway_deployment.${api}.id`)],
        ['stage_name', first.stageName],
        ...(Object.keys(first.stageVariables).length > 0 ? ([['variables', first.stageVariables]] as Attr[]) : []),
      ]),
    );
    if (group.designs.some((d) => d.method.apiKeyRequired)) {
      out.push(block('resource', ['aws_api_gateway_api_key', api], [['name', `${first.restApi.mode === 'create' ? first.restApi.name : api}-key`]]));
      out.push(`resource "aws_api_gateway_usage_plan" "${api}" {\n  name = ${hclString(`${api}-plan`)}\n\n  api_stages {\n    api_id = ${apiIdExpr}\n    stage  = aws_api_gateway_stage.${api}.stage_name\n  }\n}\n`);
      out.push(block('resource', ['aws_api_gateway_usage_plan_key', api], [['key_id', expr(`aws_api_gateway_api_key.${api}.id`)], ['key_type', 'API_KEY'], ['usage_plan_id', expr(`aws_api_gateway_usage_plan.${api}.id`)]]));
    }
    for (const d of group.designs) {
      out.push(
        block('output', [label(`${api}_${d.method.httpMethod}_${d.resourcePath}_invoke_url`)], [
          ['description', `${d.method.httpMethod} this URL to send to ${d.queue.name}`],
          ['value', expr(`"\${aws_api_gateway_stage.${api}.invoke_url}${d.resourcePath === '/' ? '/' : d.resourcePath}"`)],
        ]),
      );
    }
  }
  return out.join('\n');
}
