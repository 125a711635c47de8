import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createPresetDesign, PRESET_IDS, type IntegrationDesign } from '@/lib/design';
import { CLOUDFORMATION_TAGS } from '../source';
import { importConfig } from '../import';
import { validateTemplate } from './cloudformation-schema.test-support';
import { exportDesigns } from './index';

const presets = PRESET_IDS.map((id) => createPresetDesign(id));
const apiKeyed = createPresetDesign('query-urlencoded', { resourcePath: '/v1/{tenant}/orders' });
apiKeyed.method.apiKeyRequired = true;
apiKeyed.method.requestParameters = { 'method.request.path.tenant': true };
apiKeyed.cors = { enabled: true, allowOrigin: 'https://app.example.com', allowHeaders: ['Content-Type'] };
apiKeyed.queue.encryption = { type: 'kms', kmsKeyId: 'alias/orders-key' };
const samples: [string, IntegrationDesign[]][] = [...presets.map((d): [string, IntegrationDesign[]] => [d.preset!, [d]]), ['api key, CORS, KMS, path parameter', [apiKeyed]]];

const byStatus = <T extends { statusCode: string }>(list: T[]) => [...list].sort((a, b) => a.statusCode.localeCompare(b.statusCode));
function comparable(d: IntegrationDesign) {
  const { name: _n, preset: _p, ...rest } = d;
  void _n;
  void _p;
  return { ...rest, integrationResponses: byStatus(d.integrationResponses), methodResponses: byStatus(d.methodResponses) };
}

describe('CloudFormation export against the CloudFormation resource schemas', () => {
  it.each(samples)('%s: every resource, property and attribute is valid', (_name, designs) => {
    const template = parseYaml(exportDesigns(designs, 'cloudformation').text, { customTags: CLOUDFORMATION_TAGS }) as Parameters<typeof validateTemplate>[0];
    expect(validateTemplate(template)).toEqual([]);
    const sam = parseYaml(exportDesigns(designs, 'sam').text) as { Resources: Record<string, { Type: string }> };
    // SAM's own resource types are not CloudFormation registry types; the plain resources beside them are.
    expect(validateTemplate({ Resources: Object.fromEntries(Object.entries(sam.Resources).filter(([, r]) => !r.Type.startsWith('AWS::Serverless::'))) as never })).toEqual([]);
  });

  it('the validator rejects a misspelled property, a wrong type and a missing attribute', () => {
    const errors = validateTemplate({
      Resources: {
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueNmae: 'x', FifoQueue: 'yes' } },
        M: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { 'Fn::GetAtt': ['Q', 'Nope'] }, ResourceId: 'r' } },
      },
    });
    expect(errors).toEqual(
      expect.arrayContaining([expect.stringContaining('Q.QueueNmae'), expect.stringContaining('Q.FifoQueue'), expect.stringContaining('M.HttpMethod: required'), expect.stringContaining('has no attribute Nope')]),
    );
  });
});

describe('Terraform export parses as HCL and carries the mappings', () => {
  /** Terraform template escapes (`$${`, `%%{`) stand for the literal characters. */
  const literal = (s: string) => s.replace(/([$%])\1\{/g, '$1{');

  it.each(samples)('%s', async (_name, designs) => {
    const d = designs[0]!;
    const hcl = (await parseHcl('main.tf', exportDesigns(designs, 'terraform').text)) as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
      output: Record<string, unknown>;
    };
    const integrations = Object.values(hcl.resource.aws_api_gateway_integration!).map((x) => x[0]!).filter((x) => x.type === 'AWS');
    expect(integrations).toHaveLength(1);
    const i = integrations[0]! as { request_parameters: Record<string, string>; request_templates: Record<string, string>; passthrough_behavior: string; timeout_milliseconds: number };
    expect(i.request_parameters).toEqual(d.integration.requestParameters);
    expect(Object.fromEntries(Object.entries(i.request_templates).map(([k, v]) => [k, literal(v)]))).toEqual(d.integration.requestTemplates);
    expect(i).toMatchObject({ passthrough_behavior: d.integration.passthroughBehavior, timeout_milliseconds: d.integration.timeoutInMillis });
    const method = Object.values(hcl.resource.aws_api_gateway_method!).map((x) => x[0]!).find((x) => x.http_method === d.method.httpMethod)!;
    expect(method).toMatchObject({ authorization: d.method.authorizationType, api_key_required: d.method.apiKeyRequired, request_parameters: d.method.requestParameters });
    const responses = Object.values(hcl.resource.aws_api_gateway_integration_response!).map((x) => x[0]!).filter((x) => !String(x.http_method).includes('cors'));
    expect(responses.map((r) => r.selection_pattern ?? null).sort()).toEqual(d.integrationResponses.map((r) => r.selectionPattern ?? null).sort());
    const deployment = Object.values(hcl.resource.aws_api_gateway_deployment!)[0]![0] as { triggers: { redeployment: string } };
    expect(deployment.triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_method\./);
    expect(hcl.resource.aws_sqs_queue).toBeDefined();
    if (d.method.apiKeyRequired) expect(hcl.resource.aws_api_gateway_usage_plan_key).toBeDefined();
  });
});

/** Type-checks the exported CDK app against aws-cdk-lib's own declarations, as `tsc --strict` would. */
function typeCheck(source: string): string[] {
  const file = path.resolve('lib/iac/export/__cdk_export__/stack.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => (path.resolve(name) === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, onError));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Runs the exported app in this process (`new App(); …; app.synth()`) and returns the synthesized template. */
function synthesize(source: string): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sluice-cdk-'));
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const requireFromProject = createRequire(path.resolve('package.json'));
    const commonJs = { exports: {} };
    new Function('require', 'module', 'exports', js)(requireFromProject, commonJs, commonJs.exports);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string } }> };
    const stack = Object.values(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack')!;
    return readFileSync(path.join(outdir, stack.properties!.templateFile!), 'utf8');
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('CDK export compiles against aws-cdk-lib, synthesizes and imports back to the same design', () => {
  it('type-checks with --strict', { timeout: 120_000 }, () => {
    expect(typeCheck(exportDesigns([apiKeyed], 'cdk').text)).toEqual([]);
    expect(typeCheck(exportDesigns([presets[2]!, { ...presets[0]!, resourcePath: '/other' }], 'cdk').text)).toEqual([]);
  });

  it.each(samples)('%s: synthesizes in-process and the template imports back', { timeout: 60_000 }, (_name, designs) => {
    const template = synthesize(exportDesigns(designs, 'cdk').text);
    const result = importConfig(template, { region: designs[0]!.region, accountId: designs[0]!.accountId });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.unsupported).toEqual([]);
    expect(result.designs.map((d) => comparable(d.design))).toEqual(designs.map(comparable));
  });
});
