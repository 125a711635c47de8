'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import {
  CONTEXT_VARIABLES,
  deduplicationConsequence,
  generateQueryTemplate,
  groupIdConsequence,
  MAX_MESSAGE_ATTRIBUTES,
  messageOptionIssues,
  requiredHeaders,
  type ContextVariable,
  type DeduplicationSource,
  type MessageAttributeOption,
  type MessageOptions,
  type QueueKind,
  type ValueSource,
} from '@/lib/design/message-options';

type SourceKind = ValueSource['from'];
const SOURCE_KINDS: { value: SourceKind; label: string }[] = [
  { value: 'header', label: 'Request header' },
  { value: 'querystring', label: 'Query string parameter' },
  { value: 'body', label: 'Field of the JSON body' },
  { value: 'context', label: 'Request context ($context)' },
  { value: 'static', label: 'Fixed value' },
];
const CONTEXT_LABELS: Record<ContextVariable, string> = {
  requestId: 'Request id ($context.requestId)',
  'identity.sourceIp': 'Caller IP ($context.identity.sourceIp)',
  'identity.userAgent': 'User agent ($context.identity.userAgent)',
  requestTimeEpoch: 'Request time, epoch ms ($context.requestTimeEpoch)',
  stage: 'Stage name ($context.stage)',
};

function emptySource(from: SourceKind): ValueSource {
  switch (from) {
    case 'header':
      return { from, name: '' };
    case 'querystring':
      return { from, name: '' };
    case 'body':
      return { from, path: '' };
    case 'context':
      return { from, variable: 'requestId' };
    case 'static':
      return { from, value: '' };
  }
}

/** One "where does the value come from" control: the kind of source and its name, path, variable or value. */
function SourcePicker({ id, label, source, onChange, errors }: { id: string; label: string; source: ValueSource; onChange: (s: ValueSource) => void; errors?: string[] }) {
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <SelectField id={`${id}-from`} label={`${label}: source`} value={source.from} options={SOURCE_KINDS} onChange={(e) => onChange(emptySource(SOURCE_KINDS.find((k) => k.value === e.target.value)?.value ?? 'header'))} />
      {source.from === 'context' ? (
        <SelectField
          id={`${id}-value`}
          label={`${label}: context variable`}
          value={source.variable}
          options={CONTEXT_VARIABLES.map((v) => ({ value: v, label: CONTEXT_LABELS[v] }))}
          onChange={(e) => onChange({ from: 'context', variable: CONTEXT_VARIABLES.find((v) => v === e.target.value) ?? 'requestId' })}
        />
      ) : (
        <TextField
          id={`${id}-value`}
          label={source.from === 'header' ? `${label}: header name` : source.from === 'querystring' ? `${label}: parameter name` : source.from === 'body' ? `${label}: body field (JSON path)` : `${label}: value`}
          placeholder={source.from === 'header' ? 'X-Order-Type' : source.from === 'querystring' ? 'orderType' : source.from === 'body' ? 'customer.id' : 'web'}
          value={source.from === 'header' || source.from === 'querystring' ? source.name : source.from === 'body' ? source.path : source.value}
          onChange={(e) => {
            const v = e.target.value;
            onChange(source.from === 'header' || source.from === 'querystring' ? { from: source.from, name: v.trim() } : source.from === 'body' ? { from: 'body', path: v.trim() } : { from: 'static', value: v });
          }}
          errors={errors}
        />
      )}
    </div>
  );
}

type Props = {
  queue: QueueKind;
  /** The application/json template as it is now, to warn before replacing hand edits. */
  currentTemplate: string | undefined;
  /** Writes the generated template and declares the headers it reads as required. */
  onGenerate: (template: string, headers: string[]) => void;
};

/**
 * Builds the AWS query protocol mapping template from message attributes, FIFO group and deduplication ids and
 * DelaySeconds (lib/design message-options), so nobody has to write MessageAttribute.1.Value.StringValue by hand.
 */
export function MessageOptionsEditor({ queue, currentTemplate, onGenerate }: Props) {
  const id = useId();
  const [options, setOptions] = useState<MessageOptions>(() => ({
    attributes: [],
    ...(queue.fifo ? { groupId: { from: 'header', name: 'X-Message-Group-Id' }, deduplicationId: queue.contentBasedDeduplication ? { from: 'contentBased' } : { from: 'header', name: 'X-Deduplication-Id' } } : {}),
  }));
  const [lastGenerated, setLastGenerated] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');
  const issues = messageOptionIssues(options, queue);
  const errorsOf = (field: string) => {
    const list = issues.filter((i) => i.field === field).map((i) => i.message);
    return list.length > 0 ? list : undefined;
  };
  const generated = generateQueryTemplate(options, queue);
  const setAttribute = (idx: number, edit: Partial<MessageAttributeOption>) => setOptions((o) => ({ ...o, attributes: o.attributes.map((a, i) => (i === idx ? { ...a, ...edit } : a)) }));

  const write = () => {
    onGenerate(generated, requiredHeaders(options));
    setLastGenerated(generated);
    setConfirming(false);
    const headers = requiredHeaders(options);
    setStatus(`Template generated${headers.length > 0 ? `; the method now requires the header${headers.length > 1 ? 's' : ''} ${headers.join(', ')}` : ''}.`);
  };
  const handEdited = currentTemplate !== undefined && currentTemplate !== '' && currentTemplate !== lastGenerated && currentTemplate !== generated && !/^Action=SendMessage&MessageBody=\$util\.urlEncode\(\$input\.body\)$/.test(currentTemplate);

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 rounded-md border border-slate-200 p-3">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Message options
      </h3>
      <p className="text-xs text-slate-600">Choose message attributes{queue.fifo ? ', the message group and deduplication ids' : ' and a delivery delay'}; Sluice writes the application/json mapping template for you.</p>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Message attributes ({options.attributes.length} of {MAX_MESSAGE_ATTRIBUTES})</legend>
        {options.attributes.map((a, idx) => (
          <div key={idx} className="space-y-2 rounded border border-slate-100 p-2" role="group" aria-label={`Message attribute ${idx + 1}`}>
            <div className="grid gap-2 sm:grid-cols-2">
              <TextField id={`${id}-attr-${idx}-name`} label={`Attribute ${idx + 1}: name`} placeholder="orderType" value={a.name} onChange={(e) => setAttribute(idx, { name: e.target.value.trim() })} errors={errorsOf(`attributes[${idx}].name`)} />
              <SelectField
                id={`${id}-attr-${idx}-type`}
                label={`Attribute ${idx + 1}: type`}
                value={a.dataType}
                options={[
                  { value: 'String', label: 'String' },
                  { value: 'Number', label: 'Number' },
                ]}
                onChange={(e) => setAttribute(idx, { dataType: e.target.value === 'Number' ? 'Number' : 'String' })}
              />
            </div>
            <SourcePicker id={`${id}-attr-${idx}`} label={`Attribute ${idx + 1}`} source={a.source} onChange={(source) => setAttribute(idx, { source })} errors={errorsOf(`attributes[${idx}].source`)} />
            <Button size="sm" variant="ghost" onClick={() => setOptions((o) => ({ ...o, attributes: o.attributes.filter((_, i) => i !== idx) }))}>
              Remove attribute {idx + 1}
            </Button>
          </div>
        ))}
        <Button size="sm" disabled={options.attributes.length >= MAX_MESSAGE_ATTRIBUTES} onClick={() => setOptions((o) => ({ ...o, attributes: [...o.attributes, { name: '', dataType: 'String', source: { from: 'header', name: '' } }] }))}>
          Add message attribute
        </Button>
      </fieldset>

      {queue.fifo ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">FIFO ids</legend>
          <SourcePicker id={`${id}-group`} label="Message group id" source={options.groupId ?? { from: 'header', name: '' }} onChange={(groupId) => setOptions((o) => ({ ...o, groupId }))} errors={errorsOf('groupId')} />
          <p className="text-xs text-slate-600" data-testid="group-consequence">{groupIdConsequence(options.groupId)}</p>
          <SelectField
            id={`${id}-dedup-kind`}
            label="Deduplication id"
            value={options.deduplicationId?.from ?? 'header'}
            options={[{ value: 'contentBased', label: 'Content-based (the queue hashes the body)' }, ...SOURCE_KINDS]}
            onChange={(e) => {
              const v = e.target.value;
              const next: DeduplicationSource = v === 'contentBased' ? { from: 'contentBased' } : emptySource(SOURCE_KINDS.find((k) => k.value === v)?.value ?? 'header');
              setOptions((o) => ({ ...o, deduplicationId: next }));
            }}
            errors={options.deduplicationId?.from === 'contentBased' ? errorsOf('deduplicationId') : undefined}
          />
          {options.deduplicationId && options.deduplicationId.from !== 'contentBased' ? (
            <SourcePicker id={`${id}-dedup`} label="Deduplication id" source={options.deduplicationId} onChange={(deduplicationId) => setOptions((o) => ({ ...o, deduplicationId }))} errors={errorsOf('deduplicationId')} />
          ) : null}
          <p className="rounded bg-amber-50 p-2 text-xs text-amber-950" data-testid="retry-consequence" aria-live="polite">
            On a client retry: {deduplicationConsequence(options.deduplicationId)}
          </p>
        </fieldset>
      ) : (
        <TextField
          id={`${id}-delay`}
          type="number"
          min={0}
          max={900}
          label="Delivery delay (DelaySeconds)"
          hint="0–900 seconds: how long SQS keeps each message invisible after it arrives. Blank uses the queue's delay."
          value={options.delaySeconds ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            setOptions((o) => {
              const { delaySeconds: _old, ...rest } = o;
              return v === '' ? rest : { ...rest, delaySeconds: Number(v) };
            });
          }}
          errors={errorsOf('delaySeconds')}
        />
      )}

      {issues.some((i) => i.field === 'attributes') ? <p role="alert" className="text-xs text-red-700">{errorsOf('attributes')?.join(' ')}</p> : null}
      {confirming ? (
        <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="space-y-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm">
          <p id={`${id}-confirm`}>The application/json template has edits of your own; generating replaces them.</p>
          <div className="flex gap-2">
            <Button size="sm" variant="primary" onClick={write}>
              Replace the template
            </Button>
            <Button size="sm" onClick={() => setConfirming(false)}>
              Keep my template
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="primary" size="sm" disabled={issues.length > 0} aria-describedby={`${id}-why`} onClick={() => (handEdited ? setConfirming(true) : write())}>
          Generate template
        </Button>
      )}
      <p id={`${id}-why`} className="text-xs text-slate-600" aria-live="polite">
        {issues.length > 0 ? `Fix ${issues.length === 1 ? 'the problem' : `the ${issues.length} problems`} above to generate the template.` : status}
      </p>
    </section>
  );
}
