import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { integrationDesignSchema, type IntegrationDesign } from '@/lib/design';
import { openConsoleDatabase } from './db';
import type { SqlDatabase } from './sql';
import { parseDesignDraft } from './design-draft';

/** What the console shows in the designs list. */
export type DesignSummary = {
  id: string;
  name: string;
  protocol: IntegrationDesign['protocol'];
  queueName: string;
  version: number;
  furthestStep: string;
  createdAt: string;
  updatedAt: string;
};

/** A stored design with its concurrency token. `design` may be an invalid draft. */
export type StoredDesign = DesignSummary & { design: IntegrationDesign };

export type UpdateResult =
  | { ok: true; version: number; updatedAt: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: StoredDesign };

const rowSchema = z.object({
  id: z.string(),
  name: z.string(),
  design_json: z.string(),
  version: z.coerce.number().int(),
  furthest_step: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 10 characters from a 32-letter alphabet (50 bits): URL-safe, unambiguous when read aloud, no collisions in practice. */
export function newDesignId(): string {
  const bytes = randomBytes(10);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b & 31];
  return id;
}

function toStored(raw: unknown): StoredDesign {
  const row = rowSchema.parse(raw);
  const parsed = parseDesignDraft(JSON.parse(row.design_json));
  if (!parsed.ok) throw new Error(`Stored design ${row.id} is corrupt: ${parsed.message}`);
  return {
    id: row.id,
    name: row.name,
    protocol: parsed.design.protocol,
    queueName: parsed.design.queue.name,
    version: row.version,
    furthestStep: row.furthest_step,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    design: parsed.design,
  };
}

/*
 * The list shows two fields of each design; validating every stored design in full (two zod passes each) made the
 * list with 500 designs miss its 300 ms budget, so it checks only what it shows. Opening a design still checks it all.
 */
const summaryFieldsSchema = z.object({ protocol: integrationDesignSchema.shape.protocol, queue: z.object({ name: z.string() }) });

function toSummary(raw: unknown): DesignSummary {
  const row = rowSchema.parse(raw);
  const fields = summaryFieldsSchema.safeParse(JSON.parse(row.design_json));
  if (!fields.success) throw new Error(`Stored design ${row.id} is corrupt: ${fields.error.issues[0]?.message ?? 'not a design'}`);
  return {
    id: row.id,
    name: row.name,
    protocol: fields.data.protocol,
    queueName: fields.data.queue.name,
    version: row.version,
    furthestStep: row.furthest_step,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every design, most recently changed first. */
export async function listDesigns(db?: SqlDatabase): Promise<DesignSummary[]> {
  const rows = await (db ?? (await openConsoleDatabase())).all('SELECT * FROM designs ORDER BY updated_at DESC, id');
  return rows.map(toSummary);
}

/** Every stored design with its document (for checks across designs, such as unique resource names). */
export async function listStoredDesigns(db?: SqlDatabase): Promise<StoredDesign[]> {
  const rows = await (db ?? (await openConsoleDatabase())).all('SELECT * FROM designs ORDER BY updated_at DESC, id');
  return rows.map(toStored);
}

export async function getDesign(id: string, db?: SqlDatabase): Promise<StoredDesign | undefined> {
  const row = await (db ?? (await openConsoleDatabase())).get('SELECT * FROM designs WHERE id = ?', [id]);
  return row === undefined ? undefined : toStored(row);
}

export async function createDesign(design: IntegrationDesign, furthestStep: string, db?: SqlDatabase): Promise<StoredDesign> {
  const now = new Date().toISOString();
  const id = newDesignId();
  await (db ?? (await openConsoleDatabase())).run('INSERT INTO designs (id, name, design_json, version, furthest_step, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)', [
    id,
    design.name,
    JSON.stringify(design),
    furthestStep,
    now,
    now,
  ]);
  return { id, name: design.name, protocol: design.protocol, queueName: design.queue.name, version: 1, furthestStep, createdAt: now, updatedAt: now, design };
}

/**
 * Optimistic concurrency: the write happens only when the stored version is still `expectedVersion`, so a second tab
 * that saved in between is reported as a conflict (with what it saved) instead of being overwritten silently.
 */
export async function updateDesign(id: string, design: IntegrationDesign, expectedVersion: number, furthestStep: string, db?: SqlDatabase): Promise<UpdateResult> {
  const handle = db ?? (await openConsoleDatabase());
  const now = new Date().toISOString();
  const info = await handle.run('UPDATE designs SET name = ?, design_json = ?, version = version + 1, furthest_step = ?, updated_at = ? WHERE id = ? AND version = ?', [
    design.name,
    JSON.stringify(design),
    furthestStep,
    now,
    id,
    expectedVersion,
  ]);
  if (info.changes === 1) return { ok: true, version: expectedVersion + 1, updatedAt: now };
  const current = await getDesign(id, handle);
  return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'not_found' };
}

/** `rename` gives the copy its own resource names, so the two designs never deploy onto each other. */
export async function duplicateDesign(id: string, db?: SqlDatabase, rename: (d: IntegrationDesign) => IntegrationDesign = (d) => d): Promise<StoredDesign | undefined> {
  const source = await getDesign(id, db);
  if (!source) return undefined;
  const copy: IntegrationDesign = rename({ ...source.design, name: `${source.design.name} (copy)`.slice(0, 120) });
  return createDesign(copy, source.furthestStep, db);
}

/** Returns whether a design was deleted. */
export async function deleteDesign(id: string, db?: SqlDatabase): Promise<boolean> {
  return (await (db ?? (await openConsoleDatabase())).run('DELETE FROM designs WHERE id = ?', [id])).changes === 1;
}
