import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { CLOUDFORMATION_TAGS } from '../source';
import { exportDesigns } from './index';

type Policy = { Statement: { Sid?: string; Action: string[]; Resource: unknown }[] };
type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Outputs: Record<string, unknown> };
const policyOf = (t: Template) => (ofType(t, 'AWS::IAM::Role')[0]![1].Properties.Policies as { PolicyDocument: Policy }[])[0]!.PolicyDocument;
const cfn = (text: string) => parse(text, { customTags: CLOUDFORMATION_TAGS }) as Template;
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

describe('exporters', () => {
  it('CloudFormation: least-privilege policy on the queue, KMS statements for a customer-managed key, outputs', () => {
    const d = createPresetDesign('query-urlencoded');
    const plain = cfn(exportDesigns([d], 'cloudformation').text);
    expect(policyOf(plain).Statement).toEqual([{ Sid: 'SendToQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['QueueOrders', 'Arn'] }] }]);
    expect(Object.keys(plain.Outputs)).toEqual(['QueueOrdersUrl', 'MethodPOSTSendInvokeUrl']);
    d.queue.encryption = { type: 'kms', kmsKeyId: 'alias/orders' };
    const kms = cfn(exportDesigns([d], 'cloudformation').text);
    expect(policyOf(kms).Statement[1]!.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(ofType(kms, 'AWS::SQS::Queue')[0]![1].Properties).toMatchObject({ KmsMasterKeyId: 'alias/orders' });
  });

  it('CloudFormation: an edit of the method gives the deployment a new logical id, so the stack redeploys', () => {
    const d = createPresetDesign('query-urlencoded');
    const before = ofType(cfn(exportDesigns([d], 'cloudformation').text), 'AWS::ApiGateway::Deployment')[0]![0];
    d.integration.requestTemplates['application/json'] = 'Action=SendMessage&MessageBody=$util.urlEncode($input.json(\'$\'))';
    const after = ofType(cfn(exportDesigns([d], 'cloudformation').text), 'AWS::ApiGateway::Deployment')[0]![0];
    expect(after).not.toBe(before);
  });

  it('CloudFormation: API key, usage plan and CORS preflight only when the design has them', () => {
    const d = createPresetDesign('json-documented');
    expect(ofType(cfn(exportDesigns([d], 'cloudformation').text), 'AWS::ApiGateway::UsagePlan')).toEqual([]);
    d.method.apiKeyRequired = true;
    d.cors = { enabled: true, allowOrigin: 'https://app.example.com', allowHeaders: ['Content-Type', 'X-Amz-Target'] };
    const t = cfn(exportDesigns([d], 'cloudformation').text);
    expect(ofType(t, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(1);
    const options = ofType(t, 'AWS::ApiGateway::Method').find(([, r]) => r.Properties.HttpMethod === 'OPTIONS')![1];
    expect(JSON.stringify(options.Properties.Integration)).toContain("'https://app.example.com'");
  });

  it('aws-cli: passes --endpoint-url only when AWS_ENDPOINT_URL is set and quotes templates for bash', () => {
    const d = createPresetDesign('fifo');
    const script = exportDesigns([d], 'aws-cli').text;
    expect(script).toContain('if [ -n "${AWS_ENDPOINT_URL:-}" ]; then ENDPOINT=(--endpoint-url "$AWS_ENDPOINT_URL"); fi');
    expect(script).toContain(`--request-templates '${JSON.stringify(d.integration.requestTemplates).replace(/'/g, "'\\''")}'`);
    expect(script.trim().split('\n').at(-1)).toBe('echo "${BASE_1}/send"');
  });

  it('terraform: stage variables in a template stay literal ($${…}), not Terraform interpolation', () => {
    const d = createPresetDesign('query-urlencoded');
    d.integration.requestTemplates['application/json'] = 'Action=SendMessage&MessageBody=${stageVariables.prefix}$util.urlEncode($input.body)';
    expect(exportDesigns([d], 'terraform').text).toContain('"application/json" = "Action=SendMessage&MessageBody=$${stageVariables.prefix}$util.urlEncode($input.body)"');
  });

  it('openapi refuses designs of two different REST APIs', () => {
    const a = createPresetDesign('query-urlencoded', { apiName: 'one' });
    const b = createPresetDesign('query-urlencoded', { apiName: 'two' });
    expect(() => exportDesigns([a, b], 'openapi')).toThrow('one REST API');
  });
});
