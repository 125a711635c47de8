import 'server-only';
import type { Database, Statement } from 'libsql';

const prepared = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql`, prepared once per database handle. Preparing costs about as much as running a point
 * lookup, and the IAM/STS lookups run on every request signed with role-session credentials.
 */
export function statement(db: Database, sql: string): Statement {
  let bySql = prepared.get(db);
  if (!bySql) prepared.set(db, (bySql = new Map()));
  let stmt = bySql.get(sql);
  if (!stmt) bySql.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

const generations = new WeakMap<Database, number>();

/**
 * A counter bumped by every write to the IAM and STS tables (iam/store.ts, sts/store.ts are their only writers; the
 * sandbox is one process owning its database). A value read from those tables while the counter still has the value
 * it had at the read is still what the tables hold — the basis of the per-request lookups' caches in lib/sandbox/auth.
 */
export function identityGeneration(db: Database): number {
  return generations.get(db) ?? 0;
}

export function bumpIdentityGeneration(db: Database): void {
  generations.set(db, identityGeneration(db) + 1);
}
