'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { activeConnectionStatusAction, listConnectionsAction, setActiveConnectionAction } from '@/lib/actions/connections';

/** Header control: which connection and account the console works against, and a switch among configured ones. */
export function ConnectionSwitcher() {
  const router = useRouter();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['connections'], queryFn: listConnectionsAction });
  const status = useQuery({ queryKey: ['connections', 'status'], queryFn: activeConnectionStatusAction, refetchInterval: 30_000 });
  const change = useMutation({
    mutationFn: (id: string) => setActiveConnectionAction(id),
    onSuccess: () => {
      void client.invalidateQueries();
      router.refresh();
    },
  });
  const data = list.data?.ok ? list.data.data : undefined;
  const s = status.data?.ok ? status.data.data : undefined;
  return (
    <div className="ml-auto flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="connection" className="text-slate-500">Connection</label>
      <select
        id="connection"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={data?.activeId ?? 'sandbox'}
        disabled={!data || change.isPending}
        onChange={(e) => change.mutate(e.target.value)}
      >
        {(data?.connections ?? [{ id: 'sandbox', name: 'Built-in sandbox', kind: 'sandbox' as const }]).map((c) => (
          <option key={c.id} value={c.id}>{c.name}</option>
        ))}
      </select>
      <span aria-live="polite" className="text-xs [overflow-wrap:anywhere]">
        {!s ? (
          <span className="text-slate-500">checking…</span>
        ) : s.ok ? (
          <span className="text-emerald-700" title={s.arn}>● account {s.accountId} · {s.region}</span>
        ) : (
          <span className="text-red-700" role="alert" title={s.message}>● {s.message}</span>
        )}
      </span>
    </div>
  );
}
