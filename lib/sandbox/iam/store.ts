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
    CREATE TABLE IF NOT EXISTS iam_policy_versions (
      policy_arn TEXT NOT NULL,
      version_number INTEGER NOT NULL,
      document TEXT NOT NULL,
      create_date TEXT NOT NULL,
      PRIMARY KEY (policy_arn, version_number)
    );
  `);
  const columns = (table: string) => db.prepare(`PRAGMA table_info(${table})`).all().map((r) => z.object({ name: z.string() }).parse(r).name);
  if (!columns('iam_roles').includes('permissions_boundary')) db.exec('ALTER TABLE iam_roles ADD COLUMN permissions_boundary TEXT');
  if (!columns('iam_policies').includes('default_version')) {
    db.exec(`
      ALTER TABLE iam_policies ADD COLUMN default_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE iam_policies ADD COLUMN next_version INTEGER NOT NULL DEFAULT 2;
      ALTER TABLE iam_policies ADD COLUMN update_date TEXT;
    `);
  }
  // Policies stored before versions existed get their document as v1.
  db.exec(`INSERT OR IGNORE INTO iam_policy_versions (policy_arn, version_number, document, create_date)
           SELECT arn, 1, document, create_date FROM iam_policies p
           WHERE NOT EXISTS (SELECT 1 FROM iam_policy_versions v WHERE v.policy_arn = p.arn)`);
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
  permissions_boundary: z.string().nullable(),
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
  /** ARN of the managed policy set as the role's permissions boundary. */
  permissionsBoundary?: string;
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
    ...(r.permissions_boundary !== null ? { permissionsBoundary: r.permissions_boundary } : {}),
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
    `INSERT INTO iam_roles (role_name, role_id, path, arn, assume_role_policy, description, max_session_duration, create_date, tags, permissions_boundary)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    role.permissionsBoundary ?? null,
  );
}

export function updateRole(
  db: Database,
  roleName: string,
  changes: {
    assumeRolePolicyDocument?: string;
    description?: string;
    maxSessionDuration?: number;
    tags?: Tag[];
    /** null removes the boundary. */
    permissionsBoundary?: string | null;
  },
): void {
  bumpIdentityGeneration(db);
  if (changes.tags !== undefined) statement(db, 'UPDATE iam_roles SET tags = ? WHERE role_name = ?').run(JSON.stringify(changes.tags), roleName);
  if (changes.permissionsBoundary !== undefined) {
    statement(db, 'UPDATE iam_roles SET permissions_boundary = ? WHERE role_name = ?').run(changes.permissionsBoundary, roleName);
  }
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
  default_version: z.number(),
  update_date: z.string().nullable(),
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
  /** e.g. `v1`; `document` is this version's. */
  defaultVersionId: string;
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
    updateDate: r.update_date ?? r.create_date,
    tags: tagsSchema.parse(JSON.parse(r.tags)),
    isAwsManaged: false,
    defaultVersionId: `v${r.default_version}`,
  };
}

/** A customer-managed policy from the database or one of the built-in AWS-managed policies. */
export function getManagedPolicy(db: Database, arn: string): ManagedPolicy | undefined {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return { ...aws, tags: [], isAwsManaged: true, defaultVersionId: 'v1' };
  const row = statement(db, 'SELECT * FROM iam_policies WHERE arn = ?').get(arn);
  return row === undefined ? undefined : toPolicy(row);
}

export function findPolicyByName(db: Database, policyName: string): ManagedPolicy | undefined {
  const row = statement(db, 'SELECT * FROM iam_policies WHERE policy_name = ?').get(policyName);
  return row === undefined ? undefined : toPolicy(row);
}

export function listManagedPolicies(db: Database, scope: 'All' | 'AWS' | 'Local'): ManagedPolicy[] {
  const local = scope === 'AWS' ? [] : statement(db, 'SELECT * FROM iam_policies ORDER BY policy_name COLLATE NOCASE').all().map(toPolicy);
  const aws = scope === 'Local' ? [] : AWS_MANAGED_POLICIES.map((p) => ({ ...p, tags: [], isAwsManaged: true, defaultVersionId: 'v1' }));
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
  statement(db, 'INSERT INTO iam_policy_versions (policy_arn, version_number, document, create_date) VALUES (?, 1, ?, ?)').run(
    policy.arn,
    policy.document,
    policy.createDate,
  );
}

export function deletePolicy(db: Database, arn: string): void {
  bumpIdentityGeneration(db);
  statement(db, 'DELETE FROM iam_policies WHERE arn = ?').run(arn);
  statement(db, 'DELETE FROM iam_policy_versions WHERE policy_arn = ?').run(arn);
}

export type PolicyVersion = { versionId: string; document: string; isDefault: boolean; createDate: string };
const versionRowSchema = z.object({ version_number: z.number(), document: z.string(), create_date: z.string(), is_default: z.number() });

/** A managed policy's versions, newest first (the order ListPolicyVersions shows). AWS-managed policies have v1 only. */
export function listPolicyVersions(db: Database, arn: string): PolicyVersion[] {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return [{ versionId: 'v1', document: aws.document, isDefault: true, createDate: aws.createDate }];
  return statement(
    db,
    `SELECT v.version_number, v.document, v.create_date, (v.version_number = p.default_version) AS is_default
     FROM iam_policy_versions v JOIN iam_policies p ON p.arn = v.policy_arn WHERE v.policy_arn = ? ORDER BY v.version_number DESC`,
  )
    .all(arn)
    .map((row) => {
      const r = versionRowSchema.parse(row);
      return { versionId: `v${r.version_number}`, document: r.document, isDefault: r.is_default === 1, createDate: r.create_date };
    });
}

/** Adds the next version; returns its id. */
export function addPolicyVersion(db: Database, arn: string, document: string, createDate: string, setAsDefault: boolean): string {
  bumpIdentityGeneration(db);
  const next = z.object({ next_version: z.number() }).parse(statement(db, 'SELECT next_version FROM iam_policies WHERE arn = ?').get(arn)).next_version;
  statement(db, 'INSERT INTO iam_policy_versions (policy_arn, version_number, document, create_date) VALUES (?, ?, ?, ?)').run(arn, next, document, createDate);
  statement(db, 'UPDATE iam_policies SET next_version = ?, update_date = ? WHERE arn = ?').run(next + 1, createDate, arn);
  if (setAsDefault) setDefaultPolicyVersion(db, arn, next, createDate);
  return `v${next}`;
}

export function setDefaultPolicyVersion(db: Database, arn: string, versionNumber: number, updateDate: string): void {
  bumpIdentityGeneration(db);
  const row = statement(db, 'SELECT document FROM iam_policy_versions WHERE policy_arn = ? AND version_number = ?').get(arn, versionNumber);
  const { document } = z.object({ document: z.string() }).parse(row);
  statement(db, 'UPDATE iam_policies SET default_version = ?, document = ?, update_date = ? WHERE arn = ?').run(versionNumber, document, updateDate, arn);
}

export function deletePolicyVersion(db: Database, arn: string, versionNumber: number): void {
  bumpIdentityGeneration(db);
  statement(db, 'DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_number = ?').run(arn, versionNumber);
}

/** Roles a managed policy is attached to, and roles using it as their permissions boundary. */
export function rolesUsingPolicy(db: Database, arn: string): { attached: Role[]; boundary: Role[] } {
  const attached = statement(db, 'SELECT r.* FROM iam_roles r JOIN iam_role_attached_policies a ON a.role_name = r.role_name WHERE a.policy_arn = ? ORDER BY r.role_name COLLATE NOCASE')
    .all(arn)
    .map(toRole);
  const boundary = statement(db, 'SELECT * FROM iam_roles WHERE permissions_boundary = ? ORDER BY role_name COLLATE NOCASE').all(arn).map(toRole);
  return { attached, boundary };
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

/** The role's permissions boundary as lib/iam evaluates it (none when unset or the policy is gone). */
export function roleBoundaryInputs(db: Database, role: Role): { id: string; document: string }[] {
  if (role.permissionsBoundary === undefined) return [];
  const policy = getManagedPolicy(db, role.permissionsBoundary);
  return policy ? [{ id: policy.policyName, document: policy.document }] : [];
}
