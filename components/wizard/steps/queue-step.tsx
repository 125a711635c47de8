'use client';

import { CheckboxField, RadioGroup, TextField } from '@/components/ui/field';
import { listQueuePicksAction } from '@/lib/actions/pickers';
import type { QueueDesign } from '@/lib/design';
import { ResourcePicker } from '../resource-picker';
import { useFieldState } from '../field-state';

type Encryption = QueueDesign['encryption']['type'];

export function QueueStep({ queue: q, onChange: setQueue }: { queue: QueueDesign; onChange: (edit: Partial<QueueDesign>) => void }) {
  const name = useFieldState('queue.name');
  const kms = useFieldState('queue.encryption.kmsKeyId');
  const dedup = useFieldState('queue.contentBasedDeduplication');

  const handleFifo = (isFifo: boolean) => {
    const base = q.name.replace(/\.fifo$/, '');
    setQueue({ fifo: isFifo, name: isFifo ? `${base}.fifo` : base, contentBasedDeduplication: isFifo ? q.contentBasedDeduplication : false });
  };
  const handleEncryption = (type: Encryption) => {
    setQueue({ encryption: type === 'kms' ? { type: 'kms', kmsKeyId: q.encryption.type === 'kms' ? q.encryption.kmsKeyId : 'alias/aws/sqs' } : { type } });
  };

  return (
    <div className="space-y-5">
      <RadioGroup
        name="queue-mode"
        legend="Queue"
        value={q.mode}
        onChange={(mode) => setQueue({ mode })}
        options={[
          { value: 'create', label: 'Create a new queue', description: 'Sluice calls CreateQueue with the settings below.' },
          { value: 'existing', label: 'Use an existing queue', description: 'Sluice reads it at plan time and never changes it.' },
        ]}
      />
      {q.mode === 'existing' ? (
        <ResourcePicker
          id="queue-picker"
          label="Find an existing queue"
          hint="Type the start of its name (SQS searches by prefix); picking one fills the name and type below."
          load={listQueuePicksAction}
          keyOf={(item) => item.url}
          render={(item) => ({ label: item.name, detail: item.fifo ? 'FIFO' : 'Standard' })}
          onPick={(item) => setQueue({ name: item.name, fifo: item.fifo, ...(item.fifo ? {} : { contentBasedDeduplication: false }) })}
        />
      ) : null}
      <TextField
        id="queue-name"
        label="Queue name"
        hint="Name in the SQS console. Letters, digits, hyphens and underscores, up to 80 characters; FIFO queues end in .fifo."
        value={q.name}
        onChange={(e) => setQueue({ name: e.target.value })}
        {...name}
      />
      <RadioGroup
        name="queue-type"
        legend="Type"
        value={q.fifo ? 'fifo' : 'standard'}
        onChange={(v) => handleFifo(v === 'fifo')}
        options={[
          { value: 'standard', label: 'Standard', description: 'At-least-once delivery, best-effort ordering.' },
          { value: 'fifo', label: 'FIFO', description: 'Exactly-once processing in order per MessageGroupId, which every SendMessage must carry.' },
        ]}
      />
      {q.fifo ? (
        <div>
          <CheckboxField
            id="queue-content-dedup"
            label="Content-based deduplication"
            hint="SQS derives the MessageDeduplicationId from a SHA-256 of the body; otherwise the template must send one."
            checked={q.contentBasedDeduplication}
            onChange={(e) => setQueue({ contentBasedDeduplication: e.target.checked })}
          />
          {dedup.extra}
        </div>
      ) : null}
      <RadioGroup
        name="queue-encryption"
        legend="Encryption"
        value={q.encryption.type}
        onChange={handleEncryption}
        options={[
          { value: 'none', label: 'None', description: 'Messages are stored unencrypted.' },
          { value: 'sqs-managed', label: 'SSE-SQS', description: 'Keys managed by SQS; no extra permissions for the role.' },
          { value: 'kms', label: 'SSE-KMS', description: 'A KMS key; a customer-managed key needs kms:GenerateDataKey and kms:Decrypt on the role.' },
        ]}
      />
      {q.encryption.type === 'kms' ? (
        <TextField
          id="queue-kms-key"
          label="KMS key"
          hint="Key ID, alias (alias/my-key) or key ARN. alias/aws/sqs is the AWS managed key."
          value={q.encryption.kmsKeyId}
          onChange={(e) => setQueue({ encryption: { type: 'kms', kmsKeyId: e.target.value } })}
          {...kms}
        />
      ) : null}
    </div>
  );
}
