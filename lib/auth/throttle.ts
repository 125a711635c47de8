/**
 * Slows down guessing of the dashboard token. Per client: five wrong tokens within a minute lock it out for 30 s,
 * and every further wrong token after a lockout doubles the wait (up to 15 min); a right token or 15 quiet minutes
 * clear the record. The client is told when it may try again.
 *
 * The client key comes from X-Forwarded-For, which a client can forge (Next.js keeps a header the client sent), so a
 * cap on wrong tokens across all clients backs it up: an attacker who rotates the header still gets at most
 * GLOBAL_LIMIT guesses a minute.
 */
const PER_CLIENT_LIMIT = 5;
const WINDOW_MS = 60_000;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
const FORGET_MS = 15 * 60_000;
const GLOBAL_LIMIT = 60;
const MAX_CLIENTS = 10_000;

type ClientRecord = { failures: number[]; lockouts: number; lockedUntil: number; lastFailure: number };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInThrottle {
  private readonly clients = new Map<string, ClientRecord>();
  private globalFailures: number[] = [];

  /** Whether `client` may try a token now; call before comparing the token. */
  check(client: string, now: number = Date.now()): ThrottleVerdict {
    this.globalFailures = this.globalFailures.filter((t) => now - t < WINDOW_MS);
    const record = this.clients.get(client);
    let until = record && now - record.lastFailure < FORGET_MS ? record.lockedUntil : 0;
    if (this.globalFailures.length >= GLOBAL_LIMIT) until = Math.max(until, this.globalFailures[0]! + WINDOW_MS);
    return until > now ? { allowed: false, retryAfterSeconds: Math.ceil((until - now) / 1000) } : { allowed: true };
  }

  /** Records a wrong token; returns the verdict for the next attempt. */
  fail(client: string, now: number = Date.now()): ThrottleVerdict {
    this.globalFailures.push(now);
    let record = this.clients.get(client);
    if (!record || now - record.lastFailure >= FORGET_MS) record = { failures: [], lockouts: 0, lockedUntil: 0, lastFailure: now };
    record.lastFailure = now;
    record.failures = [...record.failures.filter((t) => now - t < WINDOW_MS), now];
    // After a first lockout every wrong token locks again, for twice as long as the last time.
    if (record.failures.length >= PER_CLIENT_LIMIT || record.lockouts > 0) {
      record.lockedUntil = now + Math.min(FIRST_LOCK_MS * 2 ** record.lockouts, MAX_LOCK_MS);
      record.lockouts += 1;
      record.failures = [];
    }
    this.clients.delete(client);
    this.clients.set(client, record);
    // Oldest entries go first when too many clients are remembered, so memory stays bounded.
    while (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    return this.check(client, now);
  }

  succeed(client: string): void {
    this.clients.delete(client);
  }
}

/** The client address a request came from: the last X-Forwarded-For entry (the one the nearest proxy added). */
export function clientKey(forwardedFor: string | null | undefined): string {
  const last = forwardedFor?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last ?? 'unknown';
}
