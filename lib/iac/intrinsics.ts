import { isRecord, type JsonValue } from './source';

export type TemplateResource = { Type?: string; Properties?: { [key: string]: JsonValue } };
export type TemplateContext = {
  resources: Record<string, TemplateResource>;
  parameters: Record<string, JsonValue>;
  region: string;
  accountId: string;
};

/** Drops `Ref: AWS::NoValue` (CloudFormation removes the property). */
const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = JsonValue | typeof NO_VALUE;

/**
 * Resolves CloudFormation intrinsic functions as far as the template itself determines them: pseudo parameters
 * (from the import options), parameter defaults, and the attributes AWS documents for the resources a design uses
 * (`Ref` of an AWS::SQS::Queue is its URL, `Fn::GetAtt Queue.Arn` its ARN, `Ref` of an AWS::IAM::Role its name).
 * What depends on the deployed stack (a RestApi's id, a generated name) stays symbolic as `${Name.Attribute}`, the
 * Fn::Sub notation a reader of the template knows. `referenced` collects the logical ids a value points at.
 */
export class IntrinsicResolver {
  readonly referenced = new Set<string>();
  constructor(private readonly ctx: TemplateContext) {}

  resource(logicalId: string): TemplateResource | undefined {
    const r = this.ctx.resources[logicalId];
    return isRecord(r) ? r : undefined;
  }

  /** The queue name CloudFormation would use: QueueName, else the logical id (CloudFormation adds a stack prefix and suffix). */
  queueName(logicalId: string): string {
    const props = this.resource(logicalId)?.Properties ?? {};
    const name = props.QueueName !== undefined ? this.string(props.QueueName) : logicalId;
    const fifo = this.boolean(props.FifoQueue) === true;
    return fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name;
  }

  roleName(logicalId: string): string {
    const props = this.resource(logicalId)?.Properties ?? {};
    return props.RoleName !== undefined ? this.string(props.RoleName) : logicalId;
  }

  private ref(name: string): Resolved {
    switch (name) {
      case 'AWS::Region':
        return this.ctx.region;
      case 'AWS::AccountId':
        return this.ctx.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const param = this.ctx.parameters[name];
    if (isRecord(param) && param.Default !== undefined) return param.Default;
    const res = this.resource(name);
    if (res) this.referenced.add(name);
    if (res?.Type === 'AWS::SQS::Queue') return `https://sqs.${this.ctx.region}.amazonaws.com/${this.ctx.accountId}/${this.queueName(name)}`;
    if (res?.Type === 'AWS::IAM::Role') return this.roleName(name);
    return `\${${name}}`;
  }

  private getAtt(logicalId: string, attribute: string): Resolved {
    const res = this.resource(logicalId);
    if (res) this.referenced.add(logicalId);
    if (res?.Type === 'AWS::SQS::Queue') {
      const name = this.queueName(logicalId);
      if (attribute === 'Arn') return `arn:aws:sqs:${this.ctx.region}:${this.ctx.accountId}:${name}`;
      if (attribute === 'QueueName') return name;
      if (attribute === 'QueueUrl') return `https://sqs.${this.ctx.region}.amazonaws.com/${this.ctx.accountId}/${name}`;
    }
    if (res?.Type === 'AWS::IAM::Role' && attribute === 'Arn') {
      const path = res.Properties?.Path !== undefined ? this.string(res.Properties.Path) : '/';
      return `arn:aws:iam::${this.ctx.accountId}:role${path}${this.roleName(logicalId)}`;
    }
    return `\${${logicalId}.${attribute}}`;
  }

  private sub(template: string, vars: Record<string, JsonValue>): string {
    return template.replace(/\$\{(!?)([^}]+)\}/g, (whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in vars) return this.string(vars[name]!);
      const dot = name.indexOf('.');
      const value = dot > 0 && !name.startsWith('AWS::') ? this.getAtt(name.slice(0, dot), name.slice(dot + 1)) : this.ref(name);
      return typeof value === 'string' ? value : whole;
    });
  }

  resolve(value: JsonValue): Resolved {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v): v is JsonValue => v !== NO_VALUE);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const fn = keys[0]!;
      const arg = value[fn]!;
      if (fn === 'Ref' && typeof arg === 'string') return this.ref(arg);
      if (fn === 'Fn::GetAtt') {
        const parts = typeof arg === 'string' ? arg.split('.') : Array.isArray(arg) ? arg.map((a) => this.string(a)) : [];
        if (parts.length >= 2) return this.getAtt(parts[0]!, parts.slice(1).join('.'));
      }
      if (fn === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && Array.isArray(this.resolve(arg[1]!))) {
        const list = this.resolve(arg[1]!) as JsonValue[];
        return list.map((p) => this.string(p)).join(this.string(arg[0]!));
      }
      if (fn === 'Fn::Sub') {
        if (typeof arg === 'string') return this.sub(arg, {});
        if (Array.isArray(arg) && typeof arg[0] === 'string' && isRecord(arg[1])) return this.sub(arg[0], arg[1]);
      }
      if (fn === 'Fn::Select' && Array.isArray(arg) && arg.length === 2) {
        const list = this.resolve(arg[1]!);
        const idx = Number(this.resolve(arg[0]!));
        if (Array.isArray(list) && Number.isInteger(idx) && list[idx] !== undefined) return list[idx];
      }
      if (fn === 'Fn::Split' && Array.isArray(arg) && arg.length === 2) {
        const text = this.resolve(arg[1]!);
        if (typeof text === 'string') return text.split(this.string(arg[0]!));
      }
      if (fn.startsWith('Fn::') || fn === 'Ref') return `\${${fn}: ${JSON.stringify(arg)}}`;
    }
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolve(v);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  /** A value as a string: resolved when possible, its symbolic form otherwise. */
  string(value: JsonValue): string {
    const r = this.resolve(value);
    if (r === NO_VALUE || r === null) return '';
    return typeof r === 'string' ? r : typeof r === 'number' || typeof r === 'boolean' ? String(r) : JSON.stringify(r);
  }

  boolean(value: JsonValue | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    const r = this.resolve(value);
    return r === true || r === 'true' ? true : r === false || r === 'false' ? false : undefined;
  }

  number(value: JsonValue | undefined): number | undefined {
    if (value === undefined) return undefined;
    const r = this.resolve(value);
    const n = typeof r === 'number' ? r : typeof r === 'string' && r.trim() !== '' ? Number(r) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }

  stringMap(value: JsonValue | undefined): Record<string, string> {
    const r = value === undefined ? undefined : this.resolve(value);
    if (!isRecord(r)) return {};
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : this.string(v)]));
  }

  booleanMap(value: JsonValue | undefined): Record<string, boolean> {
    const r = value === undefined ? undefined : this.resolve(value);
    if (!isRecord(r)) return {};
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === true || v === 'true']));
  }

  /** The logical id a `Ref`/`Fn::GetAtt` names, without resolving it. */
  static target(value: JsonValue | undefined): string | undefined {
    if (!isRecord(value)) return undefined;
    if (typeof value.Ref === 'string') return value.Ref;
    const att = value['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
    if (typeof att === 'string') return att.split('.')[0];
    return undefined;
  }
}
