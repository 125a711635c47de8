import { validateDesign, type IntegrationDesign } from '@/lib/design';
import { diagnose, formatDesignPath, type DesignPath } from '@/lib/doctor';
import { importTemplate } from './cloudformation';
import { importOpenApiDocument } from './openapi';
import { importServerless } from './serverless';
import { isRecord, parseSource, type JsonValue, type SourcePath, type SourceText } from './source';
import type { ImportedDesign, ImportFormat, ImportOptions, ImportResult, ImportSink, MethodImport, Unsupported } from './types';

const SANDBOX_ACCOUNT = '000000000000';

/** Which kind of file this is, from its top-level keys. */
export function detectFormat(root: JsonValue): ImportFormat | undefined {
  if (!isRecord(root)) return undefined;
  if (typeof root.openapi === 'string') return 'openapi';
  if (root.swagger !== undefined) return 'swagger';
  if (root.schemaVersion === 1 && isRecord(root.integration)) return 'design';
  if (root.service !== undefined && (root.provider !== undefined || root.resources !== undefined)) return 'serverless';
  const transform = root.Transform;
  const transforms = Array.isArray(transform) ? transform : [transform];
  if (transforms.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'))) return 'sam';
  if (isRecord(root.Resources) || root.AWSTemplateFormatVersion !== undefined) return 'cloudformation';
  return undefined;
}

/** The longest design-field prefix of `field` that has an origin, and its line. */
function lineFor(field: string, origins: [string, number | undefined][], fallback: number): number {
  let best: { len: number; line: number } | undefined;
  for (const [prefix, line] of origins) {
    if (line === undefined) continue;
    const matches = field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);
    if (matches && (!best || prefix.length > best.len)) best = { len: prefix.length, line };
  }
  return best?.line ?? fallback;
}

function locate(m: MethodImport, source: SourceText): ImportedDesign {
  const fallback = source.lineOf(m.source) ?? 1;
  const origins = m.origins.map(([designPath, sourcePath]): [string, number | undefined] => [formatDesignPath(designPath), source.lineOf(sourcePath)]);
  const validation = validateDesign(m.design);
  return {
    design: m.design,
    line: fallback,
    findings: diagnose(m.design).map((f) => ({ ...f, line: lineFor(f.field, origins, fallback) })),
    errors: validation.ok ? [] : validation.errors.map((e) => ({ ...e, line: lineFor(e.path, origins, fallback) })),
  };
}

/** A design JSON file: its own paths are the source paths. */
function designImport(root: { [key: string]: JsonValue }): MethodImport {
  const origins: [DesignPath, SourcePath][] = [];
  const walk = (value: JsonValue, path: (string | number)[]) => {
    origins.push([path, path]);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(root, []);
  return { design: root as unknown as IntegrationDesign, source: [], origins: origins.filter(([p]) => p.length > 0) };
}

/**
 * Reads a serverless.yml, CloudFormation/SAM template, OpenAPI 3 / Swagger 2 document (YAML or JSON) or a design
 * JSON, and returns one design per SQS-integrated method with the doctor's findings, each at its line of the file.
 * Never throws: a file that does not parse is an error with its line.
 */
export function importConfig(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseSource(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { source } = parsed;
  const root = source.root;
  const format = detectFormat(root);
  if (!format || !isRecord(root)) {
    return {
      ok: false,
      error: {
        message: 'Not a file Sluice can import: expected a serverless.yml (service:), a CloudFormation or SAM template (Resources:), an OpenAPI 3 (openapi:) or Swagger 2 (swagger:) document, or a design JSON (schemaVersion: 1).',
        line: 1,
        column: 1,
      },
    };
  }
  const unsupported: Unsupported[] = [];
  const sink: ImportSink = {
    unsupported: (path, message) => unsupported.push({ line: source.lineOf(path) ?? 1, path: path.join('.'), message }),
  };
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? SANDBOX_ACCOUNT;
  let methods: MethodImport[];
  switch (format) {
    case 'design':
      methods = [designImport(root)];
      break;
    case 'serverless':
      methods = importServerless(root, { region, accountId }, sink);
      break;
    case 'openapi':
    case 'swagger':
      methods = importOpenApiDocument(root, { base: [], region, accountId, stageName: 'prod' }, sink);
      break;
    case 'cloudformation':
    case 'sam':
      methods = importTemplate(root, { region, accountId, base: [], defaultStage: 'prod' }, sink);
      break;
  }
  return { ok: true, format, designs: methods.map((m) => locate(m, source)), unsupported: unsupported.sort((a, b) => a.line - b.line) };
}
