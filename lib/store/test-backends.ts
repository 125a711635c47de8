import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { migrate } from './schema';
import { openPostgres, openSqlite, type SqlDatabase } from './sql';
import { freshPostgresSchema } from './test-schema';

/**
 * The backends every store test runs against: SQLite in a temporary directory, and PostgreSQL when
 * SLUICE_TEST_DATABASE_URL names a database (each test gets its own schema there, dropped afterwards).
 * `.ci/run` starts a throwaway PostgreSQL and sets the variable; locally the PostgreSQL half is skipped.
 */
export type Backend = { name: 'sqlite' | 'postgres'; open: () => Promise<{ db: SqlDatabase; dispose: () => Promise<void> }> };

export const TEST_DATABASE_URL = process.env.SLUICE_TEST_DATABASE_URL;
if (!TEST_DATABASE_URL && process.env.SLUICE_REQUIRE_POSTGRES_TESTS === '1') throw new Error('SLUICE_REQUIRE_POSTGRES_TESTS=1 but SLUICE_TEST_DATABASE_URL is not set: the store tests must also run on PostgreSQL (.ci/run starts one).');

const sqlite: Backend = {
  name: 'sqlite',
  open: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-store-'));
    const db = openSqlite(path.join(dir, 'console.db'));
    await migrate(db);
    return {
      db,
      dispose: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Backend = {
  name: 'postgres',
  open: async () => {
    const fresh = await freshPostgresSchema(TEST_DATABASE_URL!);
    const db = openPostgres(fresh.url);
    await migrate(db);
    return {
      db,
      dispose: async () => {
        await db.close();
        await fresh.drop();
      },
    };
  },
};

/** `describe` once per backend; the PostgreSQL block is skipped, saying why, when no test database is configured. */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  describe(`${title} (SQLite)`, () => body(sqlite));
  if (TEST_DATABASE_URL) describe(`${title} (PostgreSQL)`, () => body(postgres));
  else describe.skip(`${title} (PostgreSQL: skipped, set SLUICE_TEST_DATABASE_URL=postgres://… to run it)`, () => body(postgres));
}
