import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ApplyEvent, ApplyResult } from './apply';

/**
 * Applies run in the server process while the browser polls their progress (server actions cannot stream).
 * Jobs live in memory for an hour; the outcome of every apply is also saved as the design's deployment record.
 */
export type ApplyJob = {
  id: string;
  designId: string;
  connectionId: string;
  startedAt: number;
  status: 'running' | 'succeeded' | 'failed';
  events: (ApplyEvent & { at: number })[];
  result?: ApplyResult;
  /** An unexpected error (not an AWS error of a step), e.g. the connection went away. */
  crash?: string;
};

const key = Symbol.for('sluice.apply.jobs');
const g = globalThis as typeof globalThis & { [key]?: Map<string, ApplyJob> };
const jobs = (g[key] ??= new Map());

export function createJob(designId: string, connectionId: string): ApplyJob {
  const now = Date.now();
  for (const [id, job] of jobs) if (now - job.startedAt > 3_600_000) jobs.delete(id);
  const job: ApplyJob = { id: randomUUID(), designId, connectionId, startedAt: now, status: 'running', events: [] };
  jobs.set(job.id, job);
  return job;
}

export function getJob(id: string): ApplyJob | undefined {
  return jobs.get(id);
}

/** The running apply of a design on a connection, if any: two applies of one design must not interleave. */
export function runningJobFor(designId: string, connectionId: string): ApplyJob | undefined {
  return [...jobs.values()].find((j) => j.designId === designId && j.connectionId === connectionId && j.status === 'running');
}
