import { z } from 'zod';
import { safeNextPath } from '@/lib/auth/next-path';
import { SignInForm } from './sign-in-form';

export const metadata = { title: 'Sign in' };

/** `?next=` may come repeated (an array) or not at all; only a single value is a destination. */
const searchSchema = z.object({ next: z.string().optional().catch(undefined) });

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = searchSchema.parse(await searchParams);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Sluice</h1>
      <p className="mb-4 text-sm text-slate-600">This console is protected by the dashboard token set on its server (SLUICE_TOKEN).</p>
      <SignInForm next={safeNextPath(next)} />
    </main>
  );
}
