import 'server-only';
import type Database from 'libsql';

type Job = { run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * Group commit: writes submitted during one event-loop turn run in a single SQLite transaction, and every caller is
 * answered only after that COMMIT returned. This keeps "acknowledged ⇒ durable" while paying one commit (one fsync
 * with synchronous=FULL) per turn instead of one per SendMessage.
 *
 * A job that throws is rejected on its own: the jobs validate before writing, so a throw leaves no partial rows.
 * If COMMIT itself fails, every job of the batch is rejected (nothing of it was acknowledged).
 */
export class GroupCommitWriter {
  private pending: Job[] = [];
  private scheduled = false;
  private afterCommit: Array<() => void> = [];

  constructor(private readonly db: Database.Database) {}

  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Registers a callback to run once after the current batch commits (e.g. waking long-polling receivers). */
  onCommit(fn: () => void): void {
    this.afterCommit.push(fn);
  }

  flush(): void {
    this.scheduled = false;
    const jobs = this.pending;
    this.pending = [];
    if (jobs.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: job.run() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.afterCommit = [];
      for (const job of jobs) job.reject(error);
      return;
    }
    const callbacks = this.afterCommit;
    this.afterCommit = [];
    jobs.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
    for (const cb of callbacks) cb();
  }
}
