import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Role, roleSchema } from '@/lib/auth/roles';
import { openConsoleDatabase } from './db';
import type { SqlDatabase } from './sql';

/**
 * People who signed in with OpenID Connect, and their sessions. A user's role comes from the identity provider's
 * claim at each sign-in, unless an admin assigned one on the Users page (role_source 'admin'), which then wins.
 * Sessions are stored by the SHA-256 of their cookie value, so a leaked database holds no usable session.
 */
export type User = { id: string; name: string; email?: string; role: Role; roleSource: 'claim' | 'default' | 'admin'; createdAt: string; lastSeenAt: string };

const userRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  role_source: z.enum(['claim', 'default', 'admin']),
  created_at: z.string(),
  last_seen_at: z.string(),
});

function toUser(raw: unknown): User {
  const r = userRowSchema.parse(raw);
  return { id: r.id, name: r.name, ...(r.email ? { email: r.email } : {}), role: r.role, roleSource: r.role_source, createdAt: r.created_at, lastSeenAt: r.last_seen_at };
}

async function handle(db?: SqlDatabase): Promise<SqlDatabase> {
  return db ?? openConsoleDatabase();
}

/** Records a sign-in: creates the user or refreshes name, email and (unless an admin set it) role. */
export async function upsertSignedInUser(u: { id: string; name: string; email?: string; role: Role; roleSource: 'claim' | 'default' }, db?: SqlDatabase): Promise<User> {
  const h = await handle(db);
  const now = new Date().toISOString();
  await h.run(
    `INSERT INTO users (id, name, email, role, role_source, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = COALESCE(excluded.email, users.email), last_seen_at = excluded.last_seen_at,
       role = CASE WHEN users.role_source = 'admin' THEN users.role ELSE excluded.role END,
       role_source = CASE WHEN users.role_source = 'admin' THEN users.role_source ELSE excluded.role_source END`,
    [u.id, u.name, u.email ?? null, u.role, u.roleSource, now, now],
  );
  return (await getUser(u.id, h))!;
}

export async function getUser(id: string, db?: SqlDatabase): Promise<User | undefined> {
  const row = await (await handle(db)).get('SELECT * FROM users WHERE id = ?', [id]);
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db?: SqlDatabase): Promise<User[]> {
  return (await (await handle(db)).all('SELECT * FROM users ORDER BY name, id')).map(toUser);
}

/** An admin's assignment; it stays until an admin changes it again. Returns whether the user exists. */
export async function assignRole(id: string, role: Role, db?: SqlDatabase): Promise<boolean> {
  return (await (await handle(db)).run("UPDATE users SET role = ?, role_source = 'admin' WHERE id = ?", [role, id])).changes === 1;
}

function hashSession(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a session; returns the cookie value (32 random bytes), which is not stored. */
export async function createSession(userId: string, ttlMs: number, db?: SqlDatabase): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const h = await handle(db);
  await h.run('DELETE FROM sessions WHERE expires_at < ?', [now]);
  await h.run('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [hashSession(token), userId, now, now + ttlMs]);
  return { token, expiresAt: now + ttlMs };
}

/** The user of an unexpired session, with the session's id (its hash). */
export async function sessionUser(token: string, db?: SqlDatabase): Promise<{ sessionId: string; user: User } | undefined> {
  const h = await handle(db);
  const id = hashSession(token);
  const row = await h.get('SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?', [id, Date.now()]);
  if (row === undefined) return undefined;
  const user = await getUser(z.object({ user_id: z.string() }).parse(row).user_id, h);
  return user ? { sessionId: id, user } : undefined;
}

export async function deleteSession(token: string, db?: SqlDatabase): Promise<void> {
  await (await handle(db)).run('DELETE FROM sessions WHERE id = ?', [hashSession(token)]);
}
