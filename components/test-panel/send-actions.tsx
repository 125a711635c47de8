'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/field';
import { buildCurl, buildTestInvokeCli, type SendRequest } from '@/lib/test-panel/request';

export type SendKind = 'test-invoke' | 'invoke-url';
type Command = { label: string; text: string; copied: boolean };

/** A copy-as command: copied to the clipboard when the browser allows it, and shown either way for selecting by hand. */
export function useCopiedCommand() {
  const [command, setCommand] = useState<Command | null>(null);
  const showCommand = async (label: string, text: string) => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = false;
    }
    setCommand({ label, text, copied });
  };
  return { command, showCommand };
}

export function CommandView({ command }: { command: Command | null }) {
  if (!command) return null;
  return (
    <div className="mt-3">
      <p className="text-xs text-slate-600" role="status">{command.copied ? `${command.label} command copied to the clipboard.` : `Select and copy the ${command.label} command:`}</p>
      <pre className="mt-1 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100" aria-label={`${command.label} command`} data-testid="copied-command" tabIndex={0}>{command.text}</pre>
    </div>
  );
}

export type SendActionsProps = {
  id: string;
  request: () => SendRequest;
  /** The deployed stage's URL (`…/{stage}`); absent when no stage serves the method. */
  stageUrl?: string;
  cli: { restApiId: string; resourceId: string; region: string; endpointUrl?: string };
  isIamAuth: boolean;
  isApiKeyRequired: boolean;
  isDeliveryCheck: boolean;
  onDeliveryCheck: (on: boolean) => void;
  busy: boolean;
  hasBadHeaders: boolean;
  /** The kind of the send in flight, if any. */
  pending?: SendKind;
  onSend: (kind: SendKind) => void;
  onCommand: (label: string, text: string) => void;
};

/** The delivery-check switch and the three ways to send: invoke URL, TestInvokeMethod, and copy as curl / AWS CLI. */
export function SendActions(props: SendActionsProps) {
  const { id, request, stageUrl } = props;
  return (
    <>
      <CheckboxField id={`${id}-delivery`} label="Check delivery after a successful send" hint="Looks for the message in the queue by MessageId without consuming it, and verifies its MD5." checked={props.isDeliveryCheck} onChange={(e) => props.onDeliveryCheck(e.target.checked)} />
      <div className="flex flex-wrap gap-2 pt-1">
        <Button variant="primary" disabled={props.busy || !stageUrl || props.hasBadHeaders} onClick={() => props.onSend('invoke-url')} title={stageUrl ? undefined : 'No stage serves this method'}>
          {props.pending === 'invoke-url' ? 'Sending…' : 'Send to invoke URL'}
        </Button>
        <Button disabled={props.busy || props.hasBadHeaders} onClick={() => props.onSend('test-invoke')}>
          {props.pending === 'test-invoke' ? 'Invoking…' : 'Test invoke'}
        </Button>
        <Button disabled={!stageUrl} onClick={() => props.onCommand('curl', buildCurl(request(), { stageUrl: stageUrl ?? '', ...(props.isIamAuth ? { iamAuth: { region: props.cli.region } } : {}), apiKeyRequired: props.isApiKeyRequired }))}>
          Copy as curl
        </Button>
        <Button variant="ghost" onClick={() => props.onCommand('AWS CLI', buildTestInvokeCli(request(), props.cli))}>Copy as AWS CLI</Button>
      </div>
      <p className="text-xs text-slate-500">
        <strong>Test invoke</strong> runs TestInvokeMethod on the current configuration (no deployment needed) and returns the execution log. <strong>Send to invoke URL</strong> makes a real HTTP request to the deployed stage{stageUrl ? <> <span className="break-all font-mono">{stageUrl}</span></> : ' (none yet)'}.
      </p>
    </>
  );
}
