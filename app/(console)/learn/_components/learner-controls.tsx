'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { resetMySandboxAction, switchLearnerAction } from '@/lib/actions/learn';

/** "Reset my sandbox" (after a confirmation) and "Not you?". */
export function LearnerControls({ name, prefix }: { name: string; prefix: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm text-slate-700">
        Signed in to the course as <strong>{name}</strong>. Your sandbox resources are named <code className="rounded bg-slate-100 px-1">{prefix}…</code>
      </p>
      <Button variant="danger" size="sm" disabled={pending} onClick={() => setConfirming(true)}>
        Reset my sandbox
      </Button>
      <Button
        size="sm"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await switchLearnerAction();
            router.refresh();
          })
        }
      >
        Not {name}? Change learner
      </Button>
      <p role="status" aria-live="polite" className="basis-full text-sm text-slate-700" data-testid="reset-status">
        {status}
      </p>
      <ConfirmDialog
        open={confirming}
        title="Reset your sandbox?"
        confirmLabel="Reset my sandbox"
        variant="danger"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          startTransition(async () => {
            setStatus('Removing your queues, roles and APIs…');
            const r = await resetMySandboxAction();
            setStatus(
              r.ok
                ? `Removed ${r.data.queues} queue${r.data.queues === 1 ? '' : 's'}, ${r.data.roles} role${r.data.roles === 1 ? '' : 's'}, ${r.data.restApis} REST API${r.data.restApis === 1 ? '' : 's'} and ${r.data.designs} design${r.data.designs === 1 ? '' : 's'}.${r.data.failures.length ? ` Not removed: ${r.data.failures.join('; ')}` : ''} Your progress starts over.`
                : r.message,
            );
            router.refresh();
          });
        }}
      >
        This deletes every queue, role and REST API named {prefix}… in the sandbox, your exercise designs and your progress. Other learners&apos; resources are not touched.
      </ConfirmDialog>
    </div>
  );
}
