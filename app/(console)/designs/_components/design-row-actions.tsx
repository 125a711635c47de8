'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { deleteDesignAction, duplicateDesignAction } from '@/lib/actions/designs';

export function DesignRowActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [isConfirming, setIsConfirming] = useState(false);
  const [message, setMessage] = useState<string>();

  const handleDuplicate = () =>
    startTransition(async () => {
      const result = await duplicateDesignAction(id);
      if (result.ok) router.refresh();
      else setMessage(result.message);
    });
  const handleDelete = () => {
    setIsConfirming(false);
    startTransition(async () => {
      const result = await deleteDesignAction(id);
      if (result.ok) router.refresh();
      else setMessage(result.message);
    });
  };

  return (
    <div className="flex items-center gap-2">
      <Button size="sm" onClick={handleDuplicate} disabled={isPending} aria-label={`Duplicate ${name}`}>
        Duplicate
      </Button>
      <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setIsConfirming(true)} disabled={isPending} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      {message ? (
        <span role="alert" className="text-xs text-red-700">
          {message}
        </span>
      ) : null}
      <ConfirmDialog open={isConfirming} title={`Delete “${name}”?`} confirmLabel="Delete design" variant="danger" onConfirm={handleDelete} onCancel={() => setIsConfirming(false)}>
        The design is removed from Sluice. Nothing in AWS or the sandbox is touched.
      </ConfirmDialog>
    </div>
  );
}
