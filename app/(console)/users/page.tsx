import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { currentCaller } from '@/lib/auth/caller';
import { hasRole } from '@/lib/auth/roles';
import { listUsers } from '@/lib/store/users';
import { RoleSelect } from './role-select';

export const metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const SOURCE = { claim: 'from the identity provider', default: 'default role', admin: 'assigned by an admin' } as const;

export default async function UsersPage() {
  const caller = await currentCaller();
  if (!caller || !hasRole(caller.role, 'admin')) notFound();
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description="Everyone who has signed in with single sign-on. A role assigned here stays until an admin changes it; otherwise the identity provider’s claim decides at each sign-in." />
      <table className="w-full text-left text-sm" aria-label="Users">
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            {['Name', 'Email', 'Role', 'Last sign-in (UTC)'].map((h) => <th key={h} scope="col" className="py-2 pr-3 font-medium">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-100">
              <th scope="row" className="py-2 pr-3 font-medium">{u.name}</th>
              <td className="py-2 pr-3">{u.email ?? '—'}</td>
              <td className="py-2 pr-3"><RoleSelect userId={u.id} userName={u.name} role={u.role} /> <span className="text-xs text-slate-500">{SOURCE[u.roleSource]}</span></td>
              <td className="py-2 pr-3 font-mono text-xs">{u.lastSeenAt.replace('T', ' ').slice(0, 19)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
