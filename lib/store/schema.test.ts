import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeConsoleDatabase, openConsoleDatabase } from './db';
import { listHistory } from './history';
import { getDesign } from './designs';
import { MIGRATIONS, migrate } from './schema';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';

describeBackends('migrations', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterEach(() => dispose());

  it('records every migration once; running them again (another instance starting) changes nothing', async () => {
    const rows = await db.all('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => Number((r as { id: unknown }).id))).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await Promise.all([migrate(db), migrate(db)])).toEqual([[], []]);
    for (const table of ['designs', 'deployments', 'test_history', 'learner_progress', 'apply_jobs', 'design_locks', 'users', 'sessions', 'audit_log']) {
      expect(await db.all(`SELECT * FROM ${table}`)).toEqual([]);
    }
  });
});

describe('a console.db from before migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sluice-legacy-'));
  });
  afterEach(async () => {
    await closeConsoleDatabase({ kind: 'sqlite', dataDir: dir });
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its designs and the order of its test history', async () => {
    // The tables as earlier consoles created them on first use.
    const legacy = new Database(path.join(dir, 'console.db'));
    legacy.exec(`CREATE TABLE designs (id TEXT PRIMARY KEY, name TEXT NOT NULL, design_json TEXT NOT NULL, version INTEGER NOT NULL, furthest_step TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    legacy.exec(`CREATE TABLE test_history (id TEXT PRIMARY KEY, at TEXT NOT NULL, scope TEXT NOT NULL, run_json TEXT NOT NULL)`);
    const { createPresetDesign } = await import('@/lib/design');
    legacy.prepare('INSERT INTO designs VALUES (?, ?, ?, 3, ?, ?, ?)').run('abcdefghij', 'Old', JSON.stringify(createPresetDesign('fifo')), 'review', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    const at = '2026-01-01T00:00:00.000Z';
    for (const id of ['first', 'second']) {
      const run = { id, at, connectionId: 'sandbox', connectionName: 'Built-in sandbox', target: { kind: 'design', designId: 'abcdefghij', name: 'Old' }, kind: 'invoke-url', request: { method: 'POST', path: '/', query: '', headers: [], body: '' } };
      legacy.prepare('INSERT INTO test_history VALUES (?, ?, ?, ?)').run(id, at, 'design:abcdefghij', JSON.stringify(run));
    }
    legacy.close();
    const db = await openConsoleDatabase({ kind: 'sqlite', dataDir: dir });
    expect(await getDesign('abcdefghij', db)).toMatchObject({ name: 'Old', version: 3, furthestStep: 'review' });
    expect((await listHistory({ kind: 'design', designId: 'abcdefghij', name: 'Old' }, 10, db)).map((r) => r.id)).toEqual(['second', 'first']);
  });
});
