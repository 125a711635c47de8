import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { getEnv } from '@/lib/env';
import {
  acquireDesignLock,
  failAbandonedJobs,
  finishJob,
  getStoredJob,
  insertJob,
  type JobEvent,
  type JobStatus,
  releaseDesignLock,
  renewDesignLock,
  runningJobOf,
  saveJobProgress,
  type StoredJob,
} from '@/lib/store/jobs';
import { runAsLockHolder } from '@/lib/store/design-lock';
import type { ApplyEvent } from './apply';

/**
 * Applies and teardowns run in the background of the instance that started them while browsers poll their progress
 * (server actions cannot stream) from the database, through whichever instance they talk to. The runner holds the
 * design's lock and renews it with each heartbeat; a runner that stops (kill -9, lost host) stops renewing, and the
 * first instance that looks at the job after the lease ran out marks it failed with the steps it had completed.
 */
export const INSTANCE_ID = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

function leaseMs(): number {
  return getEnv().SLUICE_JOB_LEASE_SECONDS * 1000;
}

export type JobProgress = {
  event: (e: ApplyEvent) => void;
};

export type JobOutcome = { status: Exclude<JobStatus, 'running'>; result?: unknown; crash?: string };

export type StartedJob = { kind: 'started'; job: StoredJob; done: Promise<void> } | { kind: 'running'; job: StoredJob } | { kind: 'locked' };

/**
 * Starts `work` as a job of the design on the connection, unless one is running already (that job is returned, on
 * whichever instance it runs) or another instance holds the design's lock.
 */
export async function startJob(
  spec: { kind: StoredJob['kind']; designId: string; connectionId: string; startedBy: string },
  work: (progress: JobProgress) => Promise<JobOutcome>,
): Promise<StartedJob> {
  await failAbandonedJobs(leaseMs());
  const running = await runningJobOf(spec.designId, spec.connectionId);
  if (running) return { kind: 'running', job: running };
  const job = await insertJobLocked(spec);
  if (!job) {
    // The lock's holder inserts its job row right after taking the lock; give it a moment to appear.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const other = await runningJobOf(spec.designId, spec.connectionId);
      if (other) return { kind: 'running', job: other };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { kind: 'locked' };
  }
  return { kind: 'started', job, done: run(job, work) };
}

async function insertJobLocked(spec: { kind: StoredJob['kind']; designId: string; connectionId: string; startedBy: string }): Promise<StoredJob | undefined> {
  const id = crypto.randomUUID();
  if (!(await acquireDesignLock(spec.designId, spec.connectionId, id, leaseMs(), undefined, spec.kind))) return undefined;
  return insertJob({ ...spec, id, instanceId: INSTANCE_ID });
}

async function run(job: StoredJob, work: (progress: JobProgress) => Promise<JobOutcome>): Promise<void> {
  const events: JobEvent[] = [];
  const completed: string[] = [];
  // Progress writes go out one at a time, in order; a failed write is retried by the next one (it carries everything).
  let writes: Promise<unknown> = Promise.resolve();
  const flush = () => {
    writes = writes.then(() => saveJobProgress(job.id, events, completed)).catch(() => undefined);
    return writes;
  };
  const heartbeat = setInterval(() => {
    void renewDesignLock(job.designId, job.connectionId, job.id, leaseMs()).catch(() => undefined);
    void flush();
  }, Math.max(250, leaseMs() / 5));
  let outcome: JobOutcome;
  try {
    outcome = await runAsLockHolder({ designId: job.designId, connectionId: job.connectionId }, () => work({
      event: (e) => {
        events.push({ ...e, at: Date.now() });
        if (e.kind === 'step' && e.status === 'done') completed.push(e.description);
        void flush();
      },
    }));
  } catch (err) {
    outcome = { status: 'failed', crash: err instanceof Error ? err.message : String(err) };
  } finally {
    clearInterval(heartbeat);
  }
  await writes;
  await finishJob(job.id, { ...outcome, events, completed });
  await releaseDesignLock(job.designId, job.connectionId, job.id);
}

/** A job as stored, after marking it failed if its runner has stopped. */
export async function getJob(id: string): Promise<StoredJob | undefined> {
  await failAbandonedJobs(leaseMs());
  return getStoredJob(id);
}

/** The running job of a design on a connection, if any: two jobs of one design must not interleave. */
export async function runningJobFor(designId: string, connectionId: string): Promise<StoredJob | undefined> {
  await failAbandonedJobs(leaseMs());
  return runningJobOf(designId, connectionId);
}
