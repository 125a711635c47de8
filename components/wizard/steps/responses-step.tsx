'use client';

import { Button } from '@/components/ui/button';
import { TextAreaField, TextField } from '@/components/ui/field';
import type { IntegrationResponseDesign, MethodResponseDesign } from '@/lib/design';
import { FieldFindings } from '../findings';
import { useWizard } from '../wizard-context';

type Props = {
  integrationResponses: IntegrationResponseDesign[];
  methodResponses: MethodResponseDesign[];
  onIntegrationResponsesChange: (next: IntegrationResponseDesign[]) => void;
  onMethodResponsesChange: (next: MethodResponseDesign[]) => void;
};

export function ResponsesStep({ integrationResponses, methodResponses, onIntegrationResponsesChange: setIntegrationResponses, onMethodResponsesChange: setMethodResponses }: Props) {
  const { fieldErrors } = useWizard();
  const editIntegration = (idx: number, edit: Partial<IntegrationResponseDesign>) => setIntegrationResponses(integrationResponses.map((r, i) => (i === idx ? { ...r, ...edit } : r)));

  return (
    <div className="space-y-6">
      <section aria-labelledby="method-responses-heading" className="space-y-3">
        <h3 id="method-responses-heading" className="text-sm font-semibold">
          Method responses
        </h3>
        <ul className="flex flex-wrap gap-2">
          {methodResponses.map((r, idx) => (
            <li key={idx} className="flex items-end gap-1 rounded-md border border-slate-200 p-2">
              <TextField
                id={`method-response-${idx}`}
                label="Status code"
                className="w-20"
                value={r.statusCode}
                onChange={(e) => setMethodResponses(methodResponses.map((m, i) => (i === idx ? { ...m, statusCode: e.target.value.trim() } : m)))}
                errors={fieldErrors[`methodResponses[${idx}].statusCode`]}
              />
              <Button size="sm" variant="ghost" aria-label={`Remove method response ${r.statusCode}`} onClick={() => setMethodResponses(methodResponses.filter((_, i) => i !== idx))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
        <Button size="sm" onClick={() => setMethodResponses([...methodResponses, { statusCode: '500', responseParameters: {}, responseModels: {} }])}>
          Add method response
        </Button>
      </section>

      <section aria-labelledby="integration-responses-heading" className="space-y-3">
        <h3 id="integration-responses-heading" className="text-sm font-semibold">
          Integration responses
        </h3>
        <FieldFindings path="integrationResponses" exact />
        {(fieldErrors.integrationResponses ?? []).map((m) => (
          <p key={m} role="alert" className="text-xs text-red-700">
            {m}
          </p>
        ))}
        <ul className="space-y-3">
          {integrationResponses.map((r, idx) => (
            <li key={idx} className="space-y-2 rounded-md border border-slate-200 p-3">
              <div className="grid gap-2 sm:grid-cols-[8rem_1fr_auto] sm:items-end">
                <TextField
                  id={`integration-response-${idx}-status`}
                  label="Method response status code"
                  value={r.statusCode}
                  onChange={(e) => editIntegration(idx, { statusCode: e.target.value.trim() })}
                  errors={fieldErrors[`integrationResponses[${idx}].statusCode`]}
                />
                <TextField
                  id={`integration-response-${idx}-pattern`}
                  label="HTTP status regex"
                  hint="Matched against SQS's status code; empty = the default response."
                  className="font-mono"
                  value={r.selectionPattern ?? ''}
                  onChange={(e) => {
                    const selectionPattern = e.target.value;
                    setIntegrationResponses(
                      integrationResponses.map((x, i) => {
                        if (i !== idx) return x;
                        const { selectionPattern: _old, ...rest } = x;
                        return selectionPattern === '' ? rest : { ...rest, selectionPattern };
                      }),
                    );
                  }}
                  errors={fieldErrors[`integrationResponses[${idx}].selectionPattern`]}
                />
                <Button size="sm" variant="ghost" aria-label={`Remove integration response ${r.statusCode}`} onClick={() => setIntegrationResponses(integrationResponses.filter((_, i) => i !== idx))}>
                  Remove
                </Button>
              </div>
              <TextAreaField
                id={`integration-response-${idx}-template`}
                label="Mapping template (application/json)"
                hint="Empty: SQS's response body is passed through."
                errors={fieldErrors[`integrationResponses[${idx}].responseTemplates["application/json"]`]}
                rows={3}
                className="text-xs"
                value={r.responseTemplates['application/json'] ?? ''}
                onChange={(e) => {
                  const { 'application/json': _old, ...others } = r.responseTemplates;
                  editIntegration(idx, { responseTemplates: e.target.value === '' ? others : { ...others, 'application/json': e.target.value } });
                }}
              />
              <FieldFindings path={`integrationResponses[${idx}]`} />
            </li>
          ))}
        </ul>
        <Button size="sm" onClick={() => setIntegrationResponses([...integrationResponses, { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: {}, responseParameters: {} }])}>
          Add integration response
        </Button>
      </section>
    </div>
  );
}
