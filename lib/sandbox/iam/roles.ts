import 'server-only';
import type { Database } from 'libsql';
import { el, node, type XmlNode } from '@/lib/sandbox/http';
import { iamDate, newUniqueId } from './ids';
import { encodePolicyDocument, memberList, memberStructs, members, QueryError, requireParam, stringMembers, validationError } from './query';
import * as store from './store';
import type { IamOperation } from './operation';
import { assertPolicyArn, parseIdentityPolicyOrThrow, parseTrustPolicyOrThrow, validateName, validatePath } from './validation';

export const roleArn = (accountId: string, path: string, roleName: string) => `arn:aws:iam::${accountId}:role${path}${roleName}`;

function noSuchRole(roleName: string): QueryError {
  return new QueryError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
}

export function getRoleOrThrow(db: Database, roleName: string): store.Role {
  const role = store.getRole(db, roleName);
  if (!role) throw noSuchRole(roleName);
  return role;
}

type RoleView = { includeMaxSessionDuration: boolean; includeBoundary: boolean; includeTags: boolean; includeLastUsed: boolean };

const GET_ROLE: RoleView = { includeMaxSessionDuration: true, includeBoundary: true, includeTags: true, includeLastUsed: true };

/**
 * The Role structure in the model's member order. GetRole shows everything; CreateRole has neither MaxSessionDuration
 * nor RoleLastUsed (the CreateRole example response of the IAM API reference); ListRoles leaves out PermissionsBoundary,
 * RoleLastUsed and Tags (IAM API reference ListRoles).
 */
export function roleXml(role: store.Role, view: RoleView = GET_ROLE): XmlNode {
  return node('Role', roleMembers(role, view));
}

export function roleMembers(role: store.Role, view: RoleView): XmlNode[] {
  const children: XmlNode[] = [
    el('Path', role.path),
    el('RoleName', role.roleName),
    el('RoleId', role.roleId),
    el('Arn', role.arn),
    el('CreateDate', role.createDate),
    el('AssumeRolePolicyDocument', encodePolicyDocument(role.assumeRolePolicyDocument)),
  ];
  if (role.description !== undefined) children.push(el('Description', role.description));
  if (view.includeMaxSessionDuration) children.push(el('MaxSessionDuration', role.maxSessionDuration));
  if (view.includeBoundary && role.permissionsBoundary !== undefined) children.push(boundaryXml(role.permissionsBoundary));
  if (view.includeTags && role.tags.length > 0) children.push(tagsXml(role.tags));
  if (view.includeLastUsed) children.push({ name: 'RoleLastUsed', children: [], text: '' });
  return children;
}

export function boundaryXml(arn: string): XmlNode {
  return node('PermissionsBoundary', [el('PermissionsBoundaryType', 'Policy'), el('PermissionsBoundaryArn', arn)]);
}

export function tagsXml(tags: store.Tag[]): XmlNode {
  return members('Tags', tags.map((t) => [el('Key', t.Key), el('Value', t.Value)]));
}

/** A permissions boundary must be an existing managed policy (IAM API reference PutRolePermissionsBoundary). */
function requireBoundaryPolicy(db: Database, arn: string): string {
  assertPolicyArn(arn);
  if (!store.getManagedPolicy(db, arn)) throw new QueryError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
  return arn;
}

function readTags(params: URLSearchParams): store.Tag[] {
  const tags = memberStructs(params, 'Tags').map((t) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
  if (tags.length > 50) throw validationError(null, 'tags', 'Member must have length less than or equal to 50');
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) throw validationError(tag.Key, 'tags.member.key', 'Member must have length between 1 and 128');
  }
  return tags;
}

function readMaxSessionDuration(params: URLSearchParams): number | undefined {
  const raw = params.get('MaxSessionDuration');
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationError(raw, 'maxSessionDuration', 'Member must be an integer');
  if (value < 3600) throw validationError(raw, 'maxSessionDuration', 'Member must have value greater than or equal to 3600');
  if (value > 43200) throw validationError(raw, 'maxSessionDuration', 'Member must have value less than or equal to 43200');
  return value;
}

function readDescription(params: URLSearchParams): string | undefined {
  const description = params.get('Description');
  if (description !== null && description.length > 1000) {
    throw validationError(description, 'description', 'Member must have length less than or equal to 1000');
  }
  return description ?? undefined;
}

const roleResource = (params: URLSearchParams, accountId: string) => {
  const roleName = params.get('RoleName') ?? '';
  return roleArn(accountId, params.get('Path') ?? '/', roleName);
};

export const roleOperations: Record<string, IamOperation> = {
  CreateRole: {
    resource: roleResource,
    run({ db, params, config }) {
      const roleName = requireParam(params, 'RoleName');
      validateName(roleName, 'roleName', 64);
      const document = requireParam(params, 'AssumeRolePolicyDocument');
      const path = params.get('Path') ?? '/';
      validatePath(path);
      const description = readDescription(params);
      const maxSessionDuration = readMaxSessionDuration(params) ?? 3600;
      const tags = readTags(params);
      const boundary = params.get('PermissionsBoundary');
      if (store.getRole(db, roleName)) throw new QueryError('EntityAlreadyExists', `Role with name ${roleName} already exists.`, 409);
      parseTrustPolicyOrThrow(document, (arn) => roleExistsByArn(db, arn));
      if (boundary !== null) requireBoundaryPolicy(db, boundary);
      const role: store.Role = {
        roleName,
        roleId: newUniqueId('AROA'),
        path,
        arn: roleArn(config.accountId, path, roleName),
        assumeRolePolicyDocument: document,
        ...(description !== undefined ? { description } : {}),
        maxSessionDuration,
        createDate: iamDate(Date.now()),
        tags,
        ...(boundary !== null ? { permissionsBoundary: boundary } : {}),
      };
      store.insertRole(db, role);
      return [roleXml(role, { includeMaxSessionDuration: false, includeBoundary: true, includeTags: true, includeLastUsed: false })];
    },
  },

  GetRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      return [roleXml(getRoleOrThrow(db, requireParam(params, 'RoleName')))];
    },
  },

  ListRoles: {
    resource: () => '*',
    run({ db, params }) {
      const pathPrefix = params.get('PathPrefix') ?? '/';
      const all = store.listRoles(db, pathPrefix);
      const page = paginate(all, params);
      return [
        members('Roles', page.items.map((r) => roleMembers(r, { includeMaxSessionDuration: true, includeBoundary: false, includeTags: false, includeLastUsed: false }))),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  UpdateRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      getRoleOrThrow(db, roleName);
      const description = readDescription(params);
      const maxSessionDuration = readMaxSessionDuration(params);
      store.updateRole(db, roleName, {
        ...(description !== undefined ? { description } : {}),
        ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
      });
      return [];
    },
  },

  UpdateRoleDescription: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const description = readDescription(params) ?? requireParam(params, 'Description');
      getRoleOrThrow(db, roleName);
      store.updateRole(db, roleName, { description });
      return [roleXml(getRoleOrThrow(db, roleName))];
    },
  },

  DeleteRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      getRoleOrThrow(db, roleName);
      if (store.listRolePolicies(db, roleName).length > 0) {
        throw new QueryError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      }
      if (store.listAttachedRolePolicies(db, roleName).length > 0) {
        throw new QueryError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      }
      store.deleteRole(db, roleName);
      return null;
    },
  },

  UpdateAssumeRolePolicy: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const document = requireParam(params, 'PolicyDocument');
      getRoleOrThrow(db, roleName);
      parseTrustPolicyOrThrow(document, (arn) => roleExistsByArn(db, arn));
      store.updateRole(db, roleName, { assumeRolePolicyDocument: document });
      return null;
    },
  },

  PutRolePolicy: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const policyName = requireParam(params, 'PolicyName');
      const document = requireParam(params, 'PolicyDocument');
      validateName(policyName, 'policyName', 128);
      getRoleOrThrow(db, roleName);
      parseIdentityPolicyOrThrow(document, 10240);
      store.putRolePolicy(db, roleName, policyName, document);
      return null;
    },
  },

  GetRolePolicy: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const policyName = requireParam(params, 'PolicyName');
      const role = getRoleOrThrow(db, roleName);
      const policy = store.getRolePolicy(db, role.roleName, policyName);
      if (!policy) throw new QueryError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
      return [el('RoleName', role.roleName), el('PolicyName', policy.policyName), el('PolicyDocument', encodePolicyDocument(policy.document))];
    },
  },

  ListRolePolicies: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      getRoleOrThrow(db, roleName);
      const page = paginate(store.listRolePolicies(db, roleName).map((p) => p.policyName), params);
      return [
        stringMembers('PolicyNames', page.items),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  DeleteRolePolicy: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const policyName = requireParam(params, 'PolicyName');
      getRoleOrThrow(db, roleName);
      if (!store.deleteRolePolicy(db, roleName, policyName)) {
        throw new QueryError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
      }
      return null;
    },
  },

  TagRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      const given = readTags(params);
      if (given.length === 0) throw validationError(null, 'tags', 'Member must not be null');
      const merged = new Map(role.tags.map((t) => [t.Key, t]));
      for (const t of given) merged.set(t.Key, t);
      if (merged.size > 50) throw new QueryError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
      store.updateRole(db, role.roleName, { tags: [...merged.values()] });
      return null;
    },
  },

  UntagRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      const keys = new Set(memberList(params, 'TagKeys'));
      store.updateRole(db, role.roleName, { tags: role.tags.filter((t) => !keys.has(t.Key)) });
      return null;
    },
  },

  ListRoleTags: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      const page = paginate(role.tags, params);
      return [
        tagsXml(page.items),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  ListInstanceProfilesForRole: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      // The sandbox has no EC2, hence no instance profiles: a role is never in one.
      getRoleOrThrow(db, requireParam(params, 'RoleName'));
      paginate([], params);
      return [members('InstanceProfiles', []), el('IsTruncated', false)];
    },
  },

  PutRolePermissionsBoundary: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      const arn = requireParam(params, 'PermissionsBoundary');
      if (arn.length < 20) throw validationError(arn, 'permissionsBoundary', 'Member must have length greater than or equal to 20');
      store.updateRole(db, role.roleName, { permissionsBoundary: requireBoundaryPolicy(db, arn) });
      return null;
    },
  },

  DeleteRolePermissionsBoundary: {
    resource: resourceOfExistingRole,
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      store.updateRole(db, role.roleName, { permissionsBoundary: null });
      return null;
    },
  },
};

/** IAM's resource for role actions is the role's ARN including its path, so look the path up when the role exists. */
function resourceOfExistingRole(params: URLSearchParams, accountId: string, db: Database): string {
  const roleName = params.get('RoleName') ?? '';
  return store.getRole(db, roleName)?.arn ?? roleArn(accountId, '/', roleName);
}

function roleExistsByArn(db: Database, arn: string): boolean {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const role = store.getRole(db, name);
  return role !== undefined && role.arn === arn;
}

/** Marker-based paging as IAM does it; the marker is an opaque offset here. */
export function paginate<T>(items: T[], params: URLSearchParams): { items: T[]; isTruncated: boolean; marker?: string } {
  const maxItemsRaw = params.get('MaxItems');
  const maxItems = maxItemsRaw === null ? 100 : Number(maxItemsRaw);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw validationError(maxItemsRaw, 'maxItems', 'Member must have value between 1 and 1000');
  }
  const markerRaw = params.get('Marker');
  const start = markerRaw === null ? 0 : Number(Buffer.from(markerRaw, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new QueryError('ValidationError', 'Invalid Marker.', 400);
  const page = items.slice(start, start + maxItems);
  const next = start + maxItems;
  return next < items.length
    ? { items: page, isTruncated: true, marker: Buffer.from(String(next)).toString('base64') }
    : { items: page, isTruncated: false };
}
