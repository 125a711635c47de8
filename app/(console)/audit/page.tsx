import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { buttonClasses } from '@/components/ui/button';
import { currentCaller } from '@/lib/auth/caller';
import { hasRole } from '@/lib/auth/roles';
import { auditFilterSchema, listAudit } from '@/lib/store/audit';

export const metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const FIELDS = [
  { name: 'actor', label: 'Who' },
  { name: 'action', label: 'Action' },
  { name: 'designId', label: 'Design id' },
  { name: 'connectionId', label: 'Connection' },
  { name: 'result', label: 'Result' },
  { name: 'from', label: 'From (date)' },
  { name: 'to', label: 'To (date)' },
] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await currentCaller();
  if (!caller || !hasRole(caller.role, 'operator')) notFound();
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' && v.trim() ? [[k, v.trim()]] : []))));
  const filter = parsed.success ? parsed.data : {};
  const entries = await listAudit(filter, 200);
  const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v ? [[k, v]] : []))).toString();
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through this console — who, when, on which connection and account, what and with which result — newest first." />
      <Card title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-3">
          {FIELDS.map((f) => (
            <label key={f.name} className="text-sm">
              <span className="block font-medium">{f.label}</span>
              <input name={f.name} defaultValue={filter[f.name] ?? ''} type={f.name === 'from' || f.name === 'to' ? 'date' : 'text'} className="mt-1 w-40 rounded-md border border-slate-300 px-2 py-1 text-sm" />
            </label>
          ))}
          <button type="submit" className={buttonClasses('primary')}>Filter</button>
          <a href={`/audit/export${query ? `?${query}` : ''}`} className={buttonClasses('secondary')} download="sluice-audit.jsonl">Export as JSON Lines</a>
        </form>
        {!parsed.success ? <p role="alert" className="mt-2 text-sm text-red-700">Some filters were too long and are ignored.</p> : null}
      </Card>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Audit entries">
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              {['When (UTC)', 'Who', 'Action', 'Connection', 'Design', 'What', 'Result'].map((h) => <th key={h} scope="col" className="py-2 pr-3 font-medium">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr><td colSpan={7} className="py-4 text-slate-500">No entries match.</td></tr>
            ) : entries.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top">
                <td className="whitespace-nowrap py-2 pr-3 font-mono text-xs">{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td className="py-2 pr-3">{e.actor.name} <span className="text-xs text-slate-500">({e.actor.role})</span></td>
                <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
                <td className="py-2 pr-3">{e.connectionName ?? '—'}{e.accountId ? <span className="block font-mono text-xs text-slate-500">{e.accountId}</span> : null}</td>
                <td className="py-2 pr-3 font-mono text-xs">{e.designId ?? '—'}</td>
                <td className="py-2 pr-3">
                  {e.summary}
                  {e.calls.length > 0 ? (
                    <details className="mt-1"><summary className="cursor-pointer text-xs text-slate-600">{e.calls.length} SDK call{e.calls.length === 1 ? '' : 's'}</summary><ul className="font-mono text-xs">{e.calls.map((c, i) => <li key={i}>{c}</li>)}</ul></details>
                  ) : null}
                  {e.message && e.message !== e.summary ? <span className="block text-xs text-red-700">{e.message}</span> : null}
                </td>
                <td className="py-2 pr-3">{e.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
