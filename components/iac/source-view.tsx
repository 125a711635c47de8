import { Fragment, type ReactNode } from 'react';

export type LineMark = { severity: 'error' | 'warning' | 'info'; text: string };

/** Strings, comments and keys: enough highlighting to read YAML, JSON, HCL, TypeScript and bash at a glance. */
const TOKEN = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|((?:^|\s)(?:#|\/\/).*$)|([A-Za-z_$][\w.\-/$]*)(?=\s*[:=](?:\s|$))/g;

function highlight(line: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    const idx = m.index;
    if (idx > last) out.push(line.slice(last, idx));
    const cls = m[1] ? 'text-emerald-700' : m[2] ? 'text-slate-400' : 'text-sky-800';
    out.push(
      <span key={idx} className={cls}>
        {m[0]}
      </span>,
    );
    last = idx + m[0].length;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

const MARK_CLASS = { error: 'bg-red-50', warning: 'bg-amber-50', info: 'bg-sky-50' } as const;
const BADGE_CLASS = { error: 'bg-red-600', warning: 'bg-amber-500', info: 'bg-sky-500' } as const;

/**
 * A read-only listing with line numbers. `marks` highlights lines (a finding's line) and says why in a badge the
 * screen reader reads with the line; `idPrefix` gives each line an id so a finding can link to it.
 */
export function SourceView({ text, label, marks = {}, idPrefix, maxHeight = '36rem' }: { text: string; label: string; marks?: Record<number, LineMark[]>; idPrefix?: string; maxHeight?: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-auto rounded-md border border-slate-200 bg-white font-mono text-xs leading-5" style={{ maxHeight }}>
      <table className="w-full border-collapse">
        <tbody>
          {lines.map((line, i) => {
            const n = i + 1;
            const m = marks[n];
            const worst = m?.some((x) => x.severity === 'error') ? 'error' : m?.some((x) => x.severity === 'warning') ? 'warning' : m ? 'info' : undefined;
            return (
              <tr key={n} id={idPrefix ? `${idPrefix}-${n}` : undefined} data-line={n} className={worst ? MARK_CLASS[worst] : undefined}>
                <td className="w-10 select-none border-r border-slate-200 px-2 text-right align-top text-slate-400">{n}</td>
                <td className="whitespace-pre-wrap break-all px-2 align-top">
                  {highlight(line)}
                  {m ? (
                    <span className="ml-2 inline-flex flex-wrap gap-1 align-middle font-sans">
                      {m.map((x, j) => (
                        <Fragment key={j}>
                          <span className={`rounded px-1.5 py-0.5 text-[10px] font-semibold text-white ${BADGE_CLASS[x.severity]}`}>{x.text}</span>
                        </Fragment>
                      ))}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
