import 'server-only';
import type { Dialect, SqlDatabase } from './sql';

/**
 * The console's schema, one list for both backends. Migrations only ever get appended; each runs once, in one
 * transaction with the others that are pending, recorded in schema_migrations. The first one uses IF NOT EXISTS
 * because consoles before migrations created these three tables on first use.
 */
type Migration = { id: number; name: string; sql: string[]; only?: Dialect };

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'designs, deployments and test history',
    sql: [
      `CREATE TABLE IF NOT EXISTS designs (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         design_json TEXT NOT NULL,
         version INTEGER NOT NULL,
         furthest_step TEXT NOT NULL,
         created_at TEXT NOT NULL,
         updated_at TEXT NOT NULL
       )`,
      'CREATE INDEX IF NOT EXISTS designs_updated_at ON designs (updated_at DESC)',
      `CREATE TABLE IF NOT EXISTS deployments (
         design_id TEXT NOT NULL,
         connection_id TEXT NOT NULL,
         record_json TEXT NOT NULL,
         updated_at TEXT NOT NULL,
         PRIMARY KEY (design_id, connection_id)
       )`,
      `CREATE TABLE IF NOT EXISTS test_history (
         id TEXT PRIMARY KEY,
         at TEXT NOT NULL,
         scope TEXT NOT NULL,
         run_json TEXT NOT NULL
       )`,
      'CREATE INDEX IF NOT EXISTS test_history_scope_at ON test_history (scope, at DESC)',
    ],
  },
  {
    id: 2,
    name: 'test history order that does not depend on SQLite rowids',
    sql: ['ALTER TABLE test_history ADD COLUMN seq BIGINT NOT NULL DEFAULT 0'],
  },
  { id: 3, name: 'order of test history recorded before migration 2', only: 'sqlite', sql: ['UPDATE test_history SET seq = rowid'] },
  {
    id: 4,
    name: 'learners’ progress through the Learn mode exercises',
    sql: [
      `CREATE TABLE learner_progress (
         learner_id TEXT NOT NULL,
         learner_name TEXT NOT NULL,
         exercise_id TEXT NOT NULL,
         status TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         started_at TEXT NOT NULL,
         updated_at TEXT NOT NULL,
         completed_at TEXT,
         PRIMARY KEY (learner_id, exercise_id)
       )`,
    ],
  },
  {
    id: 5,
    name: 'durable apply and teardown jobs, and per-design locks with a lease',
    sql: [
      `CREATE TABLE apply_jobs (
         id TEXT PRIMARY KEY,
         kind TEXT NOT NULL,
         design_id TEXT NOT NULL,
         connection_id TEXT NOT NULL,
         status TEXT NOT NULL,
         instance_id TEXT NOT NULL,
         started_by TEXT NOT NULL,
         started_at BIGINT NOT NULL,
         heartbeat_at BIGINT NOT NULL,
         finished_at BIGINT,
         events_json TEXT NOT NULL,
         completed_json TEXT NOT NULL,
         result_json TEXT,
         crash TEXT
       )`,
      'CREATE INDEX apply_jobs_design ON apply_jobs (design_id, connection_id, status)',
      // Consoles between 0.1 and migrations kept a SQLite-only lock table here; locks are transient, so it is replaced.
      'DROP TABLE IF EXISTS design_locks',
      `CREATE TABLE design_locks (
         design_id TEXT NOT NULL,
         connection_id TEXT NOT NULL,
         holder TEXT NOT NULL,
         purpose TEXT NOT NULL,
         expires_at BIGINT NOT NULL,
         PRIMARY KEY (design_id, connection_id)
       )`,
    ],
  },
  {
    id: 6,
    name: 'users, sessions and the audit log',
    sql: [
      `CREATE TABLE users (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         email TEXT,
         role TEXT NOT NULL,
         role_source TEXT NOT NULL,
         created_at TEXT NOT NULL,
         last_seen_at TEXT NOT NULL
       )`,
      `CREATE TABLE sessions (
         id TEXT PRIMARY KEY,
         user_id TEXT NOT NULL,
         created_at BIGINT NOT NULL,
         expires_at BIGINT NOT NULL,
         id_token TEXT
       )`,
      'CREATE INDEX sessions_user ON sessions (user_id)',
      `CREATE TABLE audit_log (
         id TEXT PRIMARY KEY,
         seq BIGINT NOT NULL,
         at TEXT NOT NULL,
         actor_id TEXT NOT NULL,
         actor_name TEXT NOT NULL,
         actor_role TEXT NOT NULL,
         action TEXT NOT NULL,
         connection_id TEXT,
         connection_name TEXT,
         account_id TEXT,
         design_id TEXT,
         summary TEXT NOT NULL,
         calls_json TEXT NOT NULL,
         result TEXT NOT NULL,
         message TEXT
       )`,
      'CREATE INDEX audit_log_seq ON audit_log (seq DESC)',
    ],
  },
  {
    id: 7,
    name: 'Learn mode: learners with their resource prefix; the exercise design, stage and last check of each progress row',
    sql: [
      `CREATE TABLE learners (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         slug TEXT NOT NULL UNIQUE,
         created_at TEXT NOT NULL
       )`,
      'ALTER TABLE learner_progress ADD COLUMN design_id TEXT',
      'ALTER TABLE learner_progress ADD COLUMN stage_index INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE learner_progress ADD COLUMN failed_checks INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE learner_progress ADD COLUMN last_check_json TEXT',
      'CREATE INDEX learner_progress_design ON learner_progress (design_id)',
    ],
  },
];

// Any 64-bit constant; it names the lock that keeps two instances from migrating at the same time.
const MIGRATION_LOCK = 7_245_001;

/** Applies the pending migrations; returns the names of those it applied. Safe to call from many instances at once. */
export async function migrate(db: SqlDatabase): Promise<string[]> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    const done = new Set((await tx.all('SELECT id FROM schema_migrations')).map((r) => Number((r as { id: unknown }).id)));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      if (!m.only || m.only === tx.dialect) for (const sql of m.sql) await tx.run(sql);
      await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, new Date().toISOString()]);
      applied.push(`${m.id} ${m.name}`);
    }
    return applied;
  });
}

let lastSeq = 0;
/** An ordering key that grows within a process and roughly with time across processes (microsecond-scaled ms). */
export function monotonicSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}
