import 'server-only';
import type { Database } from 'libsql';
import { el, node, type XmlNode } from '@/lib/sandbox/http';
import { iamDate, newUniqueId } from './ids';
import type { IamOperation } from './operation';
import { encodePolicyDocument, memberStructs, members, QueryError, requireParam, validationError } from './query';
import { getRoleOrThrow, paginate, roleArn } from './roles';
import * as store from './store';
import { assertPolicyArn, parseIdentityPolicyOrThrow, validateName, validatePath } from './validation';


export const policyArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;

function requirePolicyArn(params: URLSearchParams): string {
  const arn = requireParam(params, 'PolicyArn');
  if (arn.length < 20) throw validationError(arn, 'policyArn', 'Member must have length greater than or equal to 20');
  assertPolicyArn(arn);
  return arn;
}

function getPolicyOrThrow(db: Database, arn: string): store.ManagedPolicy {
  const policy = store.getManagedPolicy(db, arn);
  if (!policy) throw new QueryError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
  return policy;
}

/** Members of a managed policy as Policy and ManagedPolicyDetail share them, in the model's order. */
function policyMembers(db: Database, p: store.ManagedPolicy): { head: XmlNode[]; description: XmlNode[]; dates: XmlNode[] } {
  const usage = store.rolesUsingPolicy(db, p.arn);
  return {
    head: [
      el('PolicyName', p.policyName),
      el('PolicyId', p.policyId),
      el('Arn', p.arn),
      el('Path', p.path),
      el('DefaultVersionId', p.defaultVersionId),
      el('AttachmentCount', usage.attached.length),
      el('PermissionsBoundaryUsageCount', usage.boundary.length),
      el('IsAttachable', true),
    ],
    description: p.description !== undefined ? [el('Description', p.description)] : [],
    dates: [el('CreateDate', p.createDate), el('UpdateDate', p.updateDate)],
  };
}

/** ListPolicies leaves out Description and Tags (IAM API reference, Policy data type and ListPolicies). */
function policyXml(db: Database, p: store.ManagedPolicy, listing = false): XmlNode {
  const m = policyMembers(db, p);
  const children: XmlNode[] = [...m.head, ...(listing ? [] : m.description), ...m.dates];
  if (!listing && p.tags.length > 0) children.push(members('Tags', p.tags.map((t) => [el('Key', t.Key), el('Value', t.Value)])));
  return node('Policy', children);
}

/** ManagedPolicyDetail of GetAccountAuthorizationDetails: the policy with all its versions. */
export function managedPolicyDetail(db: Database, p: store.ManagedPolicy): XmlNode[] {
  const m = policyMembers(db, p);
  return [...m.head, ...m.description, ...m.dates, members('PolicyVersionList', store.listPolicyVersions(db, p.arn).map(versionMembers))];
}

function versionMembers(v: store.PolicyVersion): XmlNode[] {
  return [el('Document', encodePolicyDocument(v.document)), el('VersionId', v.versionId), el('IsDefaultVersion', v.isDefault), el('CreateDate', v.createDate)];
}

const VERSION_ID = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/;

/** The version a request names; NoSuchEntity with IAM's text when the policy has no such version. */
function requireVersion(db: Database, policy: store.ManagedPolicy, params: URLSearchParams): store.PolicyVersion & { number: number } {
  const versionId = requireParam(params, 'VersionId');
  if (!VERSION_ID.test(versionId)) {
    throw validationError(versionId, 'versionId', 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
  }
  const version = store.listPolicyVersions(db, policy.arn).find((v) => v.versionId === versionId);
  if (!version) throw new QueryError('NoSuchEntity', `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`, 404);
  return { ...version, number: Number(versionId.slice(1)) };
}

function requireLocalPolicy(db: Database, params: URLSearchParams): store.ManagedPolicy {
  const policy = getPolicyOrThrow(db, requirePolicyArn(params));
  if (policy.isAwsManaged) throw new QueryError('AccessDenied', 'Cannot modify an AWS managed policy.', 403);
  return policy;
}

const arnResource = (params: URLSearchParams) => params.get('PolicyArn') ?? '*';

export const policyOperations: Record<string, IamOperation> = {
  CreatePolicy: {
    resource: (params, accountId) => policyArn(accountId, params.get('Path') ?? '/', params.get('PolicyName') ?? ''),
    run({ db, params, config }) {
      const policyName = requireParam(params, 'PolicyName');
      validateName(policyName, 'policyName', 128);
      const document = requireParam(params, 'PolicyDocument');
      const path = params.get('Path') ?? '/';
      validatePath(path);
      const description = params.get('Description');
      if (description !== null && description.length > 1000) {
        throw validationError(description, 'description', 'Member must have length less than or equal to 1000');
      }
      const tags = memberStructs(params, 'Tags').map((t) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
      if (store.findPolicyByName(db, policyName)) {
        throw new QueryError('EntityAlreadyExists', `A policy called ${policyName} already exists. Duplicate names are not allowed.`, 409);
      }
      parseIdentityPolicyOrThrow(document, 6144);
      const now = iamDate(Date.now());
      const policy: store.ManagedPolicy = {
        arn: policyArn(config.accountId, path, policyName),
        policyName,
        policyId: newUniqueId('ANPA'),
        path,
        ...(description !== null ? { description } : {}),
        document,
        createDate: now,
        updateDate: now,
        tags,
        isAwsManaged: false,
        defaultVersionId: 'v1',
      };
      store.insertPolicy(db, policy);
      return [policyXml(db, policy)];
    },
  },

  GetPolicy: {
    resource: arnResource,
    run({ db, params }) {
      return [policyXml(db, getPolicyOrThrow(db, requirePolicyArn(params)))];
    },
  },

  GetPolicyVersion: {
    resource: arnResource,
    run({ db, params }) {
      const policy = getPolicyOrThrow(db, requirePolicyArn(params));
      return [node('PolicyVersion', versionMembers(requireVersion(db, policy, params)))];
    },
  },

  CreatePolicyVersion: {
    resource: arnResource,
    run({ db, params }) {
      const policy = requireLocalPolicy(db, params);
      const document = requireParam(params, 'PolicyDocument');
      parseIdentityPolicyOrThrow(document, 6144);
      if (store.listPolicyVersions(db, policy.arn).length >= 5) {
        throw new QueryError(
          'LimitExceeded',
          'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
          409,
        );
      }
      const setAsDefault = params.get('SetAsDefault') === 'true';
      const now = iamDate(Date.now());
      const versionId = store.addPolicyVersion(db, policy.arn, document, now, setAsDefault);
      return [node('PolicyVersion', [el('VersionId', versionId), el('IsDefaultVersion', setAsDefault), el('CreateDate', now)])];
    },
  },

  ListPolicyVersions: {
    resource: arnResource,
    run({ db, params }) {
      const policy = getPolicyOrThrow(db, requirePolicyArn(params));
      // ListPolicyVersions leaves the documents out (IAM API reference).
      const page = paginate(store.listPolicyVersions(db, policy.arn), params);
      return [
        members('Versions', page.items.map((v) => [el('VersionId', v.versionId), el('IsDefaultVersion', v.isDefault), el('CreateDate', v.createDate)])),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  SetDefaultPolicyVersion: {
    resource: arnResource,
    run({ db, params }) {
      const policy = requireLocalPolicy(db, params);
      const version = requireVersion(db, policy, params);
      store.setDefaultPolicyVersion(db, policy.arn, version.number, iamDate(Date.now()));
      return null;
    },
  },

  DeletePolicyVersion: {
    resource: arnResource,
    run({ db, params }) {
      const policy = requireLocalPolicy(db, params);
      const version = requireVersion(db, policy, params);
      if (version.isDefault) throw new QueryError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
      store.deletePolicyVersion(db, policy.arn, version.number);
      return null;
    },
  },

  ListEntitiesForPolicy: {
    resource: arnResource,
    run({ db, params }) {
      const policy = getPolicyOrThrow(db, requirePolicyArn(params));
      const filter = params.get('EntityFilter');
      const usage = params.get('PolicyUsageFilter');
      if (usage !== null && usage !== 'PermissionsPolicy' && usage !== 'PermissionsBoundary') {
        throw validationError(usage, 'policyUsageFilter', 'Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]');
      }
      const used = store.rolesUsingPolicy(db, policy.arn);
      const pathPrefix = params.get('PathPrefix') ?? '/';
      const roles = new Map<string, store.Role>();
      if (usage !== 'PermissionsBoundary') for (const r of used.attached) roles.set(r.roleName, r);
      if (usage !== 'PermissionsPolicy') for (const r of used.boundary) roles.set(r.roleName, r);
      const listed = filter === null || filter === 'Role' ? [...roles.values()].filter((r) => r.path.startsWith(pathPrefix)) : [];
      const page = paginate(listed, params);
      return [
        members('PolicyGroups', []),
        members('PolicyUsers', []),
        members('PolicyRoles', page.items.map((r) => [el('RoleName', r.roleName), el('RoleId', r.roleId)])),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  ListPolicies: {
    resource: () => '*',
    run({ db, params }) {
      const scope = params.get('Scope') ?? 'All';
      if (scope !== 'All' && scope !== 'AWS' && scope !== 'Local') {
        throw validationError(scope, 'scope', 'Member must satisfy enum value set: [All, AWS, Local]');
      }
      const onlyAttached = params.get('OnlyAttached') === 'true';
      const pathPrefix = params.get('PathPrefix') ?? '/';
      const policies = store
        .listManagedPolicies(db, scope)
        .filter((p) => p.path.startsWith(pathPrefix) && (!onlyAttached || store.attachmentCount(db, p.arn) > 0));
      const page = paginate(policies, params);
      return [
        members('Policies', page.items.map((p) => policyXml(db, p, true).children ?? [])),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },

  DeletePolicy: {
    resource: arnResource,
    run({ db, params }) {
      const arn = requirePolicyArn(params);
      const policy = getPolicyOrThrow(db, arn);
      if (policy.isAwsManaged) throw new QueryError('AccessDenied', 'Cannot delete an AWS managed policy.', 403);
      const usage = store.rolesUsingPolicy(db, arn);
      if (usage.attached.length > 0 || usage.boundary.length > 0) {
        throw new QueryError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
      }
      if (store.listPolicyVersions(db, arn).length > 1) {
        throw new QueryError(
          'DeleteConflict',
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          409,
        );
      }
      store.deletePolicy(db, arn);
      return null;
    },
  },

  AttachRolePolicy: {
    resource: (params, accountId, db) => store.getRole(db, params.get('RoleName') ?? '')?.arn ?? roleArn(accountId, '/', params.get('RoleName') ?? ''),
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const arn = requirePolicyArn(params);
      const role = getRoleOrThrow(db, roleName);
      if (!store.getManagedPolicy(db, arn)) {
        throw new QueryError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
      }
      if (!store.listAttachedRolePolicies(db, role.roleName).includes(arn) && store.listAttachedRolePolicies(db, role.roleName).length >= 10) {
        throw new QueryError('LimitExceeded', 'Cannot exceed quota for PoliciesPerRole: 10', 409);
      }
      store.attachRolePolicy(db, role.roleName, arn);
      return null;
    },
  },

  DetachRolePolicy: {
    resource: (params, accountId, db) => store.getRole(db, params.get('RoleName') ?? '')?.arn ?? roleArn(accountId, '/', params.get('RoleName') ?? ''),
    run({ db, params }) {
      const roleName = requireParam(params, 'RoleName');
      const arn = requirePolicyArn(params);
      const role = getRoleOrThrow(db, roleName);
      if (!store.detachRolePolicy(db, role.roleName, arn)) throw new QueryError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
      return null;
    },
  },

  ListAttachedRolePolicies: {
    resource: (params, accountId, db) => store.getRole(db, params.get('RoleName') ?? '')?.arn ?? roleArn(accountId, '/', params.get('RoleName') ?? ''),
    run({ db, params }) {
      const role = getRoleOrThrow(db, requireParam(params, 'RoleName'));
      const pathPrefix = params.get('PathPrefix') ?? '/';
      const attached = store
        .listAttachedRolePolicies(db, role.roleName)
        .map((arn) => store.getManagedPolicy(db, arn))
        .filter((p): p is store.ManagedPolicy => p !== undefined && p.path.startsWith(pathPrefix));
      const page = paginate(attached, params);
      return [
        members('AttachedPolicies', page.items.map((p) => [el('PolicyName', p.policyName), el('PolicyArn', p.arn)])),
        el('IsTruncated', page.isTruncated),
        ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
      ];
    },
  },
};
