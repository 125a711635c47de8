import 'server-only';
import { el, type XmlNode } from '@/lib/sandbox/http';
import type { IamOperation } from './operation';
import { managedPolicyDetail } from './policies';
import { encodePolicyDocument, memberList, members, validationError } from './query';
import { boundaryXml, tagsXml } from './roles';
import * as store from './store';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

/** RoleDetail, in the model's member order. */
function roleDetail(db: Parameters<IamOperation['run']>[0]['db'], role: store.Role): XmlNode[] {
  const attached = store
    .listAttachedRolePolicies(db, role.roleName)
    .map((arn) => store.getManagedPolicy(db, arn))
    .filter((p): p is store.ManagedPolicy => p !== undefined);
  const out: XmlNode[] = [
    el('Path', role.path),
    el('RoleName', role.roleName),
    el('RoleId', role.roleId),
    el('Arn', role.arn),
    el('CreateDate', role.createDate),
    el('AssumeRolePolicyDocument', encodePolicyDocument(role.assumeRolePolicyDocument)),
    members('InstanceProfileList', []),
    members('RolePolicyList', store.listRolePolicies(db, role.roleName).map((p) => [el('PolicyName', p.policyName), el('PolicyDocument', encodePolicyDocument(p.document))])),
    members('AttachedManagedPolicies', attached.map((p) => [el('PolicyName', p.policyName), el('PolicyArn', p.arn)])),
  ];
  if (role.permissionsBoundary !== undefined) out.push(boundaryXml(role.permissionsBoundary));
  out.push(tagsXml(role.tags), { name: 'RoleLastUsed', children: [], text: '' });
  return out;
}

export const accountOperations: Record<string, IamOperation> = {
  GetAccountAuthorizationDetails: {
    resource: () => '*',
    run({ db, params }) {
      const filters = memberList(params, 'Filter');
      for (const f of filters) {
        if (!(FILTERS as readonly string[]).includes(f)) {
          throw validationError(f, 'filter', `Member must satisfy enum value set: [${FILTERS.join(', ')}]`);
        }
      }
      const wants = (f: (typeof FILTERS)[number]) => filters.length === 0 || filters.includes(f);
      const roles = wants('Role') ? store.listRoles(db, '/') : [];
      // AWS-managed policies appear only while something in the account uses them.
      const policies = store.listManagedPolicies(db, 'All').filter((p) => {
        if (!wants(p.isAwsManaged ? 'AWSManagedPolicy' : 'LocalManagedPolicy')) return false;
        if (!p.isAwsManaged) return true;
        const usage = store.rolesUsingPolicy(db, p.arn);
        return usage.attached.length + usage.boundary.length > 0;
      });
      return [
        members('UserDetailList', []),
        members('GroupDetailList', []),
        members('RoleDetailList', roles.map((r) => roleDetail(db, r))),
        members('Policies', policies.map((p) => managedPolicyDetail(db, p))),
        el('IsTruncated', false),
      ];
    },
  },
};
