import { z } from 'zod';
import { buttonClasses } from '@/components/ui/button';
import { safeNextPath } from '@/lib/auth/next-path';
import { oidcEnabled } from '@/lib/auth/oidc';
import { getEnv } from '@/lib/env';
import { SignInForm } from './sign-in-form';

export const metadata = { title: 'Sign in' };
// Whether sign-in with the identity provider is offered depends on the server's environment, read per request.
export const dynamic = 'force-dynamic';

/** `?next=` and `?error=` may come repeated (an array) or not at all; only a single value counts. */
const searchSchema = z.object({ next: z.string().optional().catch(undefined), error: z.string().optional().catch(undefined) });

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, error } = searchSchema.parse(await searchParams);
  const env = getEnv();
  const target = safeNextPath(next);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Sluice</h1>
      {error ? <p role="alert" className="mb-3 text-sm text-red-700">{error.slice(0, 500)}</p> : null}
      {oidcEnabled(env) ? (
        <div className="mb-4">
          <p className="mb-3 text-sm text-slate-600">Sign in with your organization’s account ({new URL(env.SLUICE_OIDC_ISSUER!).host}).</p>
          <a href={`/auth/oidc/login?next=${encodeURIComponent(target)}`} className={buttonClasses('primary')}>Sign in with single sign-on</a>
        </div>
      ) : null}
      {env.SLUICE_TOKEN ? (
        <>
          <p className="mb-4 text-sm text-slate-600">{oidcEnabled(env) ? 'Or use' : 'This console is protected by'} the dashboard token set on its server (SLUICE_TOKEN).</p>
          <SignInForm next={target} />
        </>
      ) : null}
    </main>
  );
}
