'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { signInAction, type SignInState } from '@/lib/actions/session';

export function SignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="token" className="block text-sm font-medium">Dashboard token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" required aria-describedby={state.error ? 'token-error' : undefined} aria-invalid={state.error ? true : undefined} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        {state.error ? <p id="token-error" role="alert" className="mt-1 text-sm text-red-700">{state.error}</p> : null}
      </div>
      <Button type="submit" variant="primary" disabled={isPending}>{isPending ? 'Signing in…' : 'Sign in'}</Button>
    </form>
  );
}
