import type { IntegrationDesign } from '@/lib/design';

/** A CloudFormation logical id (alphanumeric) from a prefix and free text: `Resource` + `/v1/orders` → `ResourceV1Orders`. */
export function logicalId(prefix: string, text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const body = words.length === 0 ? 'Root' : words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return `${prefix}${body}`.slice(0, 255);
}

/** FNV-1a, 32 bits, hex: a short stable fingerprint (deployment ids and triggers that change with the methods). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export type ApiGroup = { key: string; logicalId: string; apiId?: string; shared: boolean; designs: IntegrationDesign[] };

/** Designs grouped by the REST API they live in (same name to create, or same existing id), in input order. */
export function apiGroups(designs: IntegrationDesign[]): ApiGroup[] {
  const groups = new Map<string, IntegrationDesign[]>();
  for (const d of designs) {
    const key = d.restApi.mode === 'create' ? `create:${d.restApi.name}` : `existing:${d.restApi.id}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const many = groups.size > 1;
  return [...groups.entries()].map(([key, list]) => {
    const api = list[0]!.restApi;
    return {
      key,
      logicalId: many ? logicalId('Api', api.mode === 'create' ? api.name : api.id) : 'Api',
      ...(api.mode === 'existing' ? { apiId: api.id } : {}),
      shared: many,
      designs: list,
    };
  });
}

/** The CORS preflight answer of a resource: the design's origin and headers, and the methods on that path. */
export function corsHeaders(d: IntegrationDesign, methods: string[]): Record<string, string> {
  return {
    'Access-Control-Allow-Headers': d.cors.allowHeaders.join(','),
    'Access-Control-Allow-Methods': [...new Set([...methods, 'OPTIONS'])].join(','),
    'Access-Control-Allow-Origin': d.cors.allowOrigin,
  };
}

/** A name usable as a serverless service, Terraform label or file name: lower-case letters, digits and hyphens. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'sluice';
}
