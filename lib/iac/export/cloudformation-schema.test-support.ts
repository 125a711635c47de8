import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

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

export function validateTemplate(template: { Resources?: Record<string, { Type: string; Properties?: unknown }> }): string[] {
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
