import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addHistoryRun, clearHistory, getHistoryRun, listHistory, type NewHistoryRun } from './history';

const dir = mkdtempSync(path.join(tmpdir(), 'sluice-history-'));
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

describe('test history', () => {
  it('stores every run with its secrets masked — request headers, response headers, log and signed URL', () => {
    const stored = addHistoryRun(run(), dir);
    const back = getHistoryRun(stored.id, dir)!;
    const text = JSON.stringify(back);
    for (const secret of ['AKIAEXAMPLE', 'k-secret', 'IQoJ', 'sluice-token=t', 'a=b', 'abcdef', 'deadbeef']) expect(text).not.toContain(secret);
    expect(back.request.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(back.request.headers).toContainEqual(['x-api-key', '****']);
    expect(back.response?.log).toContain('X-Amz-Date=20261121T074349Z');
  });

  it('lists most recent first per target and clears only that target', () => {
    const other = { kind: 'integration' as const, restApiId: 'api1', resourceId: 'r1', httpMethod: 'POST', name: 'x' };
    addHistoryRun(run({ kind: 'test-invoke' }), dir);
    addHistoryRun(run({ target: other }), dir);
    const list = listHistory(target, 100, dir);
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0]!.kind).toBe('test-invoke');
    expect(clearHistory(target, dir)).toBe(list.length);
    expect(listHistory(target, 100, dir)).toEqual([]);
    expect(listHistory(other, 100, dir)).toHaveLength(1);
  });
});
