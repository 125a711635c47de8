'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { Card } from '@/components/ui/card';
import { fixAndResendAction, type FixAndResendView } from '@/lib/actions/test-panel/fix';
import { deleteTestMessageAction, sendTestAction } from '@/lib/actions/test-panel/send';
import type { SendView, TestTarget } from '@/lib/actions/test-panel/shared';
import type { HistoryRun } from '@/lib/store/history';
import type { SendRequest } from '@/lib/test-panel/request';
import { BatchPanel } from './batch-panel';
import { HistoryPanel } from './history-panel';
import { bodySizeProblems } from '@/lib/design/limits';
import { RequestEditor, useRequestDraft } from './request-editor';
import { ResultArea } from './result-area';
import type { SamplePayload } from '@/lib/test-panel/samples';
import { CommandView, SendActions, type SendKind, useCopiedCommand } from './send-actions';

export type TestPanelProps = {
  target: TestTarget;
  initialRequest: SendRequest;
  samples: SamplePayload[];
  /** The deployed stage's URL (`…/{stage}`); absent when no stage serves the method. */
  stageUrl?: string;
  cli: { restApiId: string; resourceId: string; region: string; endpointUrl?: string };
  isIamAuth: boolean;
  isApiKeyRequired: boolean;
  /** The API key the design's apply created, filled in for x-api-key. */
  initialApiKey?: { name: string; value: string };
  initialHistory: HistoryRun[];
};

function targetKey(t: TestTarget): string {
  return t.kind === 'design' ? `design:${t.designId}` : `integration:${t.restApiId}/${t.resourceId}/${t.httpMethod}`;
}

/** Builds requests, sends them three ways, shows what came back and what reached the queue, and keeps the history. */
export function TestPanel(props: TestPanelProps) {
  const id = useId();
  const client = useQueryClient();
  const router = useRouter();
  const key = targetKey(props.target);
  const historyKey = useMemo(() => ['test-history', key] as const, [key]);
  const draft = useRequestDraft(props.initialRequest, props.initialApiKey?.value ?? '', props.samples, `sluice.test-samples.${key}`);
  const { apiKey, badHeaderLines, request } = draft;
  const [isDeliveryCheck, setDeliveryCheck] = useState(true);
  const [shown, setShown] = useState<SendView | null>(null);
  const [lastKind, setLastKind] = useState<SendKind>('invoke-url');
  const { command, showCommand } = useCopiedCommand();
  const [fixResult, setFixResult] = useState<FixAndResendView | null>(null);

  const send = useMutation({
    mutationFn: (v: { kind: SendKind; request: SendRequest }) =>
      sendTestAction({ target: props.target, kind: v.kind, request: v.request, ...(apiKey ? { apiKey } : {}), deliveryCheck: isDeliveryCheck }),
    onMutate: (v) => {
      setLastKind(v.kind);
      setFixResult(null);
    },
    onSuccess: (r) => {
      if (r.ok) setShown(r.data);
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });
  const fix = useMutation({
    mutationFn: (ruleId: string) =>
      fixAndResendAction({ designId: props.target.kind === 'design' ? props.target.designId : '', ruleId, kind: lastKind, request: request(), ...(apiKey ? { apiKey } : {}) }),
    onSuccess: (r) => {
      if (r.ok) {
        setFixResult(r.data);
        if (r.data.send) setShown(r.data.send);
        // The fix was saved to the design on the server; refreshing hands the wizard the new version.
        router.refresh();
      }
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });
  const remove = useMutation({
    mutationFn: (v: { runId: string; receiptHandle: string }) => deleteTestMessageAction(v),
    onSuccess: (r) => {
      if (r.ok && shown?.run.delivery) setShown({ ...shown, run: { ...shown.run, delivery: { ...shown.run.delivery, deleted: true } } });
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });

  const busy = send.isPending || fix.isPending;
  const result = shown;
  const failure = send.data && !send.data.ok ? send.data : fix.data && !fix.data.ok ? fix.data : undefined;

  return (
    <section aria-label="Test panel" className="space-y-6">
      <Card title="Request">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate({ kind: props.stageUrl ? 'invoke-url' : 'test-invoke', request: request() });
          }}
        >
          <RequestEditor id={id} draft={draft} isApiKeyRequired={props.isApiKeyRequired} isIamAuth={props.isIamAuth} {...(props.initialApiKey ? { initialApiKey: props.initialApiKey } : {})} />
          <SendActions
            id={id}
            request={request}
            {...(props.stageUrl ? { stageUrl: props.stageUrl } : {})}
            cli={props.cli}
            isIamAuth={props.isIamAuth}
            isApiKeyRequired={props.isApiKeyRequired}
            isDeliveryCheck={isDeliveryCheck}
            onDeliveryCheck={setDeliveryCheck}
            busy={busy || bodySizeProblems(draft.body).error !== undefined}
            hasBadHeaders={badHeaderLines.length > 0}
            {...(send.isPending && send.variables ? { pending: send.variables.kind } : {})}
            onSend={(kind) => send.mutate({ kind, request: request() })}
            onCommand={(label, text) => void showCommand(label, text)}
          />
        </form>
        <CommandView command={command} />
      </Card>

      <Card title="Result">
        <ResultArea
          result={result}
          busy={busy}
          isFixing={fix.isPending}
          {...(fix.isPending && fix.variables ? { fixingRule: fix.variables } : {})}
          {...(failure ? { failure } : {})}
          fixResult={fixResult}
          onFix={(ruleId) => fix.mutate(ruleId)}
          isDeleting={remove.isPending}
          {...(remove.data && !remove.data.ok ? { deleteError: remove.data.message } : {})}
          onDelete={(receiptHandle) => result && remove.mutate({ runId: result.run.id, receiptHandle })}
        />
      </Card>

      <Card title="Batch">
        <BatchPanel target={props.target} request={request} apiKey={apiKey} disabled={!props.stageUrl || busy || badHeaderLines.length > 0} historyKey={historyKey} />
      </Card>

      <Card title="History">
        <HistoryPanel
          target={props.target}
          historyKey={historyKey}
          initial={props.initialHistory}
          onShow={(run) => setShown({ run })}
          onRerun={(run) => {
            const req = draft.loadRun(run);
            if (run.kind !== 'batch') send.mutate({ kind: run.kind, request: req });
          }}
        />
      </Card>
    </section>
  );
}
