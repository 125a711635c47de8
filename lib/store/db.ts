import 'server-only';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { migrate } from './schema';
import { openPostgres, openSqlite, type SqlDatabase } from './sql';

/** Where the console keeps its state: PostgreSQL at a URL, or the SQLite file `{dataDir}/console.db`. */
export type StoreLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; dataDir: string };

export function storeLocation(env = getEnv()): StoreLocation {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'sqlite', dataDir: env.SLUICE_DATA_DIR };
}

function keyOf(location: StoreLocation): string {
  return location.kind === 'postgres' ? location.url : path.resolve(location.dataDir, 'console.db');
}

// One database handle per location for the whole server process; Next may evaluate this module more than once
// (per route bundle), so the cache lives on globalThis. It holds the promise, so concurrent first calls share it.
const cacheKey = Symbol.for('sluice.store.databases');
type Cache = Map<string, Promise<SqlDatabase>>;
const globalCache = globalThis as typeof globalThis & { [cacheKey]?: Cache };

/** Opens (and migrates, the first time in this process) the console's database; the same handle on every call. */
export function openConsoleDatabase(location: StoreLocation = storeLocation()): Promise<SqlDatabase> {
  const cache = (globalCache[cacheKey] ??= new Map());
  const key = keyOf(location);
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      const db = location.kind === 'postgres' ? openPostgres(location.url) : openSqlite(key);
      try {
        await migrate(db);
      } catch (err) {
        await db.close().catch(() => undefined);
        throw err;
      }
      return db;
    })();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** Closes the handle for `location` (tests, shutdown). */
export async function closeConsoleDatabase(location: StoreLocation = storeLocation()): Promise<void> {
  const cache = globalCache[cacheKey];
  const key = keyOf(location);
  const pending = cache?.get(key);
  cache?.delete(key);
  if (pending) await (await pending).close();
}
