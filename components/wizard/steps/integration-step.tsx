'use client';

import { Button } from '@/components/ui/button';
import { CheckboxField, RadioGroup, SelectField, TextField } from '@/components/ui/field';
import type { IntegrationDesign, IntegrationSettings } from '@/lib/design';

// Kept here rather than imported from lib/design/schema so the step's first load carries no zod; `satisfies`
// keeps the lists in step with the schema.
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const satisfies readonly IntegrationDesign['method']['httpMethod'][];
const INTEGRATION_HTTP_METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const satisfies readonly IntegrationSettings['integrationHttpMethod'][];
import { useErrorsUnder, useFieldState } from '../field-state';

/** The headers the API Gateway console's "Enable CORS" allows by default. */
const CONSOLE_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'];

const PASSTHROUGH: { value: IntegrationSettings['passthroughBehavior']; label: string }[] = [
  { value: 'WHEN_NO_MATCH', label: 'When no template matches the request content-type header (WHEN_NO_MATCH)' },
  { value: 'WHEN_NO_TEMPLATES', label: 'When there are no templates defined (WHEN_NO_TEMPLATES, recommended)' },
  { value: 'NEVER', label: 'Never (NEVER: 415 for any unmatched content type)' },
];

type Location = Pick<IntegrationDesign, 'region' | 'accountId' | 'resourcePath'>;

type Props = {
  location: Location;
  method: IntegrationDesign['method'];
  cors: IntegrationDesign['cors'];
  integration: IntegrationSettings;
  /** What the path override is prefilled with: {account}/{queue} for the query protocol, / for JSON. */
  derivedPathOverride: string;
  integrationUri: string;
  onLocationChange: (edit: Partial<Location>) => void;
  onMethodChange: (edit: Partial<IntegrationDesign['method']>) => void;
  onCorsChange: (edit: Partial<IntegrationDesign['cors']>) => void;
  onIntegrationChange: (edit: Partial<IntegrationSettings>) => void;
};

export function IntegrationStep({ location, method, cors, onCorsChange, integration: i, derivedPathOverride: derivedOverride, integrationUri, onLocationChange: setTop, onMethodChange, onIntegrationChange: setIntegration }: Props) {
  const f = {
    region: useFieldState('region'),
    accountId: useFieldState('accountId'),
    resourcePath: useFieldState('resourcePath'),
    httpMethod: useFieldState('method.httpMethod'),
    integrationHttpMethod: useFieldState('integration.integrationHttpMethod'),
    pathOverride: useFieldState('integration.pathOverride'),
    action: useFieldState('integration.action'),
    timeout: useFieldState('integration.timeoutInMillis'),
    passthrough: useFieldState('integration.passthroughBehavior'),
    subdomain: useFieldState('integration.subdomain'),
    corsOrigin: useFieldState('cors.allowOrigin'),
  };
  const corsHeaderErrors = useErrorsUnder('cors.allowHeaders').flatMap((e) => e.messages);

  return (
    <div className="space-y-5">
      <section aria-labelledby="method-heading" className="space-y-3">
        <h3 id="method-heading" className="text-sm font-semibold">
          Method request
        </h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField id="resource-path" label="Resource path" hint="Where the method lives on the REST API, e.g. /send." value={location.resourcePath} onChange={(e) => setTop({ resourcePath: e.target.value })} {...f.resourcePath} />
          <SelectField
            id="method-http-method"
            label="Method type"
            hint="The HTTP method clients call."
            value={method.httpMethod}
            onChange={(e) => {
              const httpMethod = HTTP_METHODS.find((m) => m === e.target.value);
              if (httpMethod) onMethodChange({ httpMethod });
            }}
            options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
            {...f.httpMethod}
          />
        </div>
        <RadioGroup
          name="method-authorization"
          legend="Authorization"
          value={method.authorizationType}
          onChange={(authorizationType) => onMethodChange({ authorizationType })}
          options={[
            { value: 'NONE', label: 'None', description: 'Anyone who knows the invoke URL can send.' },
            { value: 'AWS_IAM', label: 'AWS_IAM', description: 'Callers sign requests with SigV4 and need execute-api:Invoke; the Test panel signs with the connection’s credentials.' },
          ]}
        />
        <CheckboxField
          id="api-key-required"
          label="API key required"
          hint="Sluice also creates an API key and a usage plan for the stage (without them every call gets 403 Forbidden); the Test panel fills the key in."
          checked={method.apiKeyRequired}
          onChange={(e) => onMethodChange({ apiKeyRequired: e.target.checked })}
        />
      </section>

      <section aria-labelledby="cors-heading" className="space-y-3">
        <h3 id="cors-heading" className="text-sm font-semibold">
          CORS (calls from web pages on other origins)
        </h3>
        <CheckboxField
          id="cors-enabled"
          label="Enable CORS"
          hint="Sluice adds an OPTIONS method (MOCK integration) that answers the browser's preflight, Access-Control-Allow-Origin on every response of this method, and the same headers on API Gateway's own 4xx and 5xx errors (gateway responses DEFAULT_4XX and DEFAULT_5XX), so a page can read the errors too."
          checked={cors.enabled}
          onChange={(e) => onCorsChange({ enabled: e.target.checked })}
        />
        {cors.enabled ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              id="cors-allow-origin"
              label="Allowed origin (Access-Control-Allow-Origin)"
              hint="* for any page, or one origin such as https://app.example.com (scheme and host, no path)."
              value={cors.allowOrigin}
              onChange={(e) => onCorsChange({ allowOrigin: e.target.value })}
              {...f.corsOrigin}
            />
            <TextField
              id="cors-allow-headers"
              label="Allowed headers (Access-Control-Allow-Headers)"
              hint={`Comma-separated request headers a page may send${method.apiKeyRequired && !cors.allowHeaders.some((h) => h.trim().toLowerCase() === 'x-api-key') ? '; add X-Api-Key, which this method requires' : ''}.`}
              value={cors.allowHeaders.join(',')}
              onChange={(e) => onCorsChange({ allowHeaders: e.target.value === '' ? [] : e.target.value.split(',') })}
              errors={corsHeaderErrors.length > 0 ? corsHeaderErrors : undefined}
              extra={
                <Button size="sm" className="mt-1" disabled={cors.allowHeaders.join(',') === CONSOLE_CORS_HEADERS.join(',')} onClick={() => onCorsChange({ allowHeaders: CONSOLE_CORS_HEADERS })}>
                  Use the API Gateway console&apos;s headers
                </Button>
              }
            />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="integration-heading" className="space-y-3">
        <h3 id="integration-heading" className="text-sm font-semibold">
          Integration request (AWS Service: Simple Queue Service)
        </h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField id="region" label="AWS Region" hint="Region of the queue, e.g. us-east-1." value={location.region} onChange={(e) => setTop({ region: e.target.value.trim() })} {...f.region} />
          <TextField id="account-id" label="Account ID" hint="12 digits; 000000000000 in the sandbox." inputMode="numeric" value={location.accountId} onChange={(e) => setTop({ accountId: e.target.value.trim() })} {...f.accountId} />
          <SelectField
            id="integration-http-method"
            label="HTTP method"
            hint="How API Gateway calls SQS: POST. GET gives SignatureDoesNotMatch."
            value={i.integrationHttpMethod}
            onChange={(e) => {
              const m = INTEGRATION_HTTP_METHODS.find((x) => x === e.target.value);
              if (m) setIntegration({ integrationHttpMethod: m });
            }}
            options={INTEGRATION_HTTP_METHODS.map((m) => ({ value: m, label: m }))}
            {...f.integrationHttpMethod}
          />
          <TextField id="subdomain" label="AWS Subdomain" hint="Leave blank for SQS." value={i.subdomain} onChange={(e) => setIntegration({ subdomain: e.target.value.trim() })} {...f.subdomain} />
        </div>
        <RadioGroup
          name="action-type"
          legend="Action Type"
          value={i.actionType}
          onChange={(actionType) => setIntegration({ actionType })}
          options={[
            { value: 'pathOverride', label: 'Use path override', description: 'What the AWS Knowledge Center procedure uses: the queue (query protocol) or / (JSON protocol) is the path.' },
            { value: 'action', label: 'Use action name', description: 'Action=SendMessage in the query string; the queue must then come from a QueueUrl parameter.' },
          ]}
        />
        {i.actionType === 'pathOverride' ? (
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <TextField
                id="path-override"
                label="Path override (optional)"
                hint={`Prefilled from account and queue: ${derivedOverride}`}
                value={i.pathOverride}
                onChange={(e) => setIntegration({ pathOverride: e.target.value })}
                {...f.pathOverride}
              />
            </div>
            <Button size="sm" className="mb-0.5" disabled={i.pathOverride === derivedOverride} onClick={() => setIntegration({ pathOverride: derivedOverride })}>
              Use {derivedOverride}
            </Button>
          </div>
        ) : (
          <TextField id="action-name" label="Action" hint="An SQS action such as SendMessage." value={i.action} onChange={(e) => setIntegration({ action: e.target.value.trim() })} {...f.action} />
        )}
        <p className="text-xs text-slate-600">
          Integration URI: <code className="break-all">{integrationUri}</code>
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            id="timeout"
            type="number"
            label="Integration timeout (ms)"
            hint="50 to 29000 ms; default 29000."
            min={50}
            max={29000}
            step={1}
            value={Number.isFinite(i.timeoutInMillis) ? i.timeoutInMillis : ''}
            onChange={(e) => setIntegration({ timeoutInMillis: Math.round(Number(e.target.value)) })}
            {...f.timeout}
          />
          <SelectField
            id="passthrough"
            label="Request body passthrough"
            hint="What API Gateway does with a body whose Content-Type no mapping template matches."
            value={i.passthroughBehavior}
            onChange={(e) => {
              const v = PASSTHROUGH.find((p) => p.value === e.target.value);
              if (v) setIntegration({ passthroughBehavior: v.value });
            }}
            options={PASSTHROUGH}
            {...f.passthrough}
          />
        </div>
      </section>
    </div>
  );
}
