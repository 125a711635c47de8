import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSandboxDatabase } from '@/lib/sandbox/db';
import { closeConsoleDatabase, openConsoleDatabase } from '@/lib/store/db';

const root = path.resolve(__dirname, '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-corrupt-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A sandbox database with a few hundred kilobytes of rows, closed (checkpointed) as after a clean stop. */
function populatedSandboxDb(): string {
  // `sluice sandbox --data-dir X` keeps its state in X/sandbox/sandbox.db.
  const db = openSandboxDatabase(path.join(dir, 'sandbox'));
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < 3000; i++) insert.run(`message body ${i} `.repeat(8));
  // As after a clean stop: every page in the main file (a damaged WAL is a different failure).
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return path.join(dir, 'sandbox', 'sandbox.db');
}

type Damage = 'truncated' | 'empty' | 'page';
function damage(file: string, how: Damage): void {
  if (how === 'truncated') truncateSync(file, Math.floor(statSync(file).size / 2));
  else if (how === 'empty') writeFileSync(file, '');
  else {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096 * 5);
    closeSync(fd);
  }
}

const PROBLEM: Record<Damage, RegExp> = {
  truncated: /the file is damaged \(SQLite: [^\n]+\)\.\n/,
  empty: /the file is empty \(0 bytes\)\. Sluice never leaves a database empty, so it was truncated or replaced\./,
  page: /the file is damaged \(SQLite: [^\n]+\)\.\n/,
};

describe.each<Damage>(['truncated', 'empty', 'page'])('a %s database is refused, never silently replaced', (how) => {
  it('sandbox.db: `sluice sandbox` exits 1 naming the file and the mv command, no stack trace, file untouched', () => {
    const moved = populatedSandboxDb();
    damage(moved, how);
    const before = readFileSync(moved);
    const cli = spawnSync(process.execPath, ['bin/sluice.mjs', 'sandbox', '--port', '0', '--data-dir', dir], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`Cannot open the sandbox database ${moved}: `);
    expect(cli.stderr).toMatch(PROBLEM[how]);
    expect(cli.stderr).toContain('restore the file from a backup');
    expect(cli.stderr).toMatch(new RegExp(`mv '${moved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' '${moved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.damaged-\\d{8}T\\d{6}Z'`));
    expect(cli.stderr).not.toMatch(/^\s+at /m);
    expect(cli.stdout).not.toContain('Sandbox listening');
    expect(readFileSync(moved).equals(before)).toBe(true);
  }, 40_000);

  it('console.db: openConsoleDatabase throws the same clear error and leaves the file as it was', async () => {
    await fillConsoleDatabase(dir);
    const file = path.join(dir, 'console.db');
    damage(file, how);
    const before = readFileSync(file);
    await expect(openConsoleDatabase({ kind: 'sqlite', dataDir: dir })).rejects.toThrow(PROBLEM[how]);
    await expect(openConsoleDatabase({ kind: 'sqlite', dataDir: dir })).rejects.toThrow(`Cannot open the console database ${file}: `);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

it('`sluice start` refuses a damaged console.db before building or starting anything', async () => {
  await fillConsoleDatabase(dir);
  const file = path.join(dir, 'console.db');
  damage(file, 'page');
  const cli = spawnSync(process.execPath, ['bin/sluice.mjs', 'start', '--no-build', '--no-sandbox', '--data-dir', dir, '--port', '3200'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(cli.status).toBe(1);
  expect(cli.stderr).toContain(`Cannot open the console database ${file}: the file is damaged`);
  expect(cli.stderr).not.toContain('No production build');
});

it('a missing database is created, and a fresh one is never 0 bytes', () => {
  openSandboxDatabase(dir).close();
  expect(statSync(path.join(dir, 'sandbox.db')).size).toBeGreaterThan(0);
  expect(existsSync(path.join(dir, `sandbox.db.new-${process.pid}`))).toBe(false);
  openSandboxDatabase(dir).close();
});

/** A console.db with a large row, checkpointed into the main file, then closed. */
async function fillConsoleDatabase(dataDir: string): Promise<void> {
  const db = await openConsoleDatabase({ kind: 'sqlite', dataDir });
  await db.run("INSERT INTO designs VALUES ('d1', 'x', ?, 1, 'a', 'now', 'now')", ['{}'.padEnd(200_000, ' ')]);
  await db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  await closeConsoleDatabase({ kind: 'sqlite', dataDir });
}
