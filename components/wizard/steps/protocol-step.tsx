'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/dialog';
import type { Protocol } from '@/lib/design';
import { FieldFindings } from '../findings';

type Target = { region: string; accountId: string; queueName: string };

const PROTOCOLS: { value: Protocol; title: string; sends: string[]; example: (t: Target) => string }[] = [
  {
    value: 'query',
    title: 'AWS query protocol',
    sends: [
      'Path override {account-id}/{queue-name}: the queue is in the URL.',
      "Content-Type mapped from the static 'application/x-www-form-urlencoded'.",
      'A mapping template builds Action=SendMessage&MessageBody=… — URL-encode the body with $util.urlEncode.',
      'SQS answers {"SendMessageResponse": …} (JSON, because API Gateway sends Accept: application/json).',
    ],
    example: (t) => `POST https://sqs.${t.region}.amazonaws.com/${t.accountId}/${t.queueName}\nContent-Type: application/x-www-form-urlencoded\n\nAction=SendMessage&MessageBody=%7B%22message%22%3A+%22Hello+World%22%7D`,
  },
  {
    value: 'json',
    title: 'AWS JSON protocol',
    sends: [
      'Path override / : the queue is named by QueueUrl in the body.',
      'Content-Type and X-Amz-Target declared on the method request and mapped through.',
      'The client sends Content-Type: application/x-amz-json-1.0, X-Amz-Target: AmazonSQS.SendMessage and {"QueueUrl": …, "MessageBody": …}.',
      'SQS answers {"MD5OfMessageBody": …, "MessageId": …}.',
    ],
    example: (t) => `POST https://sqs.${t.region}.amazonaws.com/\nContent-Type: application/x-amz-json-1.0\nX-Amz-Target: AmazonSQS.SendMessage\n\n{"QueueUrl": "https://sqs.${t.region}.amazonaws.com/${t.accountId}/${t.queueName}", "MessageBody": "This is a test message"}`,
  },
];

type Props = {
  protocol: Protocol;
  target: Target;
  /** Whether the protocol-dependent parts are still what a preset generates (nothing to lose by regenerating). */
  hasPristineParts: boolean;
  onSwitch: (protocol: Protocol, regenerate: boolean) => void;
};

export function ProtocolStep({ protocol: current, target, hasPristineParts, onSwitch: apply }: Props) {
  const [pending, setPending] = useState<Protocol | null>(null);

  const handleChoose = (protocol: Protocol) => {
    if (protocol === current) return;
    if (hasPristineParts) apply(protocol, true);
    else setPending(protocol);
  };

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800">Protocol SQS is called with</legend>
        <div className="grid gap-3 md:grid-cols-2">
          {PROTOCOLS.map((p) => (
            <label key={p.value} className="flex cursor-pointer flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 has-[:checked]:border-brand-500 has-[:checked]:ring-1 has-[:checked]:ring-brand-500">
              <span className="flex items-center gap-2 text-sm font-semibold">
                <input type="radio" name="protocol" value={p.value} checked={current === p.value} onChange={() => handleChoose(p.value)} />
                {p.title}
              </span>
              <ul className="list-disc space-y-1 pl-5 text-xs text-slate-700">
                {p.sends.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <span className="text-xs font-medium text-slate-600">What API Gateway sends to SQS:</span>
              <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-[11px] whitespace-pre-wrap break-all">{p.example(target)}</pre>
            </label>
          ))}
        </div>
      </fieldset>
      <FieldFindings path="protocol" exact />
      <ConfirmDialog
        open={pending !== null}
        title="Replace your edits?"
        confirmLabel="Yes, regenerate"
        cancelLabel="No, keep my edits"
        onConfirm={() => {
          if (pending) apply(pending, true);
          setPending(null);
        }}
        onCancel={() => {
          if (pending) apply(pending, false);
          setPending(null);
        }}
        onDismiss={() => setPending(null)}
      >
        You changed the path override, header mappings, method request headers or mapping template. Switching to the {pending === 'json' ? 'AWS JSON' : 'AWS query'} protocol can regenerate them for the new protocol, replacing your edits. Choose “No” to switch protocol and keep them as they are.
      </ConfirmDialog>
    </div>
  );
}
