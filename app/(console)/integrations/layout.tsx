import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';

export default function QueryLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
