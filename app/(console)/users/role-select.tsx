'use client';

import { useState, useTransition } from 'react';
import { setUserRoleAction } from '@/lib/actions/users';
import { ROLES, type Role, roleSchema } from '@/lib/auth/roles';

export function RoleSelect({ userId, userName, role }: { userId: string; userName: string; role: Role }) {
  const [error, setError] = useState<string>();
  const [isPending, startTransition] = useTransition();
  return (
    <>
      <select
        aria-label={`Role of ${userName}`}
        defaultValue={role}
        disabled={isPending}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        onChange={(e) => {
          const next = roleSchema.parse(e.target.value);
          startTransition(async () => {
            const result = await setUserRoleAction({ userId, role: next });
            setError(result.ok ? undefined : result.message);
          });
        }}
      >
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      {error ? <span role="alert" className="ml-2 text-xs text-red-700">{error}</span> : null}
    </>
  );
}
