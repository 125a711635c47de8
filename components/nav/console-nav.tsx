'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  { href: '/designs', label: 'Designs' },
  { href: '/integrations', label: 'Integrations' },
  { href: '/import', label: 'Import' },
  { href: '/sandbox', label: 'Sandbox' },
  { href: '/learn', label: 'Learn' },
  { href: '/settings', label: 'Settings' },
] as const;

/** `extra`: sections the signed-in user's role opens (Audit for operators, Users for admins). */
export function ConsoleNav({ extra = [] }: { extra?: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-1">
        {[...sections, ...extra].map((s) => {
          const isActive = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={isActive ? 'page' : undefined}
                className={`rounded-md px-3 py-2 text-sm font-medium ${
                  isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
