import { stringify } from 'yaml';
import type { IntegrationDesign } from '@/lib/design';
import type { JsonValue } from '../source';
import { awsCliScript } from './aws-cli';
import { cdkApp } from './cdk';
import { apiGroups, slug } from './common';
import { openApiDocument } from './openapi';
import { cloudFormationTemplate, integrationTarget } from './template';
import { terraformConfig } from './terraform';

export const EXPORT_FORMATS = ['cloudformation', 'sam', 'serverless', 'terraform', 'cdk', 'openapi', 'aws-cli'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  cloudformation: 'CloudFormation (YAML)',
  sam: 'AWS SAM template',
  serverless: 'serverless.yml',
  terraform: 'Terraform (HCL)',
  cdk: 'AWS CDK (TypeScript)',
  openapi: 'OpenAPI 3 with API Gateway extensions',
  'aws-cli': 'AWS CLI script (bash)',
};

export type ExportedFile = { format: ExportFormat; fileName: string; language: 'yaml' | 'hcl' | 'typescript' | 'shell'; text: string };

function yaml(value: JsonValue): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A SAM template: queue and role as CloudFormation, the REST API as AWS::Serverless::Api with the OpenAPI document inline. */
export function samTemplate(designs: IntegrationDesign[]): { [key: string]: JsonValue } {
  const cfn = cloudFormationTemplate(designs);
  const resources = cfn.Resources as Record<string, { Type: string }>;
  const kept = Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue' || r.Type === 'AWS::IAM::Role')) as { [key: string]: JsonValue };
  const outputs = Object.fromEntries(Object.entries(cfn.Outputs as Record<string, JsonValue>).filter(([k]) => !k.endsWith('InvokeUrl'))) as { [key: string]: JsonValue };
  for (const group of apiGroups(designs)) {
    const first = group.designs[0]!;
    const body = openApiDocument(group.designs, { uri: (d) => integrationTarget(d).uri, credentials: (d) => integrationTarget(d).credentials });
    kept[group.logicalId] = {
      Type: 'AWS::Serverless::Api',
      Properties: {
        ...(first.restApi.mode === 'create' ? { Name: first.restApi.name, EndpointConfiguration: { Type: first.restApi.endpointType } } : {}),
        StageName: first.stageName,
        ...(Object.keys(first.stageVariables).length > 0 ? { Variables: first.stageVariables } : {}),
        ...(group.designs.some((d) => d.method.apiKeyRequired) ? { Auth: { ApiKeyRequired: true, UsagePlan: { CreateUsagePlan: 'PER_API' } } } : {}),
        DefinitionBody: body,
      },
    };
    for (const d of group.designs) {
      outputs[`${group.logicalId}${d.method.httpMethod}${d.resourcePath.replace(/[^A-Za-z0-9]/g, '')}InvokeUrl`] = {
        Description: `${d.method.httpMethod} this URL to send to ${d.queue.name}`,
        Value: { 'Fn::Sub': `https://\${${group.logicalId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${first.stageName}${d.resourcePath === '/' ? '/' : d.resourcePath}` },
      };
    }
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::Serverless-2016-10-31', Description: cfn.Description!, Resources: kept, Outputs: outputs };
}

/** serverless.yml (Serverless Framework v3 and v4): no functions, the resources as plain CloudFormation under `resources:`. */
export function serverlessConfig(designs: IntegrationDesign[]): { [key: string]: JsonValue } {
  const cfn = cloudFormationTemplate(designs);
  const first = designs[0]!;
  return {
    service: slug(first.restApi.mode === 'create' ? first.restApi.name : first.name),
    frameworkVersion: '>=3',
    provider: { name: 'aws', region: first.region, stage: first.stageName },
    resources: { ...(cfn.Parameters ? { Parameters: cfn.Parameters } : {}), Resources: cfn.Resources!, Outputs: cfn.Outputs! },
  };
}

/**
 * One or more designs as a file of the given format. Designs that name the same REST API share it. Throws when
 * `designs` is empty (a caller error).
 */
export function exportDesigns(designs: IntegrationDesign[], format: ExportFormat): ExportedFile {
  if (designs.length === 0) throw new Error('exportDesigns needs at least one design');
  const base = slug(designs.length === 1 ? designs[0]!.name : designs[0]!.restApi.mode === 'create' ? designs[0]!.restApi.name : 'sqs-integrations');
  switch (format) {
    case 'cloudformation':
      return { format, fileName: `${base}.cloudformation.yaml`, language: 'yaml', text: yaml(cloudFormationTemplate(designs)) };
    case 'sam':
      return { format, fileName: 'template.yaml', language: 'yaml', text: yaml(samTemplate(designs)) };
    case 'serverless':
      return { format, fileName: 'serverless.yml', language: 'yaml', text: yaml(serverlessConfig(designs)) };
    case 'terraform':
      return { format, fileName: 'main.tf', language: 'hcl', text: terraformConfig(designs) };
    case 'cdk':
      return { format, fileName: 'stack.ts', language: 'typescript', text: cdkApp(designs) };
    case 'openapi': {
      if (apiGroups(designs).length > 1) throw new Error('An OpenAPI document describes one REST API: export designs of one API at a time.');
      return { format, fileName: `${base}.openapi.yaml`, language: 'yaml', text: yaml(openApiDocument(designs)) };
    }
    case 'aws-cli':
      return { format, fileName: `${base}.sh`, language: 'shell', text: awsCliScript(designs) };
  }
}

export { cloudFormationTemplate } from './template';
export { openApiDocument } from './openapi';
export { terraformConfig } from './terraform';
export { cdkApp } from './cdk';
export { awsCliScript } from './aws-cli';
