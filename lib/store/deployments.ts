import 'server-only';
import { z } from 'zod';
import { openConsoleDatabase } from './db';
import type { SqlDatabase, SqlExecutor } from './sql';

/** What an apply created on a connection, so teardown deletes exactly that and later applies update in place. */
export const createdResourcesSchema = z.object({
  queueUrl: z.string().optional(),
  roleName: z.string().optional(),
  restApiId: z.string().optional(),
  /** The API key and usage plan an "API key required" design created (bug: teardown used to leave them behind). */
  apiKeyId: z.string().optional(),
  usagePlanId: z.string().optional(),
  /** Resources created on an API that existed before (path → id). */
  resources: z.record(z.string(), z.string()).default({}),
});
export type CreatedResources = z.infer<typeof createdResourcesSchema>;

/**
 * A create call that was sent but has not answered yet. Its name is known before the call; a console killed while
 * waiting for the answer leaves this, and the next apply or teardown looks the resource up by name (lib/aws
 * deploy-design.ts) instead of losing it.
 */
export const pendingCreateSchema = z.object({ kind: z.enum(['queue', 'role', 'restApi']), name: z.string(), since: z.string() });
export type PendingCreate = z.infer<typeof pendingCreateSchema>;

export type DeploymentRecord = {
  designId: string;
  connectionId: string;
  restApiId?: string;
  resourceId?: string;
  stageName: string;
  deploymentId?: string;
  invokeUrl?: string;
  queueUrl?: string;
  roleArn?: string;
  created: CreatedResources;
  /** When an apply last completed; absent while the first apply of the design is running or after it crashed. */
  deployedAt?: string;
  pending?: PendingCreate[];
};

const rowSchema = z.object({
  design_id: z.string(),
  connection_id: z.string(),
  record_json: z.string(),
});

const recordSchema = z.object({
  designId: z.string(),
  connectionId: z.string(),
  restApiId: z.string().optional(),
  resourceId: z.string().optional(),
  stageName: z.string(),
  deploymentId: z.string().optional(),
  invokeUrl: z.string().optional(),
  queueUrl: z.string().optional(),
  roleArn: z.string().optional(),
  created: createdResourcesSchema,
  deployedAt: z.string().optional(),
  pending: z.array(pendingCreateSchema).optional(),
});

function parseRecord(row: unknown): DeploymentRecord | undefined {
  const parsed = recordSchema.safeParse(JSON.parse(rowSchema.parse(row).record_json));
  return parsed.success ? (parsed.data as DeploymentRecord) : undefined;
}

export async function getDeployment(designId: string, connectionId: string, db?: SqlDatabase): Promise<DeploymentRecord | undefined> {
  const row = await (db ?? (await openConsoleDatabase())).get('SELECT design_id, connection_id, record_json FROM deployments WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);
  return row === undefined ? undefined : parseRecord(row);
}

export async function listDeploymentsOf(designId: string, db?: SqlDatabase): Promise<DeploymentRecord[]> {
  const rows = await (db ?? (await openConsoleDatabase())).all('SELECT design_id, connection_id, record_json FROM deployments WHERE design_id = ?', [designId]);
  return rows.flatMap((r) => parseRecord(r) ?? []);
}

/** Every design's record on one connection (the Integrations page links discovered methods to their designs). */
export async function listDeploymentsOn(connectionId: string, db?: SqlDatabase): Promise<DeploymentRecord[]> {
  const rows = await (db ?? (await openConsoleDatabase())).all('SELECT design_id, connection_id, record_json FROM deployments WHERE connection_id = ?', [connectionId]);
  return rows.flatMap((r) => parseRecord(r) ?? []);
}

/** Saves the record; `created` is merged with what earlier applies created (a later apply never forgets them). */
export async function saveDeployment(record: DeploymentRecord, db?: SqlDatabase): Promise<DeploymentRecord> {
  const handle = db ?? (await openConsoleDatabase());
  const previous = await getDeployment(record.designId, record.connectionId, handle);
  const merged: DeploymentRecord = {
    ...record,
    created: {
      ...previous?.created,
      ...Object.fromEntries(Object.entries(record.created).filter(([, v]) => v !== undefined)),
      resources: { ...(previous?.created.resources ?? {}), ...record.created.resources },
    },
  };
  await write(merged, handle);
  return merged;
}

async function write(record: DeploymentRecord, db: SqlExecutor): Promise<void> {
  await db.run(
    `INSERT INTO deployments (design_id, connection_id, record_json, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (design_id, connection_id) DO UPDATE SET record_json = excluded.record_json, updated_at = excluded.updated_at`,
    [record.designId, record.connectionId, JSON.stringify(record), new Date().toISOString()],
  );
}

export async function deleteDeployment(designId: string, connectionId: string, db?: SqlDatabase): Promise<void> {
  await (db ?? (await openConsoleDatabase())).run('DELETE FROM deployments WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);
}

/** One resource an apply step has just created (or a rollback has just deleted). */
export type CreatedResource =
  | { kind: 'queue'; queueUrl: string }
  | { kind: 'role'; roleName: string }
  | { kind: 'restApi'; restApiId: string }
  | { kind: 'apiKey'; apiKeyId: string }
  | { kind: 'usagePlan'; usagePlanId: string }
  | { kind: 'resource'; path: string; restApiId: string; resourceId: string };

function hasCreated(c: CreatedResources): boolean {
  return Boolean(c.queueUrl || c.roleName || c.restApiId || c.apiKeyId || c.usagePlanId || Object.keys(c.resources).length > 0);
}

function withoutPending(record: DeploymentRecord, kind: string): DeploymentRecord {
  const pending = (record.pending ?? []).filter((p) => p.kind !== kind);
  const { pending: _dropped, ...rest } = record;
  return pending.length > 0 ? { ...rest, pending } : rest;
}

/**
 * A read-modify-write of one design's record in its own transaction. Apply lanes report creations concurrently, so
 * on PostgreSQL the transaction first takes a transaction-scoped advisory lock on the record's key (SQLite's
 * transactions are already serialized, lib/store/sql.ts).
 */
async function updateRecord(designId: string, connectionId: string, fn: (record: DeploymentRecord | undefined, tx: SqlExecutor) => Promise<void>, db?: SqlDatabase): Promise<void> {
  const h = db ?? (await openConsoleDatabase());
  await h.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`deployment:${designId}:${connectionId}`]);
    const row = await tx.get('SELECT design_id, connection_id, record_json FROM deployments WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);
    await fn(row === undefined ? undefined : parseRecord(row), tx);
  });
}

const remove = (tx: SqlExecutor, designId: string, connectionId: string) => tx.run('DELETE FROM deployments WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);

/**
 * Records a resource the moment its create call has returned, in its own transaction, so a console killed mid-apply
 * leaves a record of everything that exists: the next plan adopts the REST API by id instead of creating a second
 * one, and teardown deletes it all.
 */
export async function recordCreated(designId: string, connectionId: string, stageName: string, resource: CreatedResource, db?: SqlDatabase): Promise<void> {
  await updateRecord(designId, connectionId, async (existing, tx) => {
    const record: DeploymentRecord = existing ?? { designId, connectionId, stageName, created: { resources: {} } };
    const created = { ...record.created, resources: { ...record.created.resources } };
    if (resource.kind === 'queue') {
      created.queueUrl = resource.queueUrl;
      record.queueUrl ??= resource.queueUrl;
    } else if (resource.kind === 'role') created.roleName = resource.roleName;
    else if (resource.kind === 'restApi') {
      created.restApiId = resource.restApiId;
      record.restApiId = resource.restApiId;
    } else if (resource.kind === 'apiKey') created.apiKeyId = resource.apiKeyId;
    else if (resource.kind === 'usagePlan') created.usagePlanId = resource.usagePlanId;
    else created.resources[resource.path] = `${resource.restApiId}:${resource.resourceId}`;
    await write(withoutPending({ ...record, created }, resource.kind), tx);
  }, db);
}

/** Notes a create call about to be sent (see PendingCreate). */
export async function recordCreating(designId: string, connectionId: string, stageName: string, intent: PendingCreate, db?: SqlDatabase): Promise<void> {
  await updateRecord(designId, connectionId, async (existing, tx) => {
    const record: DeploymentRecord = existing ?? { designId, connectionId, stageName, created: { resources: {} } };
    await write({ ...record, pending: [...(record.pending ?? []).filter((p) => p.kind !== intent.kind), intent] }, tx);
  }, db);
}

/** Drops a pending create that turned out not to have created anything; removes a record left with nothing. */
export async function clearPending(designId: string, connectionId: string, kind: PendingCreate['kind'], db?: SqlDatabase): Promise<void> {
  await updateRecord(designId, connectionId, async (record, tx) => {
    if (!record) return;
    const next = withoutPending(record, kind);
    if (!next.pending && !hasCreated(next.created) && !next.deployedAt) await remove(tx, designId, connectionId);
    else await write(next, tx);
  }, db);
}

/** Forgets a resource a rollback deleted (a deleted API resource takes its child resources with it). */
export async function forgetCreated(designId: string, connectionId: string, resource: CreatedResource, db?: SqlDatabase): Promise<void> {
  await updateRecord(designId, connectionId, async (record, tx) => {
    if (!record) return;
    const created = { ...record.created, resources: { ...record.created.resources } };
    const next: DeploymentRecord = { ...record };
    if (resource.kind === 'queue' && created.queueUrl === resource.queueUrl) {
      delete created.queueUrl;
      if (next.queueUrl === resource.queueUrl) delete next.queueUrl;
    } else if (resource.kind === 'role' && created.roleName === resource.roleName) delete created.roleName;
    else if (resource.kind === 'restApi' && created.restApiId === resource.restApiId) {
      delete created.restApiId;
      if (next.restApiId === resource.restApiId) delete next.restApiId;
    } else if (resource.kind === 'apiKey' && created.apiKeyId === resource.apiKeyId) delete created.apiKeyId;
    else if (resource.kind === 'usagePlan' && created.usagePlanId === resource.usagePlanId) delete created.usagePlanId;
    else if (resource.kind === 'resource') {
      for (const path of Object.keys(created.resources)) if (path === resource.path || path.startsWith(`${resource.path}/`)) delete created.resources[path];
    }
    // A record that only existed for this apply's creations goes when they are all gone again.
    if (!hasCreated(created) && !next.deployedAt && !next.pending?.length) await remove(tx, designId, connectionId);
    else await write({ ...next, created }, tx);
  }, db);
}
