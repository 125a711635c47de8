import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'libsql';
import { openCheckedDatabase } from '@/lib/sqlite';
import { getEnv } from '@/lib/env';

const MIGRATIONS: string[] = [
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
  // lib/store/design-lock.ts: who is applying or tearing down a design right now.
  `CREATE TABLE IF NOT EXISTS design_locks (
     design_id TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     owner TEXT NOT NULL,
     purpose TEXT NOT NULL,
     host TEXT NOT NULL,
     pid INTEGER NOT NULL,
     renewed_at INTEGER NOT NULL,
     PRIMARY KEY (design_id, connection_id)
   )`,
];

// One connection per database file for the whole server process; Next may evaluate this module more than once
// (per route bundle), so the cache lives on globalThis.
const cacheKey = Symbol.for('sluice.store.connections');
type Cache = Map<string, Database.Database>;
const globalCache = globalThis as typeof globalThis & { [cacheKey]?: Cache };

/** Opens (creating and migrating if needed) `{dataDir}/console.db` in WAL mode; the same handle on every call. */
export function openConsoleDatabase(dataDir: string = getEnv().SLUICE_DATA_DIR): Database.Database {
  const file = path.resolve(dataDir, 'console.db');
  const cache = (globalCache[cacheKey] ??= new Map());
  const cached = cache.get(file);
  if (cached) return cached;
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openCheckedDatabase(file, 'console database');
  db.exec('PRAGMA journal_mode = WAL');
  // Autosave writes a few times a minute; FULL makes a save acknowledged to the browser survive a power cut.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  for (const sql of MIGRATIONS) db.exec(sql);
  cache.set(file, db);
  return db;
}

/** Closes the handle for `dataDir` (tests, shutdown). */
export function closeConsoleDatabase(dataDir: string): void {
  const file = path.resolve(dataDir, 'console.db');
  const cache = globalCache[cacheKey];
  cache?.get(file)?.close();
  cache?.delete(file);
}
