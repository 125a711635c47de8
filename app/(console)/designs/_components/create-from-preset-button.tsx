'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { requestHeadingFocus } from '@/components/wizard/focus-heading';
import { createDesignAction } from '@/lib/actions/designs';
import type { PresetId } from '@/lib/design';

export function CreateFromPresetButton({ presetId, title }: { presetId: PresetId; title: string }) {
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div>
      <Button
        variant="primary"
        aria-label={`Create design: ${title}`}
        disabled={isPending}
        onClick={() =>
          startTransition(async () => {
            // The wizard's first step takes focus when it opens.
            requestHeadingFocus();
            const result = await createDesignAction(presetId);
            if (!result.ok) setError(result.message);
          })
        }
      >
        {isPending ? 'Creating…' : 'Create design'}
      </Button>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
