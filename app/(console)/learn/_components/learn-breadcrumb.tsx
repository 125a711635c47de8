import Link from 'next/link';
import type { ReactNode } from 'react';

/** "Learn · …" above every course page, linking back to the course. */
export function LearnBreadcrumb({ children }: { children?: ReactNode }) {
  return (
    <p className="mb-1 text-sm text-slate-600">
      <Link href="/learn" className="underline">
        Learn
      </Link>
      {children ? <> · {children}</> : null}
    </p>
  );
}
