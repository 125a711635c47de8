import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openConsoleDatabase } from './db';
import { monotonicSeq } from './schema';
import type { SqlDatabase } from './sql';

/**
 * The audit log: one entry per state-changing action — who, when, on which connection and account, what (the action,
 * the design, a plan summary, the SDK calls made) and the result. Entries are only ever added.
 */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  action: z.string(),
  connectionId: z.string().optional(),
  connectionName: z.string().optional(),
  accountId: z.string().optional(),
  designId: z.string().optional(),
  summary: z.string(),
  calls: z.array(z.string()),
  /** `ok`, `refused` (role or read-only connection), or the ActionResult error code / job status. */
  result: z.string(),
  message: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

const rowSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor_id: z.string(),
  actor_name: z.string(),
  actor_role: z.string(),
  action: z.string(),
  connection_id: z.string().nullable(),
  connection_name: z.string().nullable(),
  account_id: z.string().nullable(),
  design_id: z.string().nullable(),
  summary: z.string(),
  calls_json: z.string(),
  result: z.string(),
  message: z.string().nullable(),
});

function toEntry(raw: unknown): AuditEntry {
  const r = rowSchema.parse(raw);
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role },
    action: r.action,
    ...(r.connection_id ? { connectionId: r.connection_id } : {}),
    ...(r.connection_name ? { connectionName: r.connection_name } : {}),
    ...(r.account_id ? { accountId: r.account_id } : {}),
    ...(r.design_id ? { designId: r.design_id } : {}),
    summary: r.summary,
    calls: z.array(z.string()).parse(JSON.parse(r.calls_json)),
    result: r.result,
    ...(r.message ? { message: r.message } : {}),
  };
}

export async function addAuditEntry(e: NewAuditEntry, db?: SqlDatabase): Promise<AuditEntry> {
  const entry: AuditEntry = { ...e, id: randomUUID(), at: new Date().toISOString() };
  await (db ?? (await openConsoleDatabase())).run(
    `INSERT INTO audit_log (id, seq, at, actor_id, actor_name, actor_role, action, connection_id, connection_name, account_id, design_id, summary, calls_json, result, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [entry.id, monotonicSeq(), entry.at, e.actor.id, e.actor.name, e.actor.role, e.action, e.connectionId ?? null, e.connectionName ?? null, e.accountId ?? null, e.designId ?? null, e.summary, JSON.stringify(e.calls), e.result, e.message ?? null],
  );
  return entry;
}

export const auditFilterSchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  designId: z.string().max(20).optional(),
  connectionId: z.string().max(100).optional(),
  result: z.string().max(40).optional(),
  /** ISO dates (inclusive); `to` may be a day (2026-12-02) meaning the whole day. */
  from: z.string().max(30).optional(),
  to: z.string().max(30).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Newest first. Text filters match case-insensitively anywhere in the field (actor matches name or id). */
export async function listAudit(filter: AuditFilter = {}, limit = 200, db?: SqlDatabase): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const like = (column: string, value: string) => {
    where.push(`LOWER(${column}) LIKE ?`);
    params.push(`%${value.toLowerCase()}%`);
  };
  if (filter.actor) {
    where.push('(LOWER(actor_name) LIKE ? OR LOWER(actor_id) LIKE ?)');
    params.push(`%${filter.actor.toLowerCase()}%`, `%${filter.actor.toLowerCase()}%`);
  }
  if (filter.action) like('action', filter.action);
  if (filter.designId) like('design_id', filter.designId);
  if (filter.connectionId) like('connection_id', filter.connectionId);
  if (filter.result) {
    where.push('result = ?');
    params.push(filter.result);
  }
  if (filter.from) {
    where.push('at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('at <= ?');
    params.push(/^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? `${filter.to}T23:59:59.999Z` : filter.to);
  }
  params.push(limit);
  const rows = await (db ?? (await openConsoleDatabase())).all(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`, params);
  return rows.map(toEntry);
}

/** JSON Lines (https://jsonlines.org): one entry per line, oldest first, for log pipelines. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return [...entries].reverse().map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
}
