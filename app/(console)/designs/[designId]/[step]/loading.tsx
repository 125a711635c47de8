export default function StepLoading() {
  return (
    <div role="status" className="space-y-3" aria-label="Loading step">
      <div className="h-6 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-4 w-full animate-pulse rounded bg-slate-100" />
      <div className="h-32 w-full animate-pulse rounded bg-slate-100" />
    </div>
  );
}
