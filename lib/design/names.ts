import { roleNameFromArn } from './arns';
import type { IntegrationDesign } from './schema';

/** Longest design name: the field stops typing at it and saves refuse longer ones. */
export const DESIGN_NAME_MAX = 120;

/** The AWS names a design gives the queue, execution role and REST API it creates. */
export type ResourceNames = { queueName: string; roleName: string; apiName: string };

export type NamingOptions = {
  fifo?: boolean;
  /** Put before every name (e.g. a learner's handle), so several people can share one account without clashing. */
  prefix?: string;
};

const ROLE_PREFIX = 'apigateway-sqs-';
// SQS allows 80 characters (with .fifo), IAM role names 64: keep the base short enough for both.
const BASE_MAX = 64 - ROLE_PREFIX.length;

/** Lower-case letters, digits and hyphens: valid as a queue name, a role name and a REST API name alike. */
export function nameSlug(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'orders';
}

/**
 * The one function every design's resource names come from: queue `{prefix}{base}` (`.fifo` for FIFO), role
 * `apigateway-sqs-{prefix}{base}`, API `{prefix}{base}-api`. The role follows the queue so that two designs with two
 * queues never share (and so rewrite) one role's policy.
 */
export function designResourceNames(base: string, options: NamingOptions = {}): ResourceNames {
  const stem = `${options.prefix ? nameSlug(options.prefix) + '-' : ''}${nameSlug(base)}`.slice(0, BASE_MAX).replace(/-+$/, '');
  return { queueName: options.fifo ? `${stem}.fifo` : stem, roleName: `${ROLE_PREFIX}${stem}`, apiName: `${stem}-api` };
}

/** The API key and usage plan a design with "API key required" creates, named after its REST API. */
export function apiKeyNames(d: Pick<IntegrationDesign, 'restApi' | 'queue'>): { keyName: string; usagePlanName: string } {
  const stem = d.restApi.mode === 'create' ? nameSlug(d.restApi.name) : `${nameSlug(d.queue.name.replace(/\.fifo$/, ''))}-api`;
  return { keyName: `${stem}-key`, usagePlanName: `${stem}-plan` };
}

/** The role name a created queue implies (see designResourceNames). */
export function roleNameForQueue(queueName: string): string {
  return `${ROLE_PREFIX}${queueName.replace(/\.fifo$/, '')}`.slice(0, 64);
}

/**
 * Names derived from `base` that no name in `taken` already uses: `orders`, then `orders-2`, `orders-3`… A clash
 * of any one of the three names moves all three, so a design's queue, role and API keep one stem.
 */
export function uniqueResourceNames(base: string, taken: Iterable<string>, options: NamingOptions = {}): ResourceNames {
  const used = new Set([...taken].map((n) => n.replace(/\.fifo$/, '')));
  for (let n = 1; n < 10_000; n++) {
    const names = designResourceNames(n === 1 ? base : `${nameSlug(base).slice(0, BASE_MAX - 6)}-${n}`, options);
    if (![names.queueName, names.roleName, names.apiName].some((x) => used.has(x.replace(/\.fifo$/, '')))) return names;
  }
  throw new Error('No free resource name');
}

/** Every queue, role and API name a design uses, for uniqueResourceNames. */
export function namesInUse(d: IntegrationDesign): string[] {
  const role = d.executionRole.mode === 'create' ? d.executionRole.roleName : roleNameFromArn(d.executionRole.roleArn);
  return [d.queue.name, role, ...(d.restApi.mode === 'create' ? [d.restApi.name] : [])];
}

/** Gives a design fresh names (queue, created role, created API), keeping everything else. */
export function withResourceNames(d: IntegrationDesign, names: ResourceNames): IntegrationDesign {
  const queueName = d.queue.fifo && !names.queueName.endsWith('.fifo') ? `${names.queueName}.fifo` : names.queueName;
  const pathOverride = d.integration.pathOverride === `${d.accountId}/${d.queue.name}` ? `${d.accountId}/${queueName}` : d.integration.pathOverride;
  return {
    ...d,
    queue: d.queue.mode === 'create' ? { ...d.queue, name: queueName } : d.queue,
    executionRole: d.executionRole.mode === 'create' ? { ...d.executionRole, roleName: names.roleName } : d.executionRole,
    restApi: d.restApi.mode === 'create' ? { ...d.restApi, name: names.apiName } : d.restApi,
    integration: d.queue.mode === 'create' ? { ...d.integration, pathOverride } : d.integration,
  };
}

/**
 * Keeps a created role's name in step with the queue: when it was the name the old queue implied, it follows the
 * new queue; a name the user typed is left alone.
 */
export function followRoleName(prev: IntegrationDesign, next: IntegrationDesign): IntegrationDesign {
  if (prev.executionRole.mode !== 'create' || next.executionRole.mode !== 'create') return next;
  if (prev.queue.name === next.queue.name || prev.executionRole.roleName !== roleNameForQueue(prev.queue.name)) return next;
  if (next.executionRole.roleName !== prev.executionRole.roleName) return next;
  return { ...next, executionRole: { ...next.executionRole, roleName: roleNameForQueue(next.queue.name) } };
}

/** A queue, role or REST API another design or a discovered integration uses. */
export type ResourceUser = {
  /** For people: `design "Orders"`, `integration POST /send on API sqs-ingest`. */
  label: string;
  queueName?: string;
  roleName?: string;
  restApiId?: string;
};

export type SharedResource = { kind: 'queue' | 'role' | 'restApi'; name: string; users: string[] };

/** Which of the design's queue, role and REST API (`restApiId` once known) the given others use too. */
export function sharedResources(d: IntegrationDesign, restApiId: string | undefined, others: readonly ResourceUser[]): SharedResource[] {
  const role = d.executionRole.mode === 'create' ? d.executionRole.roleName : roleNameFromArn(d.executionRole.roleArn);
  const apiId = d.restApi.mode === 'existing' ? d.restApi.id : restApiId;
  const found: SharedResource[] = [];
  const add = (kind: SharedResource['kind'], name: string, users: string[]) => {
    const unique = [...new Set(users)];
    if (unique.length > 0) found.push({ kind, name, users: unique });
  };
  add('queue', d.queue.name, others.filter((o) => o.queueName === d.queue.name).map((o) => o.label));
  add('role', role, others.filter((o) => o.roleName === role).map((o) => o.label));
  if (apiId) add('restApi', apiId, others.filter((o) => o.restApiId === apiId).map((o) => o.label));
  return found;
}
