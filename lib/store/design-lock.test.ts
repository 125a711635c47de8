import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConsoleDatabase } from './db';
import { DesignBusyError, sqliteDesignLocks } from './design-lock';
import { forgetCreated, getDeployment, recordCreated } from './deployments';

const key = { designId: 'lockdesign', connectionId: 'sandbox' };

describe('design lock', () => {
  it('makes a second apply or teardown wait, and refuses it with a clear message when the wait runs out', async () => {
    const locks = sqliteDesignLocks(mkdtempSync(path.join(tmpdir(), 'sluice-lock-')));
    const order: string[] = [];
    let release: () => void = () => {};
    const first = locks.withLock(key, 'apply', async () => {
      order.push('apply start');
      await new Promise<void>((r) => (release = r));
      order.push('apply end');
    });
    await expect(locks.withLock(key, 'teardown', async () => 'ran', { waitMs: 0 })).rejects.toThrow(new DesignBusyError('apply'));
    expect(new DesignBusyError('apply').message).toBe('An apply of this design is still running on this connection; try again when it has finished.');
    const second = locks.withLock(key, 'teardown', async () => order.push('teardown'), { waitMs: 5_000 });
    await new Promise((r) => setTimeout(r, 250));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['apply start', 'apply end', 'teardown']);
    expect(await locks.withLock({ ...key, designId: 'other' }, 'apply', async () => 'free', { waitMs: 0 })).toBe('free');
  });

  it('is taken over at once when the process that held it is gone (kill -9)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    openConsoleDatabase(dir)
      .prepare('INSERT INTO design_locks (design_id, connection_id, owner, purpose, host, pid, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key.designId, key.connectionId, 'gone', 'apply', hostname(), Number(dead.stdout), Date.now());
    expect(await sqliteDesignLocks(dir).withLock(key, 'teardown', async () => 'ran', { waitMs: 0 })).toBe('ran');
  });
});

describe('created-resource record', () => {
  it('keeps each created resource as it is reported, and drops the record when a rollback deleted them all', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-created-'));
    recordCreated('d1', 'sandbox', 'prod', { kind: 'queue', queueUrl: 'http://q/000000000000/orders' }, dir);
    recordCreated('d1', 'sandbox', 'prod', { kind: 'restApi', restApiId: 'abc123' }, dir);
    expect(getDeployment('d1', 'sandbox', dir)).toMatchObject({ restApiId: 'abc123', queueUrl: 'http://q/000000000000/orders', created: { queueUrl: 'http://q/000000000000/orders', restApiId: 'abc123', resources: {} } });
    forgetCreated('d1', 'sandbox', { kind: 'restApi', restApiId: 'abc123' }, dir);
    expect(getDeployment('d1', 'sandbox', dir)?.restApiId).toBeUndefined();
    forgetCreated('d1', 'sandbox', { kind: 'queue', queueUrl: 'http://q/000000000000/orders' }, dir);
    expect(getDeployment('d1', 'sandbox', dir)).toBeUndefined();
  });
  it('forgets the child resources of a deleted resource', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-created-'));
    for (const [p, id] of [['/a', 'r1'], ['/a/b', 'r2'], ['/ab', 'r3']] as const) recordCreated('d2', 'sandbox', 'prod', { kind: 'resource', path: p, restApiId: 'api1', resourceId: id }, dir);
    forgetCreated('d2', 'sandbox', { kind: 'resource', path: '/a', restApiId: 'api1', resourceId: 'r1' }, dir);
    expect(getDeployment('d2', 'sandbox', dir)?.created.resources).toEqual({ '/ab': 'api1:r3' });
  });
});
