'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { activeConnectionStatusAction, listConnectionsAction, setActiveConnectionAction, type ConnectionsView } from '@/lib/actions/connections';
import { CONNECTION_CHANGED_EVENT } from '@/components/providers/connection-events';

type Status = Awaited<ReturnType<typeof activeConnectionStatusAction>>;
const STATUS_INTERVAL_MS = 30_000;

/**
 * Header control: which connection and account the console works against, and a switch among configured ones.
 * It is on every page, the wizard's included, so it uses plain effects instead of TanStack Query: the query library
 * then loads only with the pages that use it (see components/providers/query-provider.tsx).
 */
export function ConnectionSwitcher() {
  const router = useRouter();
  const [list, setList] = useState<ConnectionsView>();
  const [status, setStatus] = useState<Status>();
  const [pending, startTransition] = useTransition();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void listConnectionsAction().then((r) => {
      if (live && r.ok) setList(r.data);
    });
    const check = () =>
      void activeConnectionStatusAction().then((r) => {
        if (live) setStatus(r);
      });
    check();
    const timer = setInterval(check, STATUS_INTERVAL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [generation]);

  const change = (id: string) =>
    startTransition(async () => {
      const r = await setActiveConnectionAction(id);
      if (!r.ok) return;
      setStatus(undefined);
      setGeneration((g) => g + 1);
      // Pages holding query caches refetch everything: their data came from the other connection.
      window.dispatchEvent(new Event(CONNECTION_CHANGED_EVENT));
      router.refresh();
    });

  const s = status?.ok ? status.data : undefined;
  return (
    <div className="ml-auto flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="connection" className="text-slate-500">Connection</label>
      <select
        id="connection"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={list?.activeId ?? 'sandbox'}
        disabled={!list || pending}
        onChange={(e) => change(e.target.value)}
      >
        {(list?.connections ?? [{ id: 'sandbox', name: 'Built-in sandbox', kind: 'sandbox' as const }]).map((c) => (
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
