import Link from 'next/link';

export const metadata = { title: 'Page not found' };

/** Any URL the console does not serve: a real 404 with the way back, not a bare page. */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-2xl space-y-4 px-6 py-16">
      <p className="text-lg font-semibold text-brand-700">Sluice</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-700">There is no page at this address. It may have been moved, or the link is mistyped.</p>
      <nav aria-label="Console pages">
        <ul className="flex flex-wrap gap-4 text-sm font-medium">
          <li><Link href="/designs" className="text-brand-700 underline">Designs</Link></li>
          <li><Link href="/integrations" className="text-brand-700 underline">Integrations</Link></li>
          <li><Link href="/sandbox" className="text-brand-700 underline">Sandbox</Link></li>
          <li><Link href="/settings" className="text-brand-700 underline">Settings</Link></li>
        </ul>
      </nav>
    </main>
  );
}
