import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'libsql';
import pg from 'pg';
import { openCheckedDatabase } from '@/lib/sqlite';

/**
 * The console's one database interface, for SQLite (libsql, embedded, the default) and PostgreSQL (`pg`, when
 * DATABASE_URL is set). SQL is written once in the subset both speak, with `?` placeholders; the PostgreSQL driver
 * numbers them. Rows come back as plain objects, which every store parses with zod.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface SqlExecutor {
  readonly dialect: Dialect;
  all(sql: string, params?: readonly unknown[]): Promise<unknown[]>;
  get(sql: string, params?: readonly unknown[]): Promise<unknown>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `fn` in one transaction; it is rolled back if `fn` throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where the data lives, for messages (a file path, or the URL without its password). */
  readonly location: string;
}

/** `?` → `$1, $2, …`. The stores never put a `?` inside a string literal. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  // One connection serves the whole process; transactions are serialized so that no other query runs inside one.
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private direct(): SqlExecutor {
    const db = this.db;
    return {
      dialect: 'sqlite',
      all: async (sql, params = []) => db.prepare(sql).all(...params) as unknown[],
      get: async (sql, params = []) => db.prepare(sql).get(...params) as unknown,
      run: async (sql, params = []) => ({ changes: db.prepare(sql).run(...params).changes }),
    };
  }

  all(sql: string, params?: readonly unknown[]) {
    return this.exclusive(() => this.direct().all(sql, params));
  }
  get(sql: string, params?: readonly unknown[]) {
    return this.exclusive(() => this.direct().get(sql, params));
  }
  run(sql: string, params?: readonly unknown[]) {
    return this.exclusive(() => this.direct().run(sql, params));
  }
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // IMMEDIATE takes the write lock at once, so two processes on one file serialize instead of failing to upgrade.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct());
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }
  async close() {
    await this.queue;
    this.db.close();
  }
}

class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  private static executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
    return {
      dialect: 'postgres',
      all: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rows as unknown[],
      get: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rows[0] as unknown,
      run: async (sql, params = []) => ({ changes: (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0 }),
    };
  }

  all(sql: string, params?: readonly unknown[]) {
    return PostgresDatabase.executor(this.pool).all(sql, params);
  }
  get(sql: string, params?: readonly unknown[]) {
    return PostgresDatabase.executor(this.pool).get(sql, params);
  }
  run(sql: string, params?: readonly unknown[]) {
    return PostgresDatabase.executor(this.pool).run(sql, params);
  }
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(PostgresDatabase.executor(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  async close() {
    await this.pool.end();
  }
}

export function openSqlite(file: string): SqlDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openCheckedDatabase(file, 'console database');
  db.exec('PRAGMA journal_mode = WAL');
  // Autosave writes a few times a minute; FULL makes a save acknowledged to the browser survive a power cut.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  return new SqliteDatabase(db, file);
}

/** BIGINT (counts, epoch milliseconds) as a JavaScript number rather than pg's default string. */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openPostgres(url: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection (server restart) must not crash the console; the next query reconnects.
  pool.on('error', () => undefined);
  const shown = new URL(url);
  shown.password = shown.password ? '****' : '';
  return new PostgresDatabase(pool, shown.toString());
}
