import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { openConsoleDatabase } from './db';
import type { SqlDatabase } from './sql';

/**
 * Apply and teardown jobs, kept in the database so that any console instance can report their progress, and a job
 * whose instance died is marked failed with what it had done instead of being forgotten. A job of a design on a
 * connection runs only while its runner holds that design's lock (design_locks), a row with a lease the runner keeps
 * renewing: a second instance cannot take it, and a dead instance's lease runs out.
 */
export const jobEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('step'), stepId: z.string(), description: z.string(), status: z.string(), elapsedMs: z.number(), requestId: z.string().optional(), message: z.string().optional(), at: z.number() }),
  z.object({ kind: z.literal('rollback'), description: z.string(), status: z.string(), message: z.string().optional(), at: z.number() }),
]);
export type JobEvent = z.infer<typeof jobEventSchema>;

export type JobStatus = 'running' | 'succeeded' | 'failed';

export type StoredJob = {
  id: string;
  kind: 'apply' | 'teardown';
  designId: string;
  connectionId: string;
  status: JobStatus;
  instanceId: string;
  startedBy: string;
  startedAt: number;
  heartbeatAt: number;
  finishedAt?: number;
  events: JobEvent[];
  /** The steps the job completed so far (descriptions), recorded as each returned; listed when a job is abandoned. */
  completed: string[];
  /** The outcome (an ApplyResult for applies), as JSON. */
  result?: unknown;
  crash?: string;
};

const rowSchema = z.object({
  id: z.string(),
  kind: z.enum(['apply', 'teardown']),
  design_id: z.string(),
  connection_id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  instance_id: z.string(),
  started_by: z.string(),
  started_at: z.coerce.number(),
  heartbeat_at: z.coerce.number(),
  finished_at: z.coerce.number().nullable(),
  events_json: z.string(),
  completed_json: z.string(),
  result_json: z.string().nullable(),
  crash: z.string().nullable(),
});

function toJob(raw: unknown): StoredJob {
  const r = rowSchema.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    designId: r.design_id,
    connectionId: r.connection_id,
    status: r.status,
    instanceId: r.instance_id,
    startedBy: r.started_by,
    startedAt: r.started_at,
    heartbeatAt: r.heartbeat_at,
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
    events: z.array(jobEventSchema).parse(JSON.parse(r.events_json)),
    completed: z.array(z.string()).parse(JSON.parse(r.completed_json)),
    ...(r.result_json !== null ? { result: JSON.parse(r.result_json) as unknown } : {}),
    ...(r.crash !== null ? { crash: r.crash } : {}),
  };
}

async function handle(db?: SqlDatabase): Promise<SqlDatabase> {
  return db ?? openConsoleDatabase();
}

/**
 * Takes the lock of a design on a connection for `holder` until `now + leaseMs`; true when taken (or already held by
 * `holder`, which renews it). One statement, so two instances racing for it cannot both win.
 */
export async function acquireDesignLock(designId: string, connectionId: string, holder: string, leaseMs: number, db?: SqlDatabase, purpose: 'apply' | 'teardown' = 'apply'): Promise<boolean> {
  const now = Date.now();
  const { changes } = await (await handle(db)).run(
    `INSERT INTO design_locks (design_id, connection_id, holder, purpose, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (design_id, connection_id) DO UPDATE SET holder = excluded.holder, purpose = excluded.purpose, expires_at = excluded.expires_at
     WHERE design_locks.expires_at < ? OR design_locks.holder = excluded.holder`,
    [designId, connectionId, holder, purpose, now + leaseMs, now],
  );
  return changes === 1;
}

/** What the current holder of a design's lock is doing, if anyone holds it. */
export async function lockPurpose(designId: string, connectionId: string, db?: SqlDatabase): Promise<'apply' | 'teardown' | undefined> {
  const row = await (await handle(db)).get('SELECT purpose FROM design_locks WHERE design_id = ? AND connection_id = ?', [designId, connectionId]);
  return row === undefined ? undefined : z.object({ purpose: z.enum(['apply', 'teardown']) }).parse(row).purpose;
}

/** Extends a lease; false when the lock is no longer `holder`'s (it expired and another instance took it). */
export async function renewDesignLock(designId: string, connectionId: string, holder: string, leaseMs: number, db?: SqlDatabase): Promise<boolean> {
  const { changes } = await (await handle(db)).run('UPDATE design_locks SET expires_at = ? WHERE design_id = ? AND connection_id = ? AND holder = ?', [Date.now() + leaseMs, designId, connectionId, holder]);
  return changes === 1;
}

export async function releaseDesignLock(designId: string, connectionId: string, holder: string, db?: SqlDatabase): Promise<void> {
  await (await handle(db)).run('DELETE FROM design_locks WHERE design_id = ? AND connection_id = ? AND holder = ?', [designId, connectionId, holder]);
}

export async function insertJob(job: { kind: StoredJob['kind']; designId: string; connectionId: string; instanceId: string; startedBy: string; id?: string }, db?: SqlDatabase): Promise<StoredJob> {
  const now = Date.now();
  const stored: StoredJob = { id: job.id ?? randomUUID(), kind: job.kind, designId: job.designId, connectionId: job.connectionId, status: 'running', instanceId: job.instanceId, startedBy: job.startedBy, startedAt: now, heartbeatAt: now, events: [], completed: [] };
  await (await handle(db)).run(
    `INSERT INTO apply_jobs (id, kind, design_id, connection_id, status, instance_id, started_by, started_at, heartbeat_at, events_json, completed_json)
     VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, '[]', '[]')`,
    [stored.id, stored.kind, stored.designId, stored.connectionId, stored.instanceId, stored.startedBy, now, now],
  );
  return stored;
}

/** Saves a running job's progress and heartbeat; a job already finished (e.g. marked abandoned) is left alone. */
export async function saveJobProgress(id: string, events: readonly JobEvent[], completed: readonly string[], db?: SqlDatabase): Promise<boolean> {
  const { changes } = await (await handle(db)).run("UPDATE apply_jobs SET events_json = ?, completed_json = ?, heartbeat_at = ? WHERE id = ? AND status = 'running'", [JSON.stringify(events), JSON.stringify(completed), Date.now(), id]);
  return changes === 1;
}

export async function finishJob(id: string, outcome: { status: Exclude<JobStatus, 'running'>; events: readonly JobEvent[]; completed: readonly string[]; result?: unknown; crash?: string }, db?: SqlDatabase): Promise<void> {
  await (await handle(db)).run("UPDATE apply_jobs SET status = ?, events_json = ?, completed_json = ?, result_json = ?, crash = ?, finished_at = ?, heartbeat_at = ? WHERE id = ? AND status = 'running'", [
    outcome.status,
    JSON.stringify(outcome.events),
    JSON.stringify(outcome.completed),
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
    outcome.crash ?? null,
    Date.now(),
    Date.now(),
    id,
  ]);
}

/**
 * Marks running jobs whose runner stopped sending heartbeats (its instance was killed or lost the database) as
 * failed, listing the steps they had completed; returns how many. Any instance may do this, any number of times.
 */
export async function failAbandonedJobs(staleMs: number, db?: SqlDatabase): Promise<number> {
  const h = await handle(db);
  const cutoff = Date.now() - staleMs;
  const rows = (await h.all("SELECT * FROM apply_jobs WHERE status = 'running' AND heartbeat_at < ?", [cutoff])).map(toJob);
  let n = 0;
  for (const job of rows) {
    const what = job.completed.length > 0 ? ` Steps it had completed: ${job.completed.join('; ')}.` : ' It had not completed any step.';
    const crash = `The console instance running this ${job.kind} (${job.instanceId}) stopped before it finished.${what} ${job.kind === 'apply' ? 'Apply again to finish; what those steps created was not recorded as deployed, so check the account for it.' : 'Tear down again to delete what is left.'}`;
    const { changes } = await h.run("UPDATE apply_jobs SET status = 'failed', crash = ?, finished_at = ? WHERE id = ? AND status = 'running' AND heartbeat_at < ?", [crash, Date.now(), job.id, cutoff]);
    n += changes;
  }
  return n;
}

export async function getStoredJob(id: string, db?: SqlDatabase): Promise<StoredJob | undefined> {
  const row = await (await handle(db)).get('SELECT * FROM apply_jobs WHERE id = ?', [id]);
  return row === undefined ? undefined : toJob(row);
}

/** The running job of a design on a connection, if any (the newest). */
export async function runningJobOf(designId: string, connectionId: string, db?: SqlDatabase): Promise<StoredJob | undefined> {
  const row = await (await handle(db)).get("SELECT * FROM apply_jobs WHERE design_id = ? AND connection_id = ? AND status = 'running' ORDER BY started_at DESC LIMIT 1", [designId, connectionId]);
  return row === undefined ? undefined : toJob(row);
}
