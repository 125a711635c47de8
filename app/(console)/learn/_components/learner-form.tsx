'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { registerLearnerAction } from '@/lib/actions/learn';

/** "Who are you?" — the learner picks a name once; their sandbox resources are named after it. */
export function LearnerForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const inputId = useId();
  const errorId = useId();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await registerLearnerAction({ name });
          if (!r.ok) setError(r.fieldErrors?.name?.join(' ') ?? r.message);
          else {
            setError(undefined);
            router.refresh();
          }
        });
      }}
    >
      <div>
        <label htmlFor={inputId} className="mb-1 block text-sm font-medium">
          Your name
        </label>
        <input
          id={inputId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={40}
          autoComplete="name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="w-64 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Starting…' : 'Start the course'}
      </Button>
      {error ? (
        <p id={errorId} role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
