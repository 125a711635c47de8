import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ConnectionSwitcher } from '@/components/nav/connection-switcher';
import { ConsoleNav } from '@/components/nav/console-nav';
import { UserMenu } from '@/components/nav/user-menu';
import { currentCaller } from '@/lib/auth/caller';
import { oidcEnabled } from '@/lib/auth/oidc';
import { hasRole } from '@/lib/auth/roles';

// The header depends on the signed-in user and the server's configuration, never on the build machine's.
export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Pages read designs and history directly, so they check the caller too (the proxy's redirect is a convenience).
  const caller = await currentCaller();
  if (!caller) redirect('/login');
  const extra = [...(hasRole(caller.role, 'operator') ? [{ href: '/audit', label: 'Audit' }] : []), ...(hasRole(caller.role, 'admin') && oidcEnabled() ? [{ href: '/users', label: 'Users' }] : [])];
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 sm:px-6">
          <span className="flex items-center gap-2 text-lg font-semibold tracking-tight text-brand-700">
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M3 6h6l3 4h9M3 12h9M12 10v8m-3-3 3 3 3-3" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Sluice
          </span>
          <ConsoleNav extra={extra} />
          <ConnectionSwitcher />
          <UserMenu name={caller.name} role={caller.role} canSignOut={caller.kind !== 'open'} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full min-w-0 max-w-7xl flex-1 px-4 py-8 focus:outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
