import 'server-only';
import type { Database } from 'libsql';
import { z } from 'zod';
import { bumpIdentityGeneration, statement } from '@/lib/sandbox/iam/statements';

/** Temporary credentials issued by AssumeRole; kept so that requests signed with them can be verified and authorized. */
export function migrateSts(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sts_sessions (
      access_key_id TEXT NOT NULL PRIMARY KEY,
      secret_access_key TEXT NOT NULL,
      session_token TEXT NOT NULL,
      role_arn TEXT NOT NULL,
      role_name TEXT NOT NULL,
      role_id TEXT NOT NULL,
      session_name TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      session_policies TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX IF NOT EXISTS sts_sessions_expiry ON sts_sessions (expires_at);
  `);
  const columns = db.prepare('PRAGMA table_info(sts_sessions)').all().map((r) => z.object({ name: z.string() }).parse(r).name);
  if (!columns.includes('kind')) db.exec("ALTER TABLE sts_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'assumed-role'");
}

const sessionRowSchema = z.object({
  access_key_id: z.string(),
  secret_access_key: z.string(),
  session_token: z.string(),
  role_arn: z.string(),
  role_name: z.string(),
  role_id: z.string(),
  session_name: z.string(),
  expires_at: z.number(),
  created_at: z.number(),
  session_policies: z.string(),
  kind: z.enum(['assumed-role', 'session-token']),
});

const sessionPoliciesSchema = z.array(z.object({ id: z.string(), document: z.string() }));

export type StsSession = {
  /**
   * `assumed-role`: from AssumeRole, acts as the role. `session-token`: from GetSessionToken, acts as the caller that
   * asked for it, whose ARN `roleArn` then holds (role name and id are empty).
   */
  kind: 'assumed-role' | 'session-token';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  createdAt: number;
  /**
   * Session policies passed to AssumeRole (`Policy`, `PolicyArns`): when present, the session may do only what both
   * its role's policies and these allow.
   */
  sessionPolicies: { id: string; document: string }[];
};

export function insertSession(db: Database, s: Omit<StsSession, 'kind'> & Partial<Pick<StsSession, 'kind'>>): void {
  bumpIdentityGeneration(db);
  statement(
    db,
    `INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, role_name, role_id, session_name, expires_at, created_at, session_policies, kind)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.accessKeyId,
    s.secretAccessKey,
    s.sessionToken,
    s.roleArn,
    s.roleName,
    s.roleId,
    s.sessionName,
    s.expiresAt,
    s.createdAt,
    JSON.stringify(s.sessionPolicies),
    s.kind ?? 'assumed-role',
  );
}

export function getSession(db: Database, accessKeyId: string): StsSession | undefined {
  const row = statement(db, 'SELECT * FROM sts_sessions WHERE access_key_id = ?').get(accessKeyId);
  if (row === undefined) return undefined;
  const r = sessionRowSchema.parse(row);
  return {
    kind: r.kind,
    accessKeyId: r.access_key_id,
    secretAccessKey: r.secret_access_key,
    sessionToken: r.session_token,
    roleArn: r.role_arn,
    roleName: r.role_name,
    roleId: r.role_id,
    sessionName: r.session_name,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    sessionPolicies: sessionPoliciesSchema.parse(JSON.parse(r.session_policies)),
  };
}

/** Sessions expired for more than a day are of no further use (even for the ExpiredToken answer). */
export function purgeOldSessions(db: Database, now: number): void {
  if (statement(db, 'DELETE FROM sts_sessions WHERE expires_at < ?').run(now - 86_400_000).changes > 0) bumpIdentityGeneration(db);
}
