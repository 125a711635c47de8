'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { adoptMethodAction } from '@/lib/actions/iac';

/** "Adopt into a design": the live method becomes a design (same API, queue and role) and the wizard opens on it. */
export function AdoptButton({ restApiId, resourceId, httpMethod }: { restApiId: string; resourceId: string; httpMethod: string }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="primary"
        disabled={isPending}
        onClick={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await adoptMethodAction({ restApiId, resourceId, httpMethod });
            if (result.ok) router.push(result.data.href);
            else setError(result.message);
          })
        }
      >
        {isPending ? 'Adopting…' : 'Adopt into a design'}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
