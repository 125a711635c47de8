import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createPresetDesign, PRESET_IDS, type IntegrationDesign } from '@/lib/design';
import { exportDesigns, importConfig } from '@/lib/iac';
import { CLOUDFORMATION_TAGS } from '@/lib/iac/source';

/**
 * Validates a CloudFormation template against the CloudFormation resource schemas as the AWS CDK team publishes
 * them (@aws-cdk/aws-service-spec, built from the CloudFormation registry): every resource type exists, every
 * property is one the schema defines with the right type, required properties are present, and every Fn::GetAtt
 * names an attribute the resource has. Intrinsic functions stand for any value.
 */
type SpecType = { type: string; element?: SpecType; types?: SpecType[]; reference?: { $ref: string } };
type SpecProperty = { type: SpecType; required?: boolean };
type SpecResource = { cloudFormationType: string; properties: Record<string, SpecProperty>; attributes: Record<string, unknown> };
type SpecTypeDefinition = { $id: string; name: string; properties: Record<string, SpecProperty> };

let cache: { resources: Map<string, SpecResource>; types: Map<string, SpecTypeDefinition> } | undefined;

function spec() {
  if (cache) return cache;
  const file = createRequire(import.meta.url).resolve('@aws-cdk/aws-service-spec/db.json.gz');
  const db = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    schema: { resource: { entities: Record<string, SpecResource> }; typeDefinition: { entities: Record<string, SpecTypeDefinition> } };
  };
  cache = {
    resources: new Map(Object.values(db.schema.resource.entities).map((r) => [r.cloudFormationType, r])),
    types: new Map(Object.values(db.schema.typeDefinition.entities).map((t) => [t.$id, t])),
  };
  return cache;
}

function isIntrinsic(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function check(value: unknown, type: SpecType, path: string, errors: string[]): void {
  if (isIntrinsic(value)) return;
  const { types } = spec();
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') errors.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) errors.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
      return;
    case 'json':
      return;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${path}: expected a list`);
      else value.forEach((v, i) => check(v, type.element!, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) errors.push(`${path}: expected a map`);
      else for (const [k, v] of Object.entries(value)) check(v, type.element!, `${path}.${k}`, errors);
      return;
    case 'union': {
      const attempts = type.types!.map((t) => {
        const e: string[] = [];
        check(value, t, path, e);
        return e;
      });
      if (!attempts.some((e) => e.length === 0)) errors.push(...attempts[0]!);
      return;
    }
    case 'ref': {
      const def = types.get(type.reference!.$ref);
      if (!def) return;
      checkProperties(value, def.properties, path, errors);
      return;
    }
    default:
      return;
  }
}

function checkProperties(value: unknown, properties: Record<string, SpecProperty>, path: string, errors: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(`${path}: expected an object`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = properties[k];
    if (!p) errors.push(`${path}.${k}: not a property of this type`);
    else check(v, p.type, `${path}.${k}`, errors);
  }
  for (const [k, p] of Object.entries(properties)) if (p.required && !(k in value)) errors.push(`${path}.${k}: required`);
}

function validateTemplate(template: { Resources?: Record<string, { Type: string; Properties?: unknown }> }): string[] {
  const errors: string[] = [];
  const { resources } = spec();
  const all = template.Resources ?? {};
  const walkGetAtt = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walkGetAtt(x, `${path}[${i}]`));
    else if (typeof v === 'object' && v !== null) {
      const att = (v as Record<string, unknown>)['Fn::GetAtt'];
      if (Array.isArray(att)) {
        const target = all[String(att[0])];
        const schema = target ? resources.get(target.Type) : undefined;
        if (!target) errors.push(`${path}: Fn::GetAtt names no resource ${String(att[0])}`);
        else if (schema && !(String(att[1]) in schema.attributes)) errors.push(`${path}: ${target.Type} has no attribute ${String(att[1])}`);
      }
      for (const [k, x] of Object.entries(v)) walkGetAtt(x, `${path}.${k}`);
    }
  };
  for (const [id, r] of Object.entries(all)) {
    const schema = resources.get(r.Type);
    if (!schema) {
      errors.push(`${id}: unknown resource type ${r.Type}`);
      continue;
    }
    checkProperties(r.Properties ?? {}, schema.properties, id, errors);
    walkGetAtt(r.Properties, id);
  }
  return errors;
}

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

/** Type-checks exported CDK apps against aws-cdk-lib's own declarations, as `tsc --strict` would (one program for all). */
function typeCheck(sources: string[]): string[] {
  const files = sources.map((_, i) => path.resolve(`cli/commands/__cdk_export__/stack${i}.ts`));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] };
  const host = ts.createCompilerHost(options);
  const virtual = (name: string) => files.indexOf(path.resolve(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => (virtual(name) >= 0 ? ts.createSourceFile(name, sources[virtual(name)]!, lang) : getSourceFile(name, lang, onError));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual(name) >= 0 || fileExists(name);
  const program = ts.createProgram(files, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
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
  it('type-checks with --strict', { timeout: 300_000 }, () => {
    expect(typeCheck([exportDesigns([apiKeyed], 'cdk').text, exportDesigns([presets[2]!, { ...presets[0]!, resourcePath: '/other' }], 'cdk').text])).toEqual([]);
  });

  it.each(samples)('%s: synthesizes in-process and the template imports back', { timeout: 60_000 }, (_name, designs) => {
    const template = synthesize(exportDesigns(designs, 'cdk').text);
    const result = importConfig(template, { region: designs[0]!.region, accountId: designs[0]!.accountId });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.unsupported).toEqual([]);
    expect(result.designs.map((d) => comparable(d.design))).toEqual(designs.map(comparable));
  });
});
