'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { CONNECTION_CHANGED_EVENT } from './connection-events';

/**
 * TanStack Query for client-side caching of server-action and polling results (docs/style.md). Mounted by the layouts
 * of the sections that poll (Deploy, Test, Integrations, Sandbox) rather than by the console's layout, so that the
 * wizard's first-load JS does not carry the library. Switching connection refetches everything.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true } } }));
  useEffect(() => {
    const refetch = () => void client.invalidateQueries();
    window.addEventListener(CONNECTION_CHANGED_EVENT, refetch);
    return () => window.removeEventListener(CONNECTION_CHANGED_EVENT, refetch);
  }, [client]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** The layout of each section that polls: `export { QueryLayout as default }` from its layout.tsx. */
export function QueryLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
