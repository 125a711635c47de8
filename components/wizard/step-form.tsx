'use client';

import { useCallback, type ReactNode } from 'react';
import { defaultSampleHeaders, SAMPLE_BODY_IDS, sampleBody, toGatewaySample } from '@/lib/gateway/sample-request';
import { integrationUri } from '@/lib/design/arns';
import { followRoleName } from '@/lib/design/names';
import { leastPrivilegePolicy } from '@/lib/design/policies';
import type { IntegrationDesign, Protocol } from '@/lib/design';
import type { VtlError } from '@/lib/vtl';
import { followPathOverride, hasPristineProtocolParts, switchProtocol } from './protocol-switch';
import type { WizardStep } from '@/lib/design/wizard-steps';
import { HeadersStep } from './steps/headers-step';
import { IntegrationStep } from './steps/integration-step';
import { ProtocolStep } from './steps/protocol-step';
import { QueueStep } from './steps/queue-step';
import { ResponsesStep } from './steps/responses-step';
import { ReviewStep } from './steps/review-step';
import { RoleStep } from './steps/role-step';
import { TemplateStep } from './steps/template-step';
import { useWizard } from './wizard-context';

/**
 * The form of one step. Each step gets only its slice of the design and reports edits to it; cross-field effects
 * (a derived path override following the queue, the sample request following the protocol) live here, in the shell.
 */
export function StepForm({ step }: { step: WizardStep }): ReactNode {
  const { design, update, sample, setSample, engine } = useWizard();
  const set = useCallback((edit: (d: IntegrationDesign) => IntegrationDesign) => update((d) => followRoleName(d, followPathOverride(d, edit(d)))), [update]);

  const handleProtocolSwitch = (protocol: Protocol, regenerate: boolean) => {
    const next = switchProtocol(design, protocol, regenerate);
    update(() => next);
    // A client of the other protocol sends other headers (and, for the stock sample bodies, another body).
    setSample((s) => {
      const isStock = s.body.trim() === '' || SAMPLE_BODY_IDS.some((id) => sampleBody(id, design).replace(/\s/g, '') === s.body.replace(/\s/g, ''));
      const body = next.protocol === 'json' ? sampleBody('json-protocol', next) : sampleBody('hello-world', next);
      return { ...s, headers: defaultSampleHeaders(next.protocol), body: isStock ? body : s.body };
    });
  };

  // The engine's own error for a template: render it as API Gateway would for a request of that content type.
  const templateErrorFor = (contentType: string): VtlError | undefined => {
    if (!engine) return undefined;
    const g = toGatewaySample(sample);
    const headers = Object.fromEntries(Object.entries(g.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-type'));
    const result = engine.previewDesign(design, { ...g, headers: { ...headers, 'Content-Type': contentType } });
    return result.kind === 'method-error' && result.error?.kind === 'template' ? result.error.vtl : undefined;
  };

  switch (step) {
    case 'queue':
      return <QueueStep queue={design.queue} onChange={(edit) => set((d) => ({ ...d, queue: { ...d.queue, ...edit } }))} />;
    case 'role':
      return (
        <RoleStep
          executionRole={design.executionRole}
          accountId={design.accountId}
          leastPrivilegeDocument={JSON.stringify(leastPrivilegePolicy(design), null, 2)}
          hasKmsKey={design.queue.encryption.type === 'kms'}
          onChange={(executionRole) => set((d) => ({ ...d, executionRole }))}
        />
      );
    case 'protocol':
      return (
        <ProtocolStep
          protocol={design.protocol}
          target={{ region: design.region, accountId: design.accountId, queueName: design.queue.name }}
          hasPristineParts={hasPristineProtocolParts(design)}
          onSwitch={handleProtocolSwitch}
        />
      );
    case 'integration':
      return (
        <IntegrationStep
          location={{ region: design.region, accountId: design.accountId, resourcePath: design.resourcePath }}
          method={design.method}
          cors={design.cors}
          onCorsChange={(edit) => set((d) => ({ ...d, cors: { ...d.cors, ...edit } }))}
          integration={design.integration}
          derivedPathOverride={design.protocol === 'json' ? '/' : `${design.accountId}/${design.queue.name}`}
          integrationUri={integrationUri(design)}
          onLocationChange={(edit) => set((d) => ({ ...d, ...edit }))}
          onMethodChange={(edit) => set((d) => ({ ...d, method: { ...d.method, ...edit } }))}
          onIntegrationChange={(edit) => set((d) => ({ ...d, integration: { ...d.integration, ...edit } }))}
        />
      );
    case 'headers':
      return (
        <HeadersStep
          methodRequestParameters={design.method.requestParameters}
          integrationRequestParameters={design.integration.requestParameters}
          onMethodRequestParametersChange={(requestParameters) => set((d) => ({ ...d, method: { ...d.method, requestParameters } }))}
          onIntegrationRequestParametersChange={(requestParameters) => set((d) => ({ ...d, integration: { ...d.integration, requestParameters } }))}
        />
      );
    case 'template':
      return (
        <TemplateStep
          requestTemplates={design.integration.requestTemplates}
          passthroughBehavior={design.integration.passthroughBehavior}
          protocol={design.protocol}
          templateErrorFor={templateErrorFor}
          onChange={(requestTemplates) => set((d) => ({ ...d, integration: { ...d.integration, requestTemplates } }))}
          queue={design.queue}
          onGenerate={(template, headers) =>
            set((d) => ({
              ...d,
              integration: { ...d.integration, requestTemplates: { ...d.integration.requestTemplates, 'application/json': template } },
              method: { ...d.method, requestParameters: { ...d.method.requestParameters, ...Object.fromEntries(headers.map((h) => [`method.request.header.${h}`, true])) } },
            }))
          }
        />
      );
    case 'responses':
      return (
        <ResponsesStep
          integrationResponses={design.integrationResponses}
          methodResponses={design.methodResponses}
          onIntegrationResponsesChange={(integrationResponses) => set((d) => ({ ...d, integrationResponses }))}
          onMethodResponsesChange={(methodResponses) => set((d) => ({ ...d, methodResponses }))}
        />
      );
    case 'review':
      // The review is about the whole design: names, the SDK call plan, every finding.
      return <ReviewStep design={design} onChange={set} />;
  }
}
