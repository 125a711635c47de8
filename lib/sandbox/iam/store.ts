import 'server-only';
import type { Database } from 'libsql';
import { z } from 'zod';
import { AWS_MANAGED_POLICIES, findAwsManagedPolicy } from './managed-policies';
import { bumpIdentityGeneration, statement } from './statements';

/** Creates the IAM tables if missing. Role and policy names are unique regardless of case, as in IAM. */
export function migrateIam(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS iam_roles (
      role_name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
      role_id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      arn TEXT NOT NULL,
      assume_role_policy TEXT NOT NULL,
      description TEXT,
      max_session_duration INTEGER NOT NULL,
      create_date TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE IF NOT EXISTS iam_role_policies (
      role_name TEXT NOT NULL COLLATE NOCASE,
      policy_name TEXT NOT NULL COLLATE NOCASE,
      document TEXT NOT NULL,
      PRIMARY KEY (role_name, policy_name)
    );
    CREATE TABLE IF NOT EXISTS iam_policies (
      arn TEXT NOT NULL PRIMARY KEY,
      policy_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      policy_id TEXT NOT NULL,
      path TEXT NOT NULL,
      description TEXT,
      document TEXT NOT NULL,
      create_date TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE IF NOT EXISTS iam_role_attached_policies (
      role_name TEXT NOT NULL COLLATE NOCASE,
      policy_arn TEXT NOT NULL,
      PRIMARY KEY (role_name, policy_arn)
    );
  `);
}

export type Tag = { Key: string; Value: string };
const tagsSchema = z.array(z.object({ Key: z.string(), Value: z.string() }));

const roleRowSchema = z.object({
  role_name: z.string(),
  role_id: z.string(),
  path: z.string(),
  arn: z.string(),
  assume_role_policy: z.string(),
  description: z.string().nullable(),
  max_session_duration: z.number(),
  create_date: z.string(),
  tags: z.string(),
});

export type Role = {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  createDate: string;
  tags: Tag[];
};

function toRole(row: unknown): Role {
  const r = roleRowSchema.parse(row);
  return {
    roleName: r.role_name,
    roleId: r.role_id,
    path: r.path,
    arn: r.arn,
    assumeRolePolicyDocument: r.assume_role_policy,
    ...(r.description !== null ? { description: r.description } : {}),
    maxSessionDuration: r.max_session_duration,
    createDate: r.create_date,
    tags: tagsSchema.parse(JSON.parse(r.tags)),
  };
}

export function getRole(db: Database, roleName: string): Role | undefined {
  const row = statement(db, 'SELECT * FROM iam_roles WHERE role_name = ?').get(roleName);
  return row === undefined ? undefined : toRole(row);
}

export function listRoles(db: Database, pathPrefix: string): Role[] {
  return statement(db, "SELECT * FROM iam_roles WHERE substr(path, 1, length(?)) = ? ORDER BY role_name COLLATE NOCASE")
    .all(pathPrefix, pathPrefix)
    .map(toRole);
}

export function insertRole(db: Database, role: Role): void {
  bumpIdentityGeneration(db);
  statement(
    db,
    `INSERT INTO iam_roles (role_name, role_id, path, arn, assume_role_policy, description, max_session_duration, create_date, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    role.roleName,
    role.roleId,
    role.path,
    role.arn,
    role.assumeRolePolicyDocument,
    role.description ?? null,
    role.maxSessionDuration,
    role.createDate,
    JSON.stringify(role.tags),
  );
}

export function updateRole(
  db: Database,
  roleName: string,
  changes: { assumeRolePolicyDocument?: string; description?: string; maxSessionDuration?: number },
): void {
  bumpIdentityGeneration(db);
  if (changes.assumeRolePolicyDocument !== undefined) {
    statement(db, 'UPDATE iam_roles SET assume_role_policy = ? WHERE role_name = ?').run(changes.assumeRolePolicyDocument, roleName);
  }
  if (changes.description !== undefined) {
    statement(db, 'UPDATE iam_roles SET description = ? WHERE role_name = ?').run(changes.description, roleName);
  }
  if (changes.maxSessionDuration !== undefined) {
    statement(db, 'UPDATE iam_roles SET max_session_duration = ? WHERE role_name = ?').run(changes.maxSessionDuration, roleName);
  }
}

export function deleteRole(db: Database, roleName: string): void {
  bumpIdentityGeneration(db);
  statement(db, 'DELETE FROM iam_roles WHERE role_name = ?').run(roleName);
}

const rolePolicyRowSchema = z.object({ policy_name: z.string(), document: z.string() });
export type InlinePolicy = { policyName: string; document: string };

export function listRolePolicies(db: Database, roleName: string): InlinePolicy[] {
  return statement(db, 'SELECT policy_name, document FROM iam_role_policies WHERE role_name = ? ORDER BY policy_name COLLATE NOCASE')
    .all(roleName)
    .map((row) => {
      const r = rolePolicyRowSchema.parse(row);
      return { policyName: r.policy_name, document: r.document };
    });
}

export function getRolePolicy(db: Database, roleName: string, policyName: string): InlinePolicy | undefined {
  const row = statement(db, 'SELECT policy_name, document FROM iam_role_policies WHERE role_name = ? AND policy_name = ?')
    .get(roleName, policyName);
  if (row === undefined) return undefined;
  const r = rolePolicyRowSchema.parse(row);
  return { policyName: r.policy_name, document: r.document };
}

export function putRolePolicy(db: Database, roleName: string, policyName: string, document: string): void {
  bumpIdentityGeneration(db);
  statement(
    db,
    `INSERT INTO iam_role_policies (role_name, policy_name, document) VALUES (?, ?, ?)
     ON CONFLICT (role_name, policy_name) DO UPDATE SET document = excluded.document`,
  ).run(roleName, policyName, document);
}

export function deleteRolePolicy(db: Database, roleName: string, policyName: string): boolean {
  bumpIdentityGeneration(db);
  return statement(db, 'DELETE FROM iam_role_policies WHERE role_name = ? AND policy_name = ?').run(roleName, policyName).changes > 0;
}

const policyRowSchema = z.object({
  arn: z.string(),
  policy_name: z.string(),
  policy_id: z.string(),
  path: z.string(),
  description: z.string().nullable(),
  document: z.string(),
  create_date: z.string(),
  tags: z.string(),
});

export type ManagedPolicy = {
  arn: string;
  policyName: string;
  policyId: string;
  path: string;
  description?: string;
  document: string;
  createDate: string;
  updateDate: string;
  tags: Tag[];
  isAwsManaged: boolean;
};

function toPolicy(row: unknown): ManagedPolicy {
  const r = policyRowSchema.parse(row);
  return {
    arn: r.arn,
    policyName: r.policy_name,
    policyId: r.policy_id,
    path: r.path,
    ...(r.description !== null ? { description: r.description } : {}),
    document: r.document,
    createDate: r.create_date,
    updateDate: r.create_date,
    tags: tagsSchema.parse(JSON.parse(r.tags)),
    isAwsManaged: false,
  };
}

/** A customer-managed policy from the database or one of the built-in AWS-managed policies. */
export function getManagedPolicy(db: Database, arn: string): ManagedPolicy | undefined {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return { ...aws, tags: [], isAwsManaged: true };
  const row = statement(db, 'SELECT * FROM iam_policies WHERE arn = ?').get(arn);
  return row === undefined ? undefined : toPolicy(row);
}

export function findPolicyByName(db: Database, policyName: string): ManagedPolicy | undefined {
  const row = statement(db, 'SELECT * FROM iam_policies WHERE policy_name = ?').get(policyName);
  return row === undefined ? undefined : toPolicy(row);
}

export function listManagedPolicies(db: Database, scope: 'All' | 'AWS' | 'Local'): ManagedPolicy[] {
  const local = scope === 'AWS' ? [] : statement(db, 'SELECT * FROM iam_policies ORDER BY policy_name COLLATE NOCASE').all().map(toPolicy);
  const aws = scope === 'Local' ? [] : AWS_MANAGED_POLICIES.map((p) => ({ ...p, tags: [], isAwsManaged: true }));
  return [...aws, ...local];
}

export function insertPolicy(db: Database, policy: ManagedPolicy): void {
  bumpIdentityGeneration(db);
  statement(
    db,
    `INSERT INTO iam_policies (arn, policy_name, policy_id, path, description, document, create_date, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    policy.arn,
    policy.policyName,
    policy.policyId,
    policy.path,
    policy.description ?? null,
    policy.document,
    policy.createDate,
    JSON.stringify(policy.tags),
  );
}

export function deletePolicy(db: Database, arn: string): void {
  bumpIdentityGeneration(db);
  statement(db, 'DELETE FROM iam_policies WHERE arn = ?').run(arn);
}

export function attachmentCount(db: Database, policyArn: string): number {
  const row = statement(db, 'SELECT count(*) AS n FROM iam_role_attached_policies WHERE policy_arn = ?').get(policyArn);
  return z.object({ n: z.number() }).parse(row).n;
}

export function listAttachedRolePolicies(db: Database, roleName: string): string[] {
  return statement(db, 'SELECT policy_arn FROM iam_role_attached_policies WHERE role_name = ? ORDER BY policy_arn')
    .all(roleName)
    .map((row) => z.object({ policy_arn: z.string() }).parse(row).policy_arn);
}

export function attachRolePolicy(db: Database, roleName: string, policyArn: string): void {
  bumpIdentityGeneration(db);
  statement(db, 'INSERT OR IGNORE INTO iam_role_attached_policies (role_name, policy_arn) VALUES (?, ?)').run(roleName, policyArn);
}

export function detachRolePolicy(db: Database, roleName: string, policyArn: string): boolean {
  bumpIdentityGeneration(db);
  return statement(db, 'DELETE FROM iam_role_attached_policies WHERE role_name = ? AND policy_arn = ?').run(roleName, policyArn).changes > 0;
}

/**
 * The identity policies of a role in the form lib/iam evaluates: inline policies (type `role`) and attached managed
 * policies (`aws-managed` / `user-managed`), each identified by its name as SimulatePrincipalPolicy reports it.
 */
export function rolePolicyInputs(
  db: Database,
  roleName: string,
): { id: string; type: 'role' | 'aws-managed' | 'user-managed'; document: string }[] {
  const inline = listRolePolicies(db, roleName).map((p) => ({ id: p.policyName, type: 'role' as const, document: p.document }));
  const attached = listAttachedRolePolicies(db, roleName).flatMap((arn) => {
    const policy = getManagedPolicy(db, arn);
    if (!policy) return [];
    return [{ id: policy.policyName, type: policy.isAwsManaged ? ('aws-managed' as const) : ('user-managed' as const), document: policy.document }];
  });
  return [...inline, ...attached];
}
