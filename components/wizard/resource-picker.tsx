'use client';

import { type KeyboardEvent, type ReactNode, useEffect, useId, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';

/** One page of picker results as the picker actions return it (lib/actions/pickers.ts). */
export type PickerResult<T> = { items: T[]; total: number; limit: number; connectionName: string };

type Props<T> = {
  id: string;
  label: string;
  hint?: string;
  placeholder?: string;
  /** A server action listing matches for the search text on the active connection. */
  load: (input: { search: string }) => Promise<ActionResult<PickerResult<T>>>;
  keyOf: (item: T) => string;
  /** The option's text; `detail` is shown under it (e.g. a warning about the item). */
  render: (item: T) => { label: string; detail?: ReactNode };
  onPick: (item: T) => void;
};

const DEBOUNCE_MS = 250;

/**
 * A search box with a listbox of resources on the active connection (ARIA 1.2 combobox pattern): type to search,
 * arrow keys to move, Enter to pick, Escape to close. Picking only fills the design; the field it fills stays free text.
 */
export function ResourcePicker<T>({ id, label, hint, placeholder, load, keyOf, render, onPick }: Props<T>) {
  const listId = useId();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [result, setResult] = useState<ActionResult<PickerResult<T>> | undefined>();
  const [isPending, startTransition] = useTransition();

  useEffect(() => {
    if (!open) return;
    let stale = false;
    const timer = setTimeout(() => {
      startTransition(async () => {
        const r = await load({ search });
        if (!stale) {
          setResult(r);
          setActive(-1);
        }
      });
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [search, open, load]);

  const items = result?.ok ? result.data.items : [];
  const pick = (item: T) => {
    onPick(item);
    setSearch(render(item).label);
    setOpen(false);
  };
  const handleKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && open && active >= 0 && items[active]) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const optionId = (i: number) => `${listId}-option-${i}`;
  const statusId = `${id}-status`;
  const hintId = hint ? `${id}-hint` : undefined;

  return (
    <div className="relative space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-describedby={[hintId, statusId].filter(Boolean).join(' ')}
        placeholder={placeholder}
        className="w-full rounded-md border border-input bg-background px-3 py-2 text-sm"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={handleKeyDown}
      />
      <p id={statusId} role="status" className="text-xs text-muted-foreground">
        {!open
          ? null
          : isPending || !result
            ? 'Searching…'
            : !result.ok
              ? null
              : result.data.total === 0
                ? `Nothing on ${result.data.connectionName} matches “${search}”.`
                : result.data.total > result.data.limit
                  ? `Showing ${result.data.limit} of ${result.data.total} on ${result.data.connectionName}; refine the search.`
                  : `${result.data.total} on ${result.data.connectionName}.`}
      </p>
      {open && result && !result.ok ? (
        <p role="alert" className="text-xs text-destructive">
          {label}: {result.message} Check the connection in the header, then search again.
        </p>
      ) : null}
      <ul id={listId} role="listbox" aria-label={label} hidden={!open || items.length === 0} className="max-h-64 overflow-auto rounded-md border border-input bg-background text-sm">
        {items.map((item, i) => {
          const { label: text, detail } = render(item);
          return (
            <li
              key={keyOf(item)}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-accent' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(item)}
            >
              <span className="font-mono">{text}</span>
              {detail ? <span className="block text-xs">{detail}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
