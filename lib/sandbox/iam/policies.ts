import 'server-only';
import type { Database } from 'libsql';
import { el, node, type XmlNode } from '@/lib/sandbox/http';
import { iamDate, newUniqueId } from './ids';
import type { IamOperation } from './operation';
import { encodePolicyDocument, memberStructs, members, QueryError, requireParam, validationError } from './query';
import { getRoleOrThrow, paginate, roleArn } from './roles';
import * as store from './store';
import { parseIdentityPolicyOrThrow, validateName, validatePath } from './validation';

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

export const policyArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;

function requirePolicyArn(params: URLSearchParams): string {
  const arn = requireParam(params, 'PolicyArn');
  if (arn.length < 20) throw validationError(arn, 'policyArn', 'Member must have length greater than or equal to 20');
  if (!POLICY_ARN.test(arn)) throw new QueryError('InvalidInput', `ARN ${arn} is not valid.`, 400);
  return arn;
}

function getPolicyOrThrow(db: Database, arn: string): store.ManagedPolicy {
  const policy = store.getManagedPolicy(db, arn);
  if (!policy) throw new QueryError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
  return policy;
}

function policyXml(db: Database, p: store.ManagedPolicy): XmlNode {
  const children: XmlNode[] = [
    el('PolicyName', p.policyName),
    el('PolicyId', p.policyId),
    el('Arn', p.arn),
    el('Path', p.path),
    el('DefaultVersionId', 'v1'),
    el('AttachmentCount', store.attachmentCount(db, p.arn)),
    el('PermissionsBoundaryUsageCount', 0),
    el('IsAttachable', true),
  ];
  if (p.description !== undefined) children.push(el('Description', p.description));
  children.push(el('CreateDate', p.createDate), el('UpdateDate', p.updateDate));
  if (p.tags.length > 0) children.push(members('Tags', p.tags.map((t) => [el('Key', t.Key), el('Value', t.Value)])));
  return node('Policy', children);
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
      const versionId = requireParam(params, 'VersionId');
      if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(versionId)) {
        throw validationError(versionId, 'versionId', 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
      }
      if (versionId !== 'v1') {
        throw new QueryError('NoSuchEntity', `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`, 404);
      }
      return [
        node('PolicyVersion', [
          el('Document', encodePolicyDocument(policy.document)),
          el('VersionId', 'v1'),
          el('IsDefaultVersion', true),
          el('CreateDate', policy.createDate),
        ]),
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
        members('Policies', page.items.map((p) => policyXml(db, p).children ?? [])),
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
      if (store.attachmentCount(db, arn) > 0) {
        throw new QueryError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
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
