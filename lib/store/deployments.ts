import 'server-only';
import { z } from 'zod';
import { openConsoleDatabase } from './db';
import type { SqlDatabase } from './sql';

/** What an apply created on a connection, so teardown deletes exactly that and later applies update in place. */
export const createdResourcesSchema = z.object({
  queueUrl: z.string().optional(),
  roleName: z.string().optional(),
  restApiId: z.string().optional(),
  /** Resources created on an API that existed before (path → id). */
  resources: z.record(z.string(), z.string()).default({}),
});
export type CreatedResources = z.infer<typeof createdResourcesSchema>;

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
  deployedAt: string;
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
  deployedAt: z.string(),
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
  await handle.run(
    `INSERT INTO deployments (design_id, connection_id, record_json, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (design_id, connection_id) DO UPDATE SET record_json = excluded.record_json, updated_at = excluded.updated_at`,
    [record.designId, record.connectionId, JSON.stringify(merged), new Date().toISOString()],
  );
  return merged;
}

export async function deleteDeployment(designId: string, connectionId: string, db?: SqlDatabase): Promise<void> {
  await (db ?? (await openConsoleDatabase())).run('DELETE FROM deployments WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);
}
