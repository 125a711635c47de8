import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { openConsoleDatabase } from './db';

export type LockPurpose = 'apply' | 'teardown';
export type LockKey = { designId: string; connectionId: string };

/** Another apply or teardown of the design held the lock for longer than the caller was willing to wait. */
export class DesignBusyError extends Error {
  constructor(readonly heldFor: LockPurpose) {
    super(`${heldFor === 'apply' ? 'An apply' : 'A teardown'} of this design is still running on this connection; try again when it has finished.`);
    this.name = 'DesignBusyError';
  }
}

/**
 * Serializes apply and teardown of one design on one connection. Callers use only this interface, so the SQLite
 * implementation below can give way to a database lock shared by several console instances (e.g. a PostgreSQL
 * advisory lock) without touching them.
 */
export interface DesignLocks {
  /** Runs `fn` holding the lock, waiting up to `waitMs` for a current holder; throws DesignBusyError after that. */
  withLock<T>(key: LockKey, purpose: LockPurpose, fn: () => Promise<T>, options?: { waitMs?: number }): Promise<T>;
}

const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const POLL_MS = 100;

const rowSchema = z.object({ owner: z.string(), purpose: z.enum(['apply', 'teardown']), host: z.string(), pid: z.number(), renewed_at: z.number() });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock row in console.db. A holder that dies (kill -9, power cut) must not block the design forever: its row is
 * stale when the process that wrote it is gone (same machine) or it has not renewed its lease for 30 s.
 */
export function sqliteDesignLocks(dataDir?: string): DesignLocks {
  const db = () => openConsoleDatabase(dataDir);
  const tryAcquire = (key: LockKey, purpose: LockPurpose, owner: string): { ok: true } | { ok: false; heldFor: LockPurpose } => {
    const handle = db();
    // IMMEDIATE takes SQLite's write lock before the read, so two processes cannot both see the row free.
    return handle.transaction(() => {
      const row = handle.prepare('SELECT owner, purpose, host, pid, renewed_at FROM design_locks WHERE design_id = ? AND connection_id = ?').get(key.designId, key.connectionId);
      if (row) {
        const held = rowSchema.parse(row);
        const stale = Date.now() - held.renewed_at > LEASE_MS || (held.host === hostname() && !isAlive(held.pid));
        if (!stale) return { ok: false as const, heldFor: held.purpose };
      }
      handle
        .prepare(
          `INSERT INTO design_locks (design_id, connection_id, owner, purpose, host, pid, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (design_id, connection_id) DO UPDATE SET owner = excluded.owner, purpose = excluded.purpose, host = excluded.host, pid = excluded.pid, renewed_at = excluded.renewed_at`,
        )
        .run(key.designId, key.connectionId, owner, purpose, hostname(), process.pid, Date.now());
      return { ok: true as const };
    }).immediate();
  };
  return {
    async withLock(key, purpose, fn, options = {}) {
      const owner = randomUUID();
      const deadline = Date.now() + (options.waitMs ?? 0);
      for (;;) {
        const got = tryAcquire(key, purpose, owner);
        if (got.ok) break;
        if (Date.now() >= deadline) throw new DesignBusyError(got.heldFor);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      const renew = setInterval(() => {
        db().prepare('UPDATE design_locks SET renewed_at = ? WHERE design_id = ? AND connection_id = ? AND owner = ?').run(Date.now(), key.designId, key.connectionId, owner);
      }, RENEW_MS);
      renew.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        db().prepare('DELETE FROM design_locks WHERE design_id = ? AND connection_id = ? AND owner = ?').run(key.designId, key.connectionId, owner);
      }
    },
  };
}
