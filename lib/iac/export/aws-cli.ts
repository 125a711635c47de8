import {
  apiGatewayTrustPolicy,
  executionRolePolicyDocument,
  INLINE_POLICY_NAME,
  queueArn,
  queueAttributes,
  REQUEST_VALIDATOR_NAME,
  resourcePathChain,
  type IntegrationDesign,
} from '@/lib/design';
import { apiGroups, corsHeaders } from './common';

/** One shell word from literal text and `$VARIABLE`s: literals in single quotes, variables in double quotes. */
type Part = string | { v: string };
function word(...parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? (p === '' ? '' : `'${p.replace(/'/g, `'\\''`)}'`) : `"\${${p.v}}"`)).join('') || "''";
}

/** Splits `text` at every occurrence of `literal`, putting the variable in its place. */
function withVariable(text: string, literal: string, v: string): Part[] {
  const pieces = text.split(literal);
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [{ v }, piece]));
}

/**
 * A bash script that builds the designs with the AWS CLI. Each step looks up what already exists (queue, role, REST
 * API by name, resources by path) so the script can be re-run; methods are replaced. Debian's packaged AWS CLI
 * ignores AWS_ENDPOINT_URL, so the script passes it as --endpoint-url itself. It prints the invoke URL(s) at the end.
 */
export function awsCliScript(designs: IntegrationDesign[]): string {
  const region = designs[0]!.region;
  const out: string[] = [
    '#!/usr/bin/env bash',
    `# ${designs.length === 1 ? `"${designs[0]!.name}"` : `${designs.length} API Gateway → SQS integrations`}, exported from Sluice.`,
    '# Re-runnable: existing queues, roles, APIs and resources are reused and methods are replaced.',
    'set -euo pipefail',
    `REGION="\${AWS_REGION:-\${AWS_DEFAULT_REGION:-${region}}}"`,
    'ENDPOINT=()',
    'if [ -n "${AWS_ENDPOINT_URL:-}" ]; then ENDPOINT=(--endpoint-url "$AWS_ENDPOINT_URL"); fi',
    'awsx() { aws "${ENDPOINT[@]}" --region "$REGION" --output text "$@"; }',
    'ACCOUNT_ID=$(awsx sts get-caller-identity --query Account)',
    '',
  ];
  const queues = new Set<string>();
  const roles = new Set<string>();
  for (const d of designs) {
    if (d.queue.mode === 'create' && !queues.has(d.queue.name)) {
      queues.add(d.queue.name);
      out.push(`echo ${word(`Queue ${d.queue.name}`)}`);
      out.push(`awsx sqs create-queue --queue-name ${word(d.queue.name)} --attributes ${word(JSON.stringify(queueAttributes(d)))} >/dev/null`);
    }
    if (d.executionRole.mode === 'create' && !roles.has(d.executionRole.roleName)) {
      roles.add(d.executionRole.roleName);
      const name = word(d.executionRole.roleName);
      out.push(`echo ${word(`Role ${d.executionRole.roleName}`)}`);
      out.push(`if ! awsx iam get-role --role-name ${name} >/dev/null 2>&1; then`);
      out.push(`  awsx iam create-role --role-name ${name} --assume-role-policy-document ${word(JSON.stringify(apiGatewayTrustPolicy()))} >/dev/null`);
      out.push('fi');
      const policy = JSON.stringify(JSON.parse(executionRolePolicyDocument(d)));
      const arn = queueArn(d);
      const parts = withVariable(policy, arn, 'QUEUE_ARN');
      out.push(`QUEUE_ARN="arn:aws:sqs:\${REGION}:\${ACCOUNT_ID}:${d.queue.name}"`);
      out.push(`awsx iam put-role-policy --role-name ${name} --policy-name ${word(INLINE_POLICY_NAME)} --policy-document ${word(...parts)}`);
    }
  }
  out.push('');
  const urls: string[] = [];
  apiGroups(designs).forEach((group, g) => {
    const first = group.designs[0]!;
    const api = `API_ID_${g + 1}`;
    if (first.restApi.mode === 'create') {
      const name = first.restApi.name.replace(/'/g, "\\'");
      out.push(`echo ${word(`REST API ${first.restApi.name}`)}`);
      out.push(`${api}=$(awsx apigateway get-rest-apis --query ${word(`items[?name=='${name}'].id | [0]`)})`);
      out.push(`if [ "$${api}" = "None" ] || [ -z "$${api}" ]; then`);
      out.push(
        `  ${api}=$(awsx apigateway create-rest-api --name ${word(first.restApi.name)}${first.restApi.description ? ` --description ${word(first.restApi.description)}` : ''} --endpoint-configuration types=${first.restApi.endpointType} --query id)`,
      );
      out.push('fi');
    } else out.push(`${api}=${word(first.restApi.id)}`);
    const ids = new Map<string, string>();
    const lookup = (path: string, v: string) => `${v}=$(awsx apigateway get-resources --rest-api-id "$${api}" --limit 500 --query ${word(`items[?path=='${path}'].id | [0]`)})`;
    ids.set('/', `ROOT_${g + 1}`);
    out.push(lookup('/', `ROOT_${g + 1}`));
    [...new Set(group.designs.flatMap((d) => resourcePathChain(d.resourcePath)))].sort().forEach((path, i) => {
      const v = `RESOURCE_${g + 1}_${i + 1}`;
      const parent = path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/'));
      out.push(lookup(path, v));
      out.push(`if [ "$${v}" = "None" ]; then ${v}=$(awsx apigateway create-resource --rest-api-id "$${api}" --parent-id "$${ids.get(parent)!}" --path-part ${word(path.slice(path.lastIndexOf('/') + 1))} --query id); fi`);
      ids.set(path, v);
    });
    const validator = `VALIDATOR_${g + 1}`;
    if (group.designs.some((d) => Object.values(d.method.requestParameters).some(Boolean))) {
      out.push(`${validator}=$(awsx apigateway get-request-validators --rest-api-id "$${api}" --query ${word(`items[?name=='${REQUEST_VALIDATOR_NAME}'].id | [0]`)})`);
      out.push(
        `if [ "$${validator}" = "None" ]; then ${validator}=$(awsx apigateway create-request-validator --rest-api-id "$${api}" --name ${word(REQUEST_VALIDATOR_NAME)} --validate-request-parameters --no-validate-request-body --query id); fi`,
      );
    }
    const put = (verb: string, resource: string, method: string, rest: string) =>
      `awsx apigateway ${verb} --rest-api-id "$${api}" --resource-id "$${resource}" --http-method ${method}${rest} >/dev/null`;
    const replaceMethod = (resource: string, method: string, rest: string) => {
      out.push(`awsx apigateway delete-method --rest-api-id "$${api}" --resource-id "$${resource}" --http-method ${method} >/dev/null 2>&1 || true`);
      out.push(put('put-method', resource, method, rest));
    };
    for (const d of group.designs) {
      const resource = ids.get(d.resourcePath)!;
      const m = d.method.httpMethod;
      out.push('', `echo ${word(`Method ${m} ${d.resourcePath}`)}`);
      const needsValidator = Object.values(d.method.requestParameters).some(Boolean);
      replaceMethod(
        resource,
        m,
        ` --authorization-type ${d.method.authorizationType}${d.method.apiKeyRequired ? ' --api-key-required' : ''} --request-parameters ${word(JSON.stringify(d.method.requestParameters))}${needsValidator ? ` --request-validator-id "$${validator}"` : ''}`,
      );
      const service = d.integration.subdomain ? `${d.integration.subdomain}.sqs` : 'sqs';
      const uri: Part[] =
        d.integration.actionType === 'action'
          ? [`arn:aws:apigateway:`, { v: 'REGION' }, `:${service}:action/${d.integration.action}`]
          : d.integration.pathOverride === `${d.accountId}/${d.queue.name}`
            ? [`arn:aws:apigateway:`, { v: 'REGION' }, `:${service}:path/`, { v: 'ACCOUNT_ID' }, `/${d.queue.name}`]
            : [`arn:aws:apigateway:`, { v: 'REGION' }, `:${service}:path/${d.integration.pathOverride}`];
      const credentials = d.executionRole.mode === 'create' ? word('arn:aws:iam::', { v: 'ACCOUNT_ID' }, `:role/${d.executionRole.roleName}`) : word(d.executionRole.roleArn);
      out.push(
        put(
          'put-integration',
          resource,
          m,
          ` --type AWS --integration-http-method ${d.integration.integrationHttpMethod} --uri ${word(...uri)} --credentials ${credentials}` +
            ` --request-parameters ${word(JSON.stringify(d.integration.requestParameters))} --request-templates ${word(JSON.stringify(d.integration.requestTemplates))}` +
            ` --passthrough-behavior ${d.integration.passthroughBehavior} --timeout-in-millis ${d.integration.timeoutInMillis}${d.integration.contentHandling ? ` --content-handling ${d.integration.contentHandling}` : ''}`,
        ),
      );
      for (const r of d.methodResponses) {
        out.push(put('put-method-response', resource, m, ` --status-code ${r.statusCode} --response-parameters ${word(JSON.stringify(r.responseParameters))} --response-models ${word(JSON.stringify(r.responseModels))}`));
      }
      for (const r of d.integrationResponses) {
        out.push(
          put(
            'put-integration-response',
            resource,
            m,
            ` --status-code ${r.statusCode}${r.selectionPattern ? ` --selection-pattern ${word(r.selectionPattern)}` : ''} --response-templates ${word(JSON.stringify(r.responseTemplates))} --response-parameters ${word(JSON.stringify(r.responseParameters))}${r.contentHandling ? ` --content-handling ${r.contentHandling}` : ''}`,
          ),
        );
      }
      const invoke = d.resourcePath === '/' ? '/' : d.resourcePath;
      urls.push(`"\${BASE_${g + 1}}${invoke}"`);
    }
    for (const path of new Set(group.designs.filter((d) => d.cors.enabled).map((d) => d.resourcePath))) {
      const d = group.designs.find((x) => x.resourcePath === path && x.cors.enabled)!;
      const allow = corsHeaders(d, group.designs.filter((x) => x.resourcePath === path).map((x) => x.method.httpMethod));
      const resource = ids.get(path)!;
      out.push('', `echo ${word(`CORS preflight OPTIONS ${path}`)}`);
      replaceMethod(resource, 'OPTIONS', ' --authorization-type NONE');
      out.push(put('put-integration', resource, 'OPTIONS', ` --type MOCK --request-templates ${word(JSON.stringify({ 'application/json': '{"statusCode": 200}' }))}`));
      out.push(put('put-method-response', resource, 'OPTIONS', ` --status-code 200 --response-parameters ${word(JSON.stringify(Object.fromEntries(Object.keys(allow).map((k) => [`method.response.header.${k}`, true]))))}`));
      out.push(
        put('put-integration-response', resource, 'OPTIONS', ` --status-code 200 --response-parameters ${word(JSON.stringify(Object.fromEntries(Object.entries(allow).map(([k, v]) => [`method.response.header.${k}`, `'${v}'`]))))}`),
      );
    }
    const variables = Object.entries(first.stageVariables);
    out.push('', `echo ${word(`Deploy to stage ${first.stageName}`)}`);
    out.push(
      `awsx apigateway create-deployment --rest-api-id "$${api}" --stage-name ${word(first.stageName)}${variables.length > 0 ? ` --variables ${word(variables.map(([k, v]) => `${k}=${v}`).join(','))}` : ''} >/dev/null`,
    );
    if (group.designs.some((d) => d.method.apiKeyRequired)) {
      out.push(`KEY_${g + 1}=$(awsx apigateway create-api-key --name ${word(`${first.restApi.mode === 'create' ? first.restApi.name : first.restApi.id}-key`)} --enabled --query id)`);
      out.push(`PLAN_${g + 1}=$(awsx apigateway create-usage-plan --name ${word(`${first.stageName}-plan`)} --api-stages "apiId=$${api},stage=${first.stageName}" --query id)`);
      out.push(`awsx apigateway create-usage-plan-key --usage-plan-id "$PLAN_${g + 1}" --key-id "$KEY_${g + 1}" --key-type API_KEY >/dev/null`);
      out.push(`echo "API key: $(awsx apigateway get-api-key --api-key "$KEY_${g + 1}" --include-value --query value)"`);
    }
    out.push(
      `if [ -n "\${AWS_ENDPOINT_URL:-}" ]; then BASE_${g + 1}="\${AWS_ENDPOINT_URL%/}/_aws/execute-api/$${api}/${first.stageName}"; else BASE_${g + 1}="https://$${api}.execute-api.\${REGION}.amazonaws.com/${first.stageName}"; fi`,
    );
  });
  out.push('', 'echo', 'echo "Invoke URL:"');
  for (const u of urls) out.push(`echo ${u}`);
  return `${out.join('\n')}\n`;
}
