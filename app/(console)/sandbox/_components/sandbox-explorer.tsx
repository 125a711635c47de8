'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import type { ActionResult } from '@/lib/actions/result';
import { CheckboxField, TextAreaField, TextField } from '@/components/ui/field';
import {
  createSandboxQueueAction,
  deleteSandboxApiAction,
  deleteSandboxQueueAction,
  deleteSandboxRoleAction,
  listSandboxApisAction,
  listSandboxQueuesAction,
  listSandboxRolesAction,
  peekMessagesAction,
  purgeQueueAction,
  receiveSandboxMessageAction,
  resetSandboxAction,
  sendSandboxMessageAction,
} from '@/lib/actions/sandbox';

async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

const tabs = ['Queues', 'Roles', 'REST APIs'] as const;
type Tab = (typeof tabs)[number];

/** A destructive action behind a confirmation: the button, the dialog and the error. */
function ConfirmedAction({ label, title, confirmLabel, children, action, onDone }: { label: string; title: string; confirmLabel: string; children: ReactNode; action: () => Promise<unknown>; onDone?: () => void }) {
  const [open, setOpen] = useState(false);
  const run = useMutation({ mutationFn: action, onSuccess: onDone });
  return (
    <>
      <Button size="sm" variant="danger" onClick={() => setOpen(true)} aria-label={label} disabled={run.isPending}>
        {run.isPending ? 'Deleting…' : confirmLabel}
      </Button>
      {run.isError ? <ErrorNote error={run.error} /> : null}
      <ConfirmDialog open={open} title={title} confirmLabel={confirmLabel} variant="danger" onCancel={() => setOpen(false)} onConfirm={() => { setOpen(false); run.mutate(); }}>
        {children}
      </ConfirmDialog>
    </>
  );
}

function ResetSandbox() {
  const client = useQueryClient();
  const [result, setResult] = useState<string>();
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      <ConfirmedAction
        label="Reset everything"
        title="Reset the sandbox?"
        confirmLabel="Reset everything"
        action={async () => {
          const r = await unwrap(resetSandboxAction());
          setResult(`Deleted ${r.queues} queue${r.queues === 1 ? '' : 's'}, ${r.roles} role${r.roles === 1 ? '' : 's'} and ${r.apis} REST API${r.apis === 1 ? '' : 's'}.`);
        }}
        onDone={() => void client.invalidateQueries({ queryKey: ['sandbox'] })}
      >
        Every queue (with its messages), every role and every REST API in the sandbox is deleted. Your designs stay; deploy them again to recreate what they need.
      </ConfirmedAction>
      {result ? <p role="status" className="text-sm text-slate-700">{result}</p> : null}
    </div>
  );
}

export function SandboxExplorer() {
  const [tab, setTab] = useState<Tab>('Queues');
  return (
    <section aria-label="Sandbox resources">
      <ResetSandbox />
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
  const [messaging, setMessaging] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['sandbox'] });
  if (queues.isPending) return <p className="text-sm text-slate-500">Loading queues…</p>;
  if (queues.isError) return <ErrorNote error={queues.error} />;
  return (
    <>
      <CreateQueue onCreated={refresh} />
      {queues.data.length === 0 ? <p className="text-sm text-slate-600">No queues yet. Create one above, or deploy a design.</p> : null}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Queues table">
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
              <th scope="row" className="break-all py-2 pr-4 font-mono text-xs font-normal">
                {q.name}
                {q.kmsMasterKeyId ? <span className="ml-2 rounded bg-amber-100 px-1 text-amber-800">KMS {q.kmsMasterKeyId}</span> : null}
              </th>
              <td className="py-2 pr-4">{q.isFifo ? 'FIFO' : 'Standard'}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.visible}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.inFlight}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{q.delayed}</td>
              <td className="flex flex-wrap justify-end gap-2 py-2">
                <Button size="sm" onClick={() => setPeeking(peeking === q.url ? null : q.url)} aria-expanded={peeking === q.url} aria-label={`Peek at messages in ${q.name}`}>
                  Peek
                </Button>
                <Button size="sm" onClick={() => setMessaging(messaging === q.url ? null : q.url)} aria-expanded={messaging === q.url} aria-label={`Send / receive messages in ${q.name}`}>
                  Send / receive
                </Button>
                <Button size="sm" variant="danger" onClick={() => setPurging(q.url)} aria-label={`Purge ${q.name}`}>
                  Purge
                </Button>
                <ConfirmedAction label={`Delete queue ${q.name}`} title="Delete queue?" confirmLabel="Delete" action={() => unwrap(deleteSandboxQueueAction({ queueUrl: q.url }))} onDone={refresh}>
                  The queue <span className="font-mono">{q.name}</span> and every message in it are deleted.
                </ConfirmedAction>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {purge.isError ? <ErrorNote error={purge.error} /> : null}
      {messaging ? <SendReceive queueUrl={messaging} onChange={refresh} /> : null}
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

function CreateQueue({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [fifo, setFifo] = useState(false);
  const create = useMutation({
    mutationFn: () => createSandboxQueueAction({ name, fifo }),
    onSuccess: (r) => {
      if (r.ok) {
        setName('');
        onCreated();
      }
    },
  });
  const error = create.data && !create.data.ok ? create.data.message : undefined;
  return (
    <form
      className="mb-4 flex flex-wrap items-end gap-3"
      aria-label="Create a queue"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <TextField id="new-queue-name" label="New queue name" value={name} onChange={(e) => setName(e.target.value)} errors={error ? [error] : undefined} />
      <CheckboxField id="new-queue-fifo" label="FIFO" checked={fifo} onChange={(e) => setFifo(e.target.checked)} />
      <Button type="submit" variant="primary" disabled={create.isPending || name.trim() === ''}>
        {create.isPending ? 'Creating…' : 'Create queue'}
      </Button>
    </form>
  );
}

function SendReceive({ queueUrl, onChange }: { queueUrl: string; onChange: () => void }) {
  const id = useId();
  const name = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
  const isFifo = name.endsWith('.fifo');
  const [body, setBody] = useState('{"message": "Hello World"}');
  const [groupId, setGroupId] = useState('group-1');
  const send = useMutation({ mutationFn: () => sendSandboxMessageAction({ queueUrl, body, ...(isFifo ? { messageGroupId: groupId } : {}) }), onSuccess: onChange });
  const receive = useMutation({ mutationFn: () => receiveSandboxMessageAction({ queueUrl }), onSuccess: onChange });
  return (
    <section aria-label={`Send and receive in ${name}`} className="mt-4 space-y-3 rounded-md border border-slate-200 bg-white p-3">
      <h3 className="text-sm font-semibold">Send and receive in {name}</h3>
      <TextAreaField id={`${id}-body`} label="Message body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      {isFifo ? <TextField id={`${id}-group`} label="Message group id" value={groupId} onChange={(e) => setGroupId(e.target.value)} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={() => send.mutate()} disabled={send.isPending}>Send message</Button>
        <Button onClick={() => receive.mutate()} disabled={receive.isPending}>Receive and delete one</Button>
      </div>
      <div aria-live="polite" className="text-sm">
        {send.data ? send.data.ok ? <p data-testid="sent-message">Sent: MessageId <span className="font-mono">{send.data.data.messageId}</span></p> : <p role="alert" className="text-red-700">{send.data.message}</p> : null}
        {receive.data ? (
          receive.data.ok ? (
            receive.data.data ? (
              <p data-testid="received-message">
                Received and deleted <span className="font-mono">{receive.data.data.messageId}</span>: <span className="font-mono">{receive.data.data.body}</span>
              </p>
            ) : (
              <p data-testid="received-message">No message was available.</p>
            )
          ) : (
            <p role="alert" className="text-red-700">{receive.data.message}</p>
          )
        ) : null}
      </div>
    </section>
  );
}

function Peek({ queueUrl }: { queueUrl: string }) {
  const messages = useQuery({ queryKey: ['sandbox', 'peek', queueUrl], queryFn: () => unwrap(peekMessagesAction({ queueUrl })) });
  return (
    <section aria-label="Messages" className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-sm font-semibold">Messages in {queueUrl.slice(queueUrl.lastIndexOf('/') + 1)} <span className="font-normal text-slate-600">(received with visibility timeout 0: the messages stay in the queue, but each peek counts as a receive — their receive count goes up, and with a redrive policy they can move to the dead-letter queue)</span></h3>
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
  const client = useQueryClient();
  const roles = useQuery({ queryKey: ['sandbox', 'roles'], queryFn: () => unwrap(listSandboxRolesAction()) });
  const refresh = () => void client.invalidateQueries({ queryKey: ['sandbox'] });
  if (roles.isPending) return <p className="text-sm text-slate-500">Loading roles…</p>;
  if (roles.isError) return <ErrorNote error={roles.error} />;
  if (roles.data.length === 0) return <p className="text-sm text-slate-600">No roles yet.</p>;
  return (
    <ul className="space-y-3">
      {roles.data.map((r) => (
        <li key={r.arn} className="rounded-md border border-slate-200 bg-white p-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="break-all font-mono text-sm font-semibold">{r.name}</h3>
            <ConfirmedAction label={`Delete role ${r.name}`} title="Delete role?" confirmLabel="Delete" action={() => unwrap(deleteSandboxRoleAction({ roleName: r.name }))} onDone={refresh}>
              The role <span className="font-mono">{r.name}</span> and its inline policies are deleted; an integration that uses it then fails with 500 until it gets another role.
            </ConfirmedAction>
          </div>
          <p className="font-mono text-xs text-slate-500 [overflow-wrap:anywhere]">{r.arn}</p>
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
  const client = useQueryClient();
  const apis = useQuery({ queryKey: ['sandbox', 'apis'], queryFn: () => unwrap(listSandboxApisAction()) });
  const refresh = () => void client.invalidateQueries({ queryKey: ['sandbox'] });
  if (apis.isPending) return <p className="text-sm text-slate-500">Loading REST APIs…</p>;
  if (apis.isError) return <ErrorNote error={apis.error} />;
  if (apis.data.length === 0) return <p className="text-sm text-slate-600">No REST APIs yet.</p>;
  return (
    <ul className="space-y-3">
      {apis.data.map((a) => (
        <li key={a.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold">{a.name} <span className="font-mono text-xs font-normal text-slate-500">{a.id}</span></h3>
            <ConfirmedAction label={`Delete REST API ${a.name}`} title="Delete REST API?" confirmLabel="Delete" action={() => unwrap(deleteSandboxApiAction({ restApiId: a.id }))} onDone={refresh}>
              The REST API <span className="font-mono">{a.name}</span> ({a.id}), its resources, methods and stages are deleted.
            </ConfirmedAction>
          </div>
          <ul className="mt-1 font-mono text-xs">
            {a.methods.map((m) => (
              <li key={`${m.resourceId}-${m.httpMethod}`}>
                {m.httpMethod} {m.path} {m.integrationUri ? <span className="text-slate-500 [overflow-wrap:anywhere]">→ {m.integrationUri}</span> : null}
              </li>
            ))}
          </ul>
          <ul className="mt-2 text-xs">
            {a.stages.map((s) => (
              <li key={s.name}>
                Stage <span className="font-mono">{s.name}</span>: <span className="font-mono text-brand-700 [overflow-wrap:anywhere]">{s.invokeUrl}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
