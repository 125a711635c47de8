import { afterEach, beforeEach, expect, it } from 'vitest';
import { DesignBusyError, designLocks } from './design-lock';
import { forgetCreated, getDeployment, recordCreated } from './deployments';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';

const key = { designId: 'lockdesign', connectionId: 'sandbox' };

describeBackends('design lock and created-resource record', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterEach(() => dispose());

  it('makes a second apply or teardown wait, and refuses it with a clear message when the wait runs out', async () => {
    const locks = designLocks(db);
    const order: string[] = [];
    let release: () => void = () => {};
    let started: () => void = () => {};
    const holding = new Promise<void>((r) => (started = r));
    const first = locks.withLock(key, 'apply', async () => {
      order.push('apply start');
      started();
      await new Promise<void>((r) => (release = r));
      order.push('apply end');
    });
    await holding;
    await expect(locks.withLock(key, 'teardown', async () => 'ran', { waitMs: 0 })).rejects.toThrow(new DesignBusyError('apply'));
    expect(new DesignBusyError('apply').message).toBe('An apply of this design is still running on this connection; try again when it has finished.');
    const second = locks.withLock(key, 'teardown', async () => order.push('teardown'), { waitMs: 5_000 });
    await new Promise((r) => setTimeout(r, 250));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['apply start', 'apply end', 'teardown']);
    expect(await locks.withLock({ ...key, designId: 'other' }, 'apply', async () => 'free', { waitMs: 0 })).toBe('free');
  });

  it('lets the holder ask for its own lock again (a job runs a deploy that locks the design too)', async () => {
    const locks = designLocks(db);
    expect(await locks.withLock(key, 'apply', () => locks.withLock(key, 'apply', async () => 'nested', { waitMs: 0 }))).toBe('nested');
  });

  it('keeps each created resource as it is reported, also when reports arrive together, and drops the record when a rollback deleted them all', async () => {
    await Promise.all([
      recordCreated('d1', 'sandbox', 'prod', { kind: 'queue', queueUrl: 'http://q/000000000000/orders' }, db),
      recordCreated('d1', 'sandbox', 'prod', { kind: 'restApi', restApiId: 'abc123' }, db),
      recordCreated('d1', 'sandbox', 'prod', { kind: 'role', roleName: 'orders-role' }, db),
    ]);
    expect(await getDeployment('d1', 'sandbox', db)).toMatchObject({ restApiId: 'abc123', queueUrl: 'http://q/000000000000/orders', created: { queueUrl: 'http://q/000000000000/orders', restApiId: 'abc123', roleName: 'orders-role', resources: {} } });
    await forgetCreated('d1', 'sandbox', { kind: 'restApi', restApiId: 'abc123' }, db);
    expect((await getDeployment('d1', 'sandbox', db))?.restApiId).toBeUndefined();
    await forgetCreated('d1', 'sandbox', { kind: 'role', roleName: 'orders-role' }, db);
    await forgetCreated('d1', 'sandbox', { kind: 'queue', queueUrl: 'http://q/000000000000/orders' }, db);
    expect(await getDeployment('d1', 'sandbox', db)).toBeUndefined();
  });

  it('forgets the child resources of a deleted resource', async () => {
    for (const [p, id] of [['/a', 'r1'], ['/a/b', 'r2'], ['/ab', 'r3']] as const) await recordCreated('d2', 'sandbox', 'prod', { kind: 'resource', path: p, restApiId: 'api1', resourceId: id }, db);
    await forgetCreated('d2', 'sandbox', { kind: 'resource', path: '/a', restApiId: 'api1', resourceId: 'r1' }, db);
    expect((await getDeployment('d2', 'sandbox', db))?.created.resources).toEqual({ '/ab': 'api1:r3' });
  });
});
