import Link from 'next/link';

export default function DesignNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Design not found</h1>
      <p className="text-sm text-slate-600">It may have been deleted, or the link is mistyped.</p>
      <Link href="/designs" className="text-sm font-medium text-brand-700 hover:underline">
        Back to designs
      </Link>
    </div>
  );
}
