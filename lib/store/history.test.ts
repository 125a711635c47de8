import { afterAll, beforeAll, expect, it } from 'vitest';
import { addHistoryRun, clearHistory, getHistoryRun, listHistory, type NewHistoryRun } from './history';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';

const target = { kind: 'design' as const, designId: 'zzzzzzzzzz', name: 'Orders' };

function run(overrides: Partial<NewHistoryRun> = {}): NewHistoryRun {
  return {
    connectionId: 'sandbox',
    connectionName: 'Built-in sandbox',
    target,
    kind: 'invoke-url',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4566/_aws/execute-api/abc/prod/send?X-Amz-Signature=deadbeef',
      path: '/send',
      query: '',
      headers: [['Content-Type', 'application/json'], ['Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/…'], ['x-api-key', 'k-secret'], ['X-Amz-Security-Token', 'IQoJ'], ['Cookie', 'sluice-token=t']],
      body: '{"message": "Hello World"}',
    },
    response: {
      status: 200,
      headers: [['Content-Type', 'application/json'], ['Set-Cookie', 'a=b']],
      body: '{"messageId": "m"}',
      latencyMs: 12,
      log: 'Endpoint request headers: {Authorization=****abcdef, X-Amz-Date=20261121T074349Z, X-Amz-Security-Token=IQoJb3JpZ2lu [TRUNCATED]\n',
    },
    ...overrides,
  };
}

describeBackends('test history', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterAll(() => dispose());

  it('stores every run with its secrets masked — request headers, response headers, log and signed URL', async () => {
    const stored = await addHistoryRun(run(), db);
    const back = (await getHistoryRun(stored.id, db))!;
    const text = JSON.stringify(back);
    for (const secret of ['AKIAEXAMPLE', 'k-secret', 'IQoJ', 'sluice-token=t', 'a=b', 'abcdef', 'deadbeef']) expect(text).not.toContain(secret);
    expect(back.request.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(back.request.headers).toContainEqual(['x-api-key', '****']);
    expect(back.response?.log).toContain('X-Amz-Date=20261121T074349Z');
  });

  it('lists most recent first per target and clears only that target', async () => {
    const other = { kind: 'integration' as const, restApiId: 'api1', resourceId: 'r1', httpMethod: 'POST', name: 'x' };
    await addHistoryRun(run({ kind: 'test-invoke' }), db);
    await addHistoryRun(run({ target: other }), db);
    const list = await listHistory(target, 100, db);
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0]!.kind).toBe('test-invoke');
    expect(await clearHistory(target, db)).toBe(list.length);
    expect(await listHistory(target, 100, db)).toEqual([]);
    expect(await listHistory(other, 100, db)).toHaveLength(1);
  });

  it('keeps the error code and the design version of a run, and still reads runs recorded without them', async () => {
    const failed = await addHistoryRun(run({ target: { ...target, version: 7 }, errorCode: 'AccessDenied', response: { status: 403, headers: [], body: '<Code>AccessDenied</Code>', latencyMs: 3 } }), db);
    const back = (await getHistoryRun(failed.id, db))!;
    expect(back.errorCode).toBe('AccessDenied');
    expect(back.target).toMatchObject({ kind: 'design', version: 7 });
    // A run stored before these were kept (same scope: the version is not part of it).
    const old = await addHistoryRun(run(), db);
    const list = await listHistory(target, 100, db);
    expect(list.map((r) => r.id)).toEqual(expect.arrayContaining([failed.id, old.id]));
    const oldBack = list.find((r) => r.id === old.id)!;
    expect(oldBack.errorCode).toBeUndefined();
    expect(oldBack.target).not.toHaveProperty('version');
  });
});
