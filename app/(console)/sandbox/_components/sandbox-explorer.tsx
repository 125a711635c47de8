'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import {
  listSandboxApisAction,
  listSandboxQueuesAction,
  listSandboxRolesAction,
  peekMessagesAction,
  purgeQueueAction,
} from '@/lib/actions/sandbox';

async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

const tabs = ['Queues', 'Roles', 'REST APIs'] as const;
type Tab = (typeof tabs)[number];

export function SandboxExplorer() {
  const [tab, setTab] = useState<Tab>('Queues');
  return (
    <section aria-label="Sandbox resources">
      <div role="tablist" aria-label="Resource type" className="mb-4 flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t}
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            onClick={() => setTab(t)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'Queues' ? <Queues /> : tab === 'Roles' ? <Roles /> : <Apis />}
      </div>
    </section>
  );
}

function ErrorNote({ error }: { error: unknown }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

function Queues() {
  const client = useQueryClient();
  const queues = useQuery({ queryKey: ['sandbox', 'queues'], queryFn: () => unwrap(listSandboxQueuesAction()), refetchInterval: 3_000 });
  const [peeking, setPeeking] = useState<string | null>(null);
  const [purging, setPurging] = useState<string | null>(null);
  const purge = useMutation({
    mutationFn: (queueUrl: string) => unwrap(purgeQueueAction({ queueUrl })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sandbox'] }),
  });
  if (queues.isPending) return <p className="text-sm text-slate-500">Loading queues…</p>;
  if (queues.isError) return <ErrorNote error={queues.error} />;
  if (queues.data.length === 0) return <p className="text-sm text-slate-600">No queues yet. Deploy a design, or create one with <code className="rounded bg-slate-100 px-1">aws sqs create-queue</code>.</p>;
  return (
    <>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Queues in the sandbox</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            <th scope="col" className="py-2 pr-4 font-medium">Queue</th>
            <th scope="col" className="py-2 pr-4 font-medium">Type</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Available</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">In flight</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Delayed</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {queues.data.map((q) => (
            <tr key={q.url} className="border-b border-slate-100">
              <th scope="row" className="py-2 pr-4 font-mono text-xs font-normal">
                {q.name}
                {q.kmsMasterKeyId ? <span className="ml-2 rounded bg-amber-100 px-1 text-amber-800">KMS {q.kmsMasterKeyId}</span> : null}
              </th>
              <td className="py-2 pr-4">{q.isFifo ? 'FIFO' : 'Standard'}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.visible}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.inFlight}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.delayed}</td>
              <td className="flex justify-end gap-2 py-2">
                <Button size="sm" onClick={() => setPeeking(peeking === q.url ? null : q.url)} aria-expanded={peeking === q.url} aria-label={`Peek at messages in ${q.name}`}>
                  Peek
                </Button>
                <Button size="sm" variant="danger" onClick={() => setPurging(q.url)} aria-label={`Purge ${q.name}`}>
                  Purge
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {purge.isError ? <ErrorNote error={purge.error} /> : null}
      {peeking ? <Peek queueUrl={peeking} /> : null}
      <ConfirmDialog
        open={purging !== null}
        title="Purge queue?"
        confirmLabel="Purge"
        variant="danger"
        onCancel={() => setPurging(null)}
        onConfirm={() => {
          if (purging) purge.mutate(purging);
          setPurging(null);
        }}
      >
        Every message in <span className="font-mono">{purging?.slice(purging.lastIndexOf('/') + 1)}</span> is deleted. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}

function Peek({ queueUrl }: { queueUrl: string }) {
  const messages = useQuery({ queryKey: ['sandbox', 'peek', queueUrl], queryFn: () => unwrap(peekMessagesAction({ queueUrl })) });
  return (
    <section aria-label="Messages" className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-sm font-semibold">Messages in {queueUrl.slice(queueUrl.lastIndexOf('/') + 1)} <span className="font-normal text-slate-500">(received with visibility timeout 0 — nothing is consumed)</span></h3>
        <Button size="sm" variant="ghost" onClick={() => void messages.refetch()}>Refresh</Button>
      </div>
      {messages.isPending ? <p className="text-sm text-slate-500">Reading…</p> : messages.isError ? <ErrorNote error={messages.error} /> : messages.data.length === 0 ? (
        <p className="text-sm text-slate-600">No visible messages.</p>
      ) : (
        <ul className="space-y-2">
          {messages.data.map((m) => (
            <li key={m.messageId} className="rounded border border-slate-200 bg-white p-2 text-xs">
              <div className="mb-1 flex flex-wrap gap-x-4 text-slate-500">
                <span>MessageId <span className="font-mono text-slate-800">{m.messageId}</span></span>
                <span>MD5 <span className="font-mono text-slate-800">{m.md5OfBody}</span></span>
                {m.receiveCount ? <span>Received {m.receiveCount}×</span> : null}
                {m.messageGroupId ? <span>Group {m.messageGroupId}</span> : null}
              </div>
              <pre className="whitespace-pre-wrap break-all font-mono text-slate-900">{m.body}</pre>
              {Object.keys(m.attributes).length > 0 ? (
                <dl className="mt-1 flex flex-wrap gap-x-4 text-slate-600">
                  {Object.entries(m.attributes).map(([k, v]) => (
                    <div key={k}><dt className="inline font-medium">{k}</dt>: <dd className="inline font-mono">{v}</dd></div>
                  ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Roles() {
  const roles = useQuery({ queryKey: ['sandbox', 'roles'], queryFn: () => unwrap(listSandboxRolesAction()) });
  if (roles.isPending) return <p className="text-sm text-slate-500">Loading roles…</p>;
  if (roles.isError) return <ErrorNote error={roles.error} />;
  if (roles.data.length === 0) return <p className="text-sm text-slate-600">No roles yet.</p>;
  return (
    <ul className="space-y-3">
      {roles.data.map((r) => (
        <li key={r.arn} className="rounded-md border border-slate-200 bg-white p-3">
          <h3 className="font-mono text-sm font-semibold">{r.name}</h3>
          <p className="font-mono text-xs text-slate-500">{r.arn}</p>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-700">Trust policy</summary>
            <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">{r.trustPolicy}</pre>
          </details>
          {r.inlinePolicies.map((p) => (
            <details key={p.name} className="mt-1 text-sm" open>
              <summary className="cursor-pointer text-slate-700">Inline policy {p.name}</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">{p.document}</pre>
            </details>
          ))}
          {r.attachedPolicies.length > 0 ? <p className="mt-1 text-xs text-slate-600">Attached: {r.attachedPolicies.map((p) => p.name).join(', ')}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function Apis() {
  const apis = useQuery({ queryKey: ['sandbox', 'apis'], queryFn: () => unwrap(listSandboxApisAction()) });
  if (apis.isPending) return <p className="text-sm text-slate-500">Loading REST APIs…</p>;
  if (apis.isError) return <ErrorNote error={apis.error} />;
  if (apis.data.length === 0) return <p className="text-sm text-slate-600">No REST APIs yet.</p>;
  return (
    <ul className="space-y-3">
      {apis.data.map((a) => (
        <li key={a.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
          <h3 className="font-semibold">{a.name} <span className="font-mono text-xs font-normal text-slate-500">{a.id}</span></h3>
          <ul className="mt-1 font-mono text-xs">
            {a.methods.map((m) => (
              <li key={`${m.resourceId}-${m.httpMethod}`}>
                {m.httpMethod} {m.path} {m.integrationUri ? <span className="text-slate-500">→ {m.integrationUri}</span> : null}
              </li>
            ))}
          </ul>
          <ul className="mt-2 text-xs">
            {a.stages.map((s) => (
              <li key={s.name}>
                Stage <span className="font-mono">{s.name}</span>: <span className="font-mono text-brand-700">{s.invokeUrl}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
