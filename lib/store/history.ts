import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { maskHeaders, maskLog } from '@/lib/test-panel/request';
import { openConsoleDatabase } from './db';
import { monotonicSeq } from './schema';
import type { SqlDatabase } from './sql';

/**
 * Test-send history. Every run is stored with its request, response and delivery result; credentials never are:
 * `Authorization`, `x-api-key`, `X-Amz-Security-Token` and cookies are masked on the way in (maskRun), whatever the
 * caller passed.
 */
const headersSchema = z.array(z.tuple([z.string(), z.string()]));

export const historyTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('design'),
    designId: z.string(),
    name: z.string(),
    /** The design's saved version when the run was sent (absent on runs recorded before it was kept). */
    version: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('integration'), restApiId: z.string(), resourceId: z.string(), httpMethod: z.string(), name: z.string() }),
]);
export type HistoryTarget = z.infer<typeof historyTargetSchema>;

const deliverySchema = z.object({
  state: z.enum(['found', 'not-found', 'error', 'skipped']),
  queueUrl: z.string(),
  waitedMs: z.number(),
  messageId: z.string(),
  body: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  messageAttributes: z.record(z.string(), z.object({ dataType: z.string(), value: z.string() })).optional(),
  md5Expected: z.string().optional(),
  md5Actual: z.string().optional(),
  md5Matches: z.boolean().optional(),
  deleted: z.boolean().optional(),
  note: z.string().optional(),
  error: z.object({ name: z.string(), message: z.string() }).optional(),
});
export type StoredDelivery = z.infer<typeof deliverySchema>;

const batchSchema = z.object({
  total: z.number(),
  concurrency: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  errors: z.record(z.string(), z.number()),
  wallMs: z.number(),
  ratePerSecond: z.number(),
  latencyP50Ms: z.number().optional(),
  latencyMaxMs: z.number().optional(),
  delivery: z
    .object({ method: z.string(), expected: z.number(), received: z.number(), missing: z.number(), others: z.number(), waitedMs: z.number(), error: z.object({ name: z.string(), message: z.string() }).optional() })
    .optional(),
});

export const historyRunSchema = z.object({
  id: z.string(),
  at: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  target: historyTargetSchema,
  kind: z.enum(['test-invoke', 'invoke-url', 'batch']),
  request: z.object({ method: z.string(), url: z.string().optional(), path: z.string(), query: z.string(), headers: headersSchema, body: z.string() }),
  response: z.object({ status: z.number(), headers: headersSchema, body: z.string(), latencyMs: z.number(), log: z.string().optional() }).optional(),
  /** A send that got no HTTP answer (network error, SDK error of TestInvokeMethod). */
  error: z.object({ name: z.string(), message: z.string() }).optional(),
  /** The AWS error code of a failed send (SQS's or API Gateway's), e.g. AccessDenied; absent when it succeeded. */
  errorCode: z.string().optional(),
  delivery: deliverySchema.optional(),
  batch: batchSchema.optional(),
});
export type HistoryRun = z.infer<typeof historyRunSchema>;
export type NewHistoryRun = Omit<HistoryRun, 'id' | 'at'>;

/** Masks every secret a run could carry (request and response headers, the execution log, the URL's query). */
export function maskRun<T extends NewHistoryRun | HistoryRun>(run: T): T {
  return {
    ...run,
    request: {
      ...run.request,
      headers: maskHeaders(run.request.headers),
      ...(run.request.url ? { url: run.request.url.replace(/([?&](?:X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|api_key)=)[^&]*/gi, '$1****') } : {}),
    },
    ...(run.response ? { response: { ...run.response, headers: maskHeaders(run.response.headers), ...(run.response.log !== undefined ? { log: maskLog(run.response.log) } : {}) } } : {}),
  };
}

/** One history list per design or per integration (`design:{id}` / `integration:{api}/{resource}/{method}`). */
export function historyScope(target: HistoryTarget): string {
  return target.kind === 'design' ? `design:${target.designId}` : `integration:${target.restApiId}/${target.resourceId}/${target.httpMethod}`;
}

const rowSchema = z.object({ run_json: z.string() });

function parseRow(row: unknown): HistoryRun | undefined {
  const parsed = historyRunSchema.safeParse(JSON.parse(rowSchema.parse(row).run_json));
  return parsed.success ? parsed.data : undefined;
}

export async function addHistoryRun(run: NewHistoryRun, db?: SqlDatabase): Promise<HistoryRun> {
  const stored = maskRun({ ...run, id: randomUUID(), at: new Date().toISOString() });
  await (db ?? (await openConsoleDatabase())).run('INSERT INTO test_history (id, at, seq, scope, run_json) VALUES (?, ?, ?, ?, ?)', [stored.id, stored.at, monotonicSeq(), historyScope(stored.target), JSON.stringify(stored)]);
  return stored;
}

/** Replaces a stored run (e.g. after its test message was deleted); masks again. */
export async function updateHistoryRun(run: HistoryRun, db?: SqlDatabase): Promise<void> {
  const stored = maskRun(run);
  await (db ?? (await openConsoleDatabase())).run('UPDATE test_history SET run_json = ? WHERE id = ?', [JSON.stringify(stored), stored.id]);
}

/** Most recent first. */
export async function listHistory(target: HistoryTarget, limit = 100, db?: SqlDatabase): Promise<HistoryRun[]> {
  const rows = await (db ?? (await openConsoleDatabase())).all('SELECT run_json FROM test_history WHERE scope = ? ORDER BY seq DESC LIMIT ?', [historyScope(target), limit]);
  return rows.flatMap((r) => parseRow(r) ?? []);
}

export async function getHistoryRun(id: string, db?: SqlDatabase): Promise<HistoryRun | undefined> {
  const row = await (db ?? (await openConsoleDatabase())).get('SELECT run_json FROM test_history WHERE id = ?', [id]);
  return row === undefined ? undefined : parseRow(row);
}

/** Deletes the target's history; returns how many runs were deleted. */
export async function clearHistory(target: HistoryTarget, db?: SqlDatabase): Promise<number> {
  return (await (db ?? (await openConsoleDatabase())).run('DELETE FROM test_history WHERE scope = ?', [historyScope(target)])).changes;
}
