import type { IntegrationDesign } from '@/lib/design';
import { isRecord, type JsonValue } from '../source';
import { logicalId } from './common';
import { cloudFormationTemplate } from './template';

/** CloudFormation type → CDK module and L1 class. */
const CLASSES: Record<string, [string, string]> = {
  'AWS::SQS::Queue': ['sqs', 'CfnQueue'],
  'AWS::IAM::Role': ['iam', 'CfnRole'],
  'AWS::ApiGateway::RestApi': ['apigateway', 'CfnRestApi'],
  'AWS::ApiGateway::Resource': ['apigateway', 'CfnResource'],
  'AWS::ApiGateway::Method': ['apigateway', 'CfnMethod'],
  'AWS::ApiGateway::RequestValidator': ['apigateway', 'CfnRequestValidator'],
  'AWS::ApiGateway::Deployment': ['apigateway', 'CfnDeployment'],
  'AWS::ApiGateway::Stage': ['apigateway', 'CfnStage'],
  'AWS::ApiGateway::ApiKey': ['apigateway', 'CfnApiKey'],
  'AWS::ApiGateway::UsagePlan': ['apigateway', 'CfnUsagePlan'],
  'AWS::ApiGateway::UsagePlanKey': ['apigateway', 'CfnUsagePlanKey'],
};

/** Properties whose value is a free-form map or JSON document in CloudFormation: their keys are kept as written. */
const OPAQUE = new Set([
  'RequestParameters',
  'RequestTemplates',
  'ResponseParameters',
  'ResponseTemplates',
  'ResponseModels',
  'Variables',
  'PolicyDocument',
  'AssumeRolePolicyDocument',
]);

const PSEUDO: Record<string, string> = { 'AWS::Region': 'Aws.REGION', 'AWS::AccountId': 'Aws.ACCOUNT_ID', 'AWS::URLSuffix': 'Aws.URL_SUFFIX', 'AWS::Partition': 'Aws.PARTITION' };

function variable(id: string): string {
  return id[0]!.toLowerCase() + id.slice(1);
}

function camel(key: string): string {
  return key[0]!.toLowerCase() + key.slice(1);
}

function code(value: JsonValue, indent: string, opaque: boolean, params: Set<string>): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => `${inner}${code(v, inner, opaque, params)},`).join('\n')}\n${indent}]`;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
    const arg = value[keys[0]!]!;
    if (keys[0] === 'Ref' && typeof arg === 'string') return PSEUDO[arg] ?? (params.has(arg) ? `${variable(arg)}.valueAsString` : `${variable(arg)}.ref`);
    if (keys[0] === 'Fn::GetAtt' && Array.isArray(arg)) return `${variable(String(arg[0]))}.attr${String(arg[1])}`;
    if (keys[0] === 'Fn::Sub' && typeof arg === 'string') return `Fn.sub(${code(arg, indent, true, params)})`;
  }
  if (keys.length === 0) return '{}';
  return `{\n${keys
    .map((k) => {
      const key = opaque ? `'${k.replace(/'/g, "\\'")}'` : camel(k);
      return `${inner}${key}: ${code(value[k]!, inner, opaque || OPAQUE.has(k), params)},`;
    })
    .join('\n')}\n${indent}}`;
}

/**
 * A TypeScript CDK app (aws-cdk-lib v2) for one or more designs. It uses the L1 (Cfn*) constructs with the same
 * logical ids as the CloudFormation export, so `cdk synth` produces that template: the higher-level RestApi and
 * AwsIntegration constructs would add their own deployment, stage and naming and the method could not be held
 * against the design field by field.
 */
export function cdkApp(designs: IntegrationDesign[]): string {
  const template = cloudFormationTemplate(designs);
  const resources = template.Resources as Record<string, { Type: string; DependsOn?: string[]; Properties: JsonValue }>;
  const parameters = isRecord(template.Parameters) ? template.Parameters : {};
  const params = new Set(Object.keys(parameters));
  const outputs = template.Outputs as Record<string, { Description: string; Value: JsonValue }>;
  const stackName = logicalId('', designs.length === 1 ? designs[0]!.name : designs[0]!.restApi.mode === 'create' ? designs[0]!.restApi.name : 'SqsIntegrations') || 'SqsIntegration';
  const lines: string[] = [];
  for (const [id, p] of Object.entries(parameters)) {
    const def = isRecord(p) ? p : {};
    lines.push(`    const ${variable(id)} = new CfnParameter(this, '${id}', { type: 'String', description: ${code(def.Description ?? '', '    ', true, params)}${def.Default !== undefined ? `, default: ${code(def.Default, '    ', true, params)}` : ''} });`);
  }
  for (const [id, r] of Object.entries(resources)) {
    const cls = CLASSES[r.Type];
    if (!cls) continue;
    lines.push(`    const ${variable(id)} = new ${cls[0]}.${cls[1]}(this, '${id}', ${code(r.Properties, '    ', false, params)});`);
    for (const dep of r.DependsOn ?? []) lines.push(`    ${variable(id)}.addResourceDependency(${variable(dep)});`);
  }
  for (const [id, o] of Object.entries(outputs)) {
    lines.push(`    new CfnOutput(this, '${id}', { description: ${code(o.Description, '    ', true, params)}, value: ${code(o.Value, '    ', false, params)} });`);
  }
  const used = (v: string) => lines.some((l) => l.includes(v));
  const core = ['App', ...(used('Aws.') ? ['Aws'] : []), ...(used('new CfnOutput') ? ['CfnOutput'] : []), ...(used('new CfnParameter') ? ['CfnParameter'] : []), ...(used('Fn.sub') ? ['Fn'] : []), 'Stack', 'type StackProps'];
  const modules = [...new Set(Object.values(resources).map((r) => CLASSES[r.Type]?.[0]).filter((m): m is string => m !== undefined))].sort();
  return [
    `// ${template.Description as string}`,
    '// Run: npx tsx stack.ts (or cdk synth / cdk deploy with "app": "npx tsx stack.ts" in cdk.json).',
    `import { ${core.join(', ')} } from 'aws-cdk-lib';`,
    ...modules.map((m) => `import * as ${m} from 'aws-cdk-lib/aws-${m}';`),
    "import type { Construct } from 'constructs';",
    '',
    `export class ${stackName}Stack extends Stack {`,
    '  constructor(scope: Construct, id: string, props?: StackProps) {',
    '    super(scope, id, props);',
    ...lines,
    '  }',
    '}',
    '',
    'const app = new App();',
    `new ${stackName}Stack(app, '${stackName}');`,
    'app.synth();',
    '',
  ].join('\n');
}
