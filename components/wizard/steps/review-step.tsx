'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { listRestApiPicksAction } from '@/lib/actions/pickers';
import type { IntegrationDesign } from '@/lib/design';
import { deriveCreateCalls } from '@/lib/design/derive';
import { DESIGN_NAME_MAX } from '@/lib/design/names';
import { FindingsList } from '../findings';
import { useFieldState } from '../field-state';
import { stepForField, STEP_INFO } from '@/lib/design/wizard-steps';
import { ResourcePicker } from '../resource-picker';
import { useWizard } from '../wizard-context';

export function ReviewStep({ design, onChange }: { design: IntegrationDesign; onChange: (edit: (d: IntegrationDesign) => IntegrationDesign) => void }) {
  const { errors, designId, flush } = useWizard();
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const calls = deriveCreateCalls(design);
  const name = useFieldState('name');
  const stage = useFieldState('stageName');
  const apiName = useFieldState('restApi.name');
  const apiId = useFieldState('restApi.id');

  return (
    <div className="space-y-6">
      <section aria-labelledby="names-heading" className="grid gap-3 sm:grid-cols-3">
        <h3 id="names-heading" className="sr-only">
          Names
        </h3>
        <TextField id="design-name" label="Design name" maxLength={DESIGN_NAME_MAX} value={design.name} onChange={(e) => onChange((d) => ({ ...d, name: e.target.value }))} {...name} />
        {design.restApi.mode === 'create' ? (
          <TextField id="rest-api-name" label="REST API name" value={design.restApi.name} onChange={(e) => onChange((d) => (d.restApi.mode === 'create' ? { ...d, restApi: { ...d.restApi, name: e.target.value } } : d))} {...apiName} />
        ) : (
          <TextField
            id="rest-api-id"
            label="REST API ID"
            hint="The 10-character ID in the API Gateway console."
            value={design.restApi.id}
            onChange={(e) => onChange((d) => ({ ...d, restApi: { mode: 'existing', id: e.target.value, ...(d.restApi.mode === 'existing' && d.restApi.name ? { name: d.restApi.name } : {}) } }))}
            {...apiId}
          />
        )}
        <TextField id="stage-name" label="Stage name" value={design.stageName} onChange={(e) => onChange((d) => ({ ...d, stageName: e.target.value }))} {...stage} />
        {design.restApi.mode === 'create' ? (
          <SelectField
            id="endpoint-type"
            label="API endpoint type"
            value={design.restApi.endpointType}
            onChange={(e) => {
              const endpointType = (['REGIONAL', 'EDGE', 'PRIVATE'] as const).find((t) => t === e.target.value);
              if (endpointType) onChange((d) => (d.restApi.mode === 'create' ? { ...d, restApi: { ...d.restApi, endpointType } } : d));
            }}
            options={[
              { value: 'REGIONAL', label: 'Regional' },
              { value: 'EDGE', label: 'Edge-optimized' },
              { value: 'PRIVATE', label: 'Private' },
            ]}
          />
        ) : null}
        <div className="sm:col-span-3 space-y-2">
          <CheckboxField
            id="rest-api-existing"
            label="Use an existing REST API"
            hint="Sluice adds the method to it and never deletes it."
            checked={design.restApi.mode === 'existing'}
            onChange={(e) => {
              const existing = e.target.checked;
              onChange((d) =>
                existing
                  ? { ...d, restApi: { mode: 'existing', id: '', ...(d.restApi.mode === 'create' ? {} : d.restApi.name ? { name: d.restApi.name } : {}) } }
                  : { ...d, restApi: { mode: 'create', name: d.restApi.name || 'sluice-api', endpointType: 'REGIONAL' } },
              );
            }}
          />
          {design.restApi.mode === 'existing' ? (
            <ResourcePicker
              id="rest-api-picker"
              label="Find an existing REST API"
              hint="Type part of its name or ID."
              load={listRestApiPicksAction}
              keyOf={(item) => item.id}
              render={(item) => ({ label: `${item.name} (${item.id})` })}
              onPick={(item) => onChange((d) => ({ ...d, restApi: { mode: 'existing', id: item.id, name: item.name } }))}
            />
          ) : null}
        </div>
      </section>

      <section aria-labelledby="validation-heading" className="space-y-2">
        <h3 id="validation-heading" className="text-sm font-semibold">
          Validation
        </h3>
        {errors.length === 0 ? (
          <p className="text-sm text-emerald-700">The design is valid: AWS would accept every call below.</p>
        ) : (
          <ul role="alert" className="space-y-1 text-sm text-red-700">
            {errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <strong>{STEP_INFO[stepForField(e.path)].title}</strong> · <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <FindingsList />

      <section aria-labelledby="plan-heading" className="space-y-2">
        <h3 id="plan-heading" className="text-sm font-semibold">
          SDK call plan ({calls.length} calls)
        </h3>
        <ol className="space-y-1 text-sm">
          {calls.map((c) => (
            <li key={c.id}>
              <details className="rounded-md border border-slate-200 bg-white px-3 py-1.5">
                <summary className="cursor-pointer">
                  <code className="text-xs">
                    {c.service}:{c.operation}
                  </code>{' '}
                  — {c.description}
                </summary>
                <pre className="mt-2 overflow-x-auto text-xs">{JSON.stringify(c.input, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="deploy-next-heading" className="rounded-md border border-brand-100 bg-brand-50 p-4">
        <h3 id="deploy-next-heading" className="font-semibold">Next: deploy</h3>
        <p className="mt-1 text-sm text-slate-700">
          The deploy page reads what already exists on the active connection and shows the exact calls before anything is
          created. {errors.length > 0 ? 'Fix the errors above first: the server checks the whole design again before it creates anything.' : ''}
        </p>
        <Button
          variant="primary"
          className="mt-3"
          disabled={isLeaving}
          onClick={async () => {
            setIsLeaving(true);
            // The deploy page plans from the saved design, so pending edits are saved first.
            await flush();
            router.push(`/designs/${designId}/deploy`);
          }}
        >
          {isLeaving ? 'Saving…' : 'Review the deploy plan'}
        </Button>
      </section>

      <details className="text-sm">
        <summary className="cursor-pointer font-semibold">The whole design (JSON)</summary>
        <pre data-testid="design-json" className="mt-2 max-h-96 overflow-auto rounded bg-slate-100 p-3 text-xs">
          {JSON.stringify(design, null, 2)}
        </pre>
      </details>
    </div>
  );
}
