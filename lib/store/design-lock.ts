import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { acquireDesignLock, lockPurpose, releaseDesignLock, renewDesignLock } from './jobs';
import type { SqlDatabase } from './sql';

export type LockPurpose = 'apply' | 'teardown';
export type LockKey = { designId: string; connectionId: string };

/** Another apply or teardown of the design held the lock for longer than the caller was willing to wait. */
export class DesignBusyError extends Error {
  constructor(readonly heldFor: LockPurpose) {
    super(`${heldFor === 'apply' ? 'An apply' : 'A teardown'} of this design is still running on this connection; try again when it has finished.`);
    this.name = 'DesignBusyError';
  }
}

/** Serializes apply and teardown of one design on one connection, across every console instance on the database. */
export interface DesignLocks {
  /** Runs `fn` holding the lock, waiting up to `waitMs` for a current holder; throws DesignBusyError after that. */
  withLock<T>(key: LockKey, purpose: LockPurpose, fn: () => Promise<T>, options?: { waitMs?: number }): Promise<T>;
}

const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const POLL_MS = 100;

// The locks this async call chain holds: an apply job (lib/aws/jobs.ts) takes the lock, and the deploy it runs asks
// for the same lock again; that inner request is the holder's own and runs at once.
const held = new AsyncLocalStorage<ReadonlySet<string>>();
const keyOf = (key: LockKey) => `${key.designId}\u0000${key.connectionId}`;

/** Runs `fn` as the holder of `key` (a lock the caller has already taken). */
export function runAsLockHolder<T>(key: LockKey, fn: () => Promise<T>): Promise<T> {
  return held.run(new Set([...(held.getStore() ?? []), keyOf(key)]), fn);
}

/**
 * The lock is a design_locks row with a lease (lib/store/jobs.ts): the holder renews it while it works, and a holder
 * that died (kill -9, lost host) stops renewing, so its lock is free again after LEASE_MS.
 */
export function designLocks(db?: SqlDatabase): DesignLocks {
  return {
    async withLock(key, purpose, fn, options = {}) {
      if (held.getStore()?.has(keyOf(key))) return fn();
      const owner = randomUUID();
      const deadline = Date.now() + (options.waitMs ?? 0);
      while (!(await acquireDesignLock(key.designId, key.connectionId, owner, LEASE_MS, db, purpose))) {
        if (Date.now() >= deadline) throw new DesignBusyError((await lockPurpose(key.designId, key.connectionId, db)) ?? purpose);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      const renew = setInterval(() => void renewDesignLock(key.designId, key.connectionId, owner, LEASE_MS, db).catch(() => undefined), RENEW_MS);
      renew.unref();
      try {
        return await runAsLockHolder(key, fn);
      } finally {
        clearInterval(renew);
        await releaseDesignLock(key.designId, key.connectionId, owner, db);
      }
    },
  };
}
