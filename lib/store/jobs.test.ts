import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireDesignLock, failAbandonedJobs, finishJob, getStoredJob, insertJob, releaseDesignLock, renewDesignLock, runningJobOf, saveJobProgress } from './jobs';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';

describeBackends('apply jobs and design locks', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterEach(() => dispose());

  it('gives a design’s lock to exactly one of many racing holders, per connection', async () => {
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireDesignLock('abcdefghij', 'sandbox', `job-${i}`, 10_000, db)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await acquireDesignLock('abcdefghij', 'aws', 'job-x', 10_000, db)).toBe(true);
    const winner = `job-${wins.indexOf(true)}`;
    expect(await renewDesignLock('abcdefghij', 'sandbox', winner, 10_000, db)).toBe(true);
    expect(await renewDesignLock('abcdefghij', 'sandbox', 'job-other', 10_000, db)).toBe(false);
    await releaseDesignLock('abcdefghij', 'sandbox', winner, db);
    expect(await acquireDesignLock('abcdefghij', 'sandbox', 'job-next', 10_000, db)).toBe(true);
  });

  it('lets another holder take a lock whose lease ran out, and the old holder can no longer renew it', async () => {
    expect(await acquireDesignLock('abcdefghij', 'sandbox', 'dead', 1, db)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await acquireDesignLock('abcdefghij', 'sandbox', 'alive', 10_000, db)).toBe(true);
    expect(await renewDesignLock('abcdefghij', 'sandbox', 'dead', 10_000, db)).toBe(false);
  });

  it('stores progress and the outcome; a finished job is not changed by a late progress write', async () => {
    const job = await insertJob({ kind: 'apply', designId: 'abcdefghij', connectionId: 'sandbox', instanceId: 'i-1', startedBy: 'Ada' }, db);
    expect(await runningJobOf('abcdefghij', 'sandbox', db)).toMatchObject({ id: job.id, status: 'running', startedBy: 'Ada' });
    const step = { kind: 'step' as const, stepId: 'queue', description: 'Create queue orders', status: 'done', elapsedMs: 12, at: Date.now() };
    expect(await saveJobProgress(job.id, [step], ['Create queue orders'], db)).toBe(true);
    expect(await getStoredJob(job.id, db)).toMatchObject({ events: [step], completed: ['Create queue orders'] });
    await finishJob(job.id, { status: 'succeeded', events: [step], completed: ['Create queue orders'], result: { calls: 3 } }, db);
    expect(await saveJobProgress(job.id, [], [], db)).toBe(false);
    expect(await getStoredJob(job.id, db)).toMatchObject({ status: 'succeeded', result: { calls: 3 }, events: [step] });
    expect(await runningJobOf('abcdefghij', 'sandbox', db)).toBeUndefined();
  });

  it('marks a job whose runner went silent as failed, listing the steps it had completed', async () => {
    const job = await insertJob({ kind: 'apply', designId: 'abcdefghij', connectionId: 'sandbox', instanceId: 'host/123', startedBy: 'Ada' }, db);
    await saveJobProgress(job.id, [], ['Create queue orders', 'Create role orders-role'], db);
    expect(await failAbandonedJobs(60_000, db)).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(await failAbandonedJobs(10, db)).toBe(1);
    const failed = await getStoredJob(job.id, db);
    expect(failed?.status).toBe('failed');
    expect(failed?.crash).toMatch(/host\/123\) stopped before it finished\. Steps it had completed: Create queue orders; Create role orders-role\./);
    expect(await failAbandonedJobs(10, db)).toBe(0);
  });
});
