export default function DesignsLoading() {
  return (
    <div role="status" aria-label="Loading" className="space-y-3">
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" />
      <div className="h-40 w-full animate-pulse rounded bg-slate-100" />
    </div>
  );
}
