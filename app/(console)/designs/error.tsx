'use client';

import { Button } from '@/components/ui/button';

export default function DesignsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-5">
      <h1 className="text-xl font-semibold text-red-900">Designs could not be loaded</h1>
      <p className="text-sm text-red-800">{error.message}</p>
      {error.digest ? <p className="text-xs text-red-700">Reference: {error.digest}</p> : null}
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
