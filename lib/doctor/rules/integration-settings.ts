/** Integration settings: path override, timeout, passthrough, integration responses, templates, execution role trust. */
import { mediaType, QUERY_TEMPLATE_URLENCODED, QUERY_SUCCESS_TEMPLATE, FIFO_SUCCESS_TEMPLATE, JSON_SUCCESS_TEMPLATE, TIMEOUT_MAX_MS, TIMEOUT_MIN_MS, type IntegrationDesign } from '@/lib/design';
import { templateSyntaxError } from '@/lib/vtl';
import { formValue } from '../form';
import { type Finding, type Fix, type JsonValue, type PatchOp } from '../types';
import { type Rule, finding, requestParameters, requestTemplates, templatePath, jsonProtocolTemplate } from './analysis';

export const queryPathOverride: Rule = (a) => {
  const d = a.design;
  if (d.protocol !== 'query' || !d.integration) return [];
  const expected = `${d.accountId}/${d.queue?.name}`;
  const fix: Fix = {
    description: `Use path override ${expected}.`,
    patch: [
      { op: 'set', path: ['integration', 'actionType'], value: 'pathOverride' },
      { op: 'set', path: ['integration', 'pathOverride'], value: expected },
    ],
  };
  if (d.integration.actionType === 'action') {
    const hasQueueUrl = Object.keys(requestParameters(d)).some((k) => k.toLowerCase() === 'integration.request.querystring.queueurl') || (a.form !== undefined && formValue(a.form.params, 'QueueUrl') !== undefined);
    if (hasQueueUrl) return [];
    return [
      finding(
        'query-path-override',
        'error',
        ['integration', 'actionType'],
        'The action-type URI names no queue',
        `The AWS Knowledge Center procedure chooses "Use path override" with {account-id}/{queue-name}: SQS SendMessage takes the queue from the URL path. An action URI works only when QueueUrl is passed as a parameter, and none is.`,
        fix,
      ),
    ];
  }
  // Placeholders ({queue}, ${stageVariables.x}) count as what they resolve to in the sample's request.
  const resolved = a.sent ? decodeURIComponent(new URL(a.sent.url).pathname) : d.integration.pathOverride;
  if (resolved.replace(/^\/+|\/+$/g, '') === expected) return [];
  return [
    finding(
      'query-path-override',
      'error',
      ['integration', 'pathOverride'],
      `Path override "${d.integration.pathOverride}" is not this queue (${expected})`,
      `The AWS Knowledge Center article on API Gateway and SQS errors: for the AWS query protocol enter the account ID and queue name as the path override, e.g. 1234567890/MySQSStandardQueue. A different path sends to another queue or none (SQS answers NonExistentQueue, InvalidAddress or AccessDenied).`,
      fix,
    ),
  ];
};

export const timeoutRange: Rule = (a) => {
  const t = a.design.integration?.timeoutInMillis;
  if (typeof t === 'number' && Number.isInteger(t) && t >= TIMEOUT_MIN_MS && t <= TIMEOUT_MAX_MS) return [];
  const value = typeof t === 'number' && t < TIMEOUT_MIN_MS ? TIMEOUT_MIN_MS : TIMEOUT_MAX_MS;
  return [
    finding(
      'timeout-range',
      'error',
      ['integration', 'timeoutInMillis'],
      `Integration timeout ${String(t)} ms is outside ${TIMEOUT_MIN_MS}–${TIMEOUT_MAX_MS} ms`,
      `The AWS Knowledge Center procedure asks you to choose an integration timeout; API Gateway accepts ${TIMEOUT_MIN_MS} to ${TIMEOUT_MAX_MS} ms (the default) for REST API integrations.`,
      { description: `Set the timeout to ${value} ms.`, patch: [{ op: 'set', path: ['integration', 'timeoutInMillis'], value }] },
    ),
  ];
};

export const passthroughUnsupportedMedia: Rule = (a) => {
  if (a.preview?.kind !== 'method-error' || a.preview.error?.kind !== 'unsupported-media-type') return [];
  const media = a.preview.error.contentType;
  const templates = requestTemplates(a.design);
  const source = Object.keys(templates).find((k) => mediaType(k) === 'application/json') ?? Object.keys(templates)[0];
  const fix: Fix =
    source !== undefined
      ? { description: `Add a mapping template for ${media} (a copy of the ${source} template).`, patch: [{ op: 'set', path: templatePath(media), value: templates[source]! }] }
      : { description: 'Set request body passthrough to "When no template matches" (WHEN_NO_MATCH).', patch: [{ op: 'set', path: ['integration', 'passthroughBehavior'], value: 'WHEN_NO_MATCH' }] };
  return [
    finding(
      'passthrough-unsupported-media',
      'error',
      ['integration', 'passthroughBehavior'],
      `Requests with Content-Type ${media} are rejected with 415 Unsupported Media Type`,
      `The AWS Knowledge Center procedure asks you to pick a request body passthrough option. With ${a.design.integration.passthroughBehavior}, a request whose content type has no mapping template is rejected with 415 {"message": "Unsupported Media Type"} before reaching SQS, and the sample request sends ${media}.`,
      fix,
      `Sample Content-Type: ${media}`,
    ),
  ];
};

function errorResponsesPatch(d: IntegrationDesign): PatchOp[] {
  const wanted: [string, string][] = [
    ['403', '403'],
    ['400', '40[0-24-9]|4[1-9]\\d'],
    ['502', '5\\d{2}'],
  ];
  const integration = [...(d.integrationResponses ?? [])] as unknown as JsonValue[];
  const method = [...(d.methodResponses ?? [])] as unknown as JsonValue[];
  const hasIntegration = new Set((d.integrationResponses ?? []).map((r) => r.statusCode));
  const hasMethod = new Set((d.methodResponses ?? []).map((r) => r.statusCode));
  if ((d.integrationResponses ?? []).length === 0) {
    integration.push({ statusCode: '200', responseTemplates: {}, responseParameters: {} });
    hasIntegration.add('200');
  }
  if (!hasMethod.has('200')) method.push({ statusCode: '200', responseParameters: {}, responseModels: {} });
  for (const [status, pattern] of wanted) {
    if (!hasIntegration.has(status)) integration.push({ statusCode: status, selectionPattern: pattern, responseTemplates: {}, responseParameters: {} });
    if (!hasMethod.has(status)) method.push({ statusCode: status, responseParameters: {}, responseModels: {} });
  }
  return [
    { op: 'set', path: ['integrationResponses'], value: integration },
    { op: 'set', path: ['methodResponses'], value: method },
  ];
}

export const responses: Rule = (a) => {
  const list = a.design.integrationResponses ?? [];
  if (list.length === 0) {
    return [
      finding(
        'no-integration-response',
        'error',
        ['integrationResponses'],
        'No integration response: every call ends in 500 Internal server error',
        'With no integration response API Gateway cannot map any SQS answer and logs "No match for output mapping and no default output mapping configured". The AWS Knowledge Center article shows the 200 response SQS returns on success.',
        { description: 'Add a default 200 response and map SQS 403, other 4xx and 5xx to error statuses.', patch: errorResponsesPatch(a.design) },
      ),
    ];
  }
  if (list.some((r) => r.selectionPattern !== undefined && r.selectionPattern !== '')) return [];
  return [
    finding(
      'errors-returned-as-200',
      'warning',
      ['integrationResponses'],
      'SQS errors reach the client as HTTP 200',
      'The AWS Knowledge Center article lists the errors SQS returns (AccessDenied, UnknownOperationException, …). With only a default integration response, API Gateway maps every SQS answer — errors included — to that response, so callers see 200 with an error body. Add responses selected by status (e.g. 4\\d{2}).',
      { description: 'Map SQS 403 → 403, other 4xx → 400 and 5xx → 502.', patch: errorResponsesPatch(a.design) },
    ),
  ];
};

export const templateError: Rule = (a) => {
  if (a.preview?.kind !== 'method-error' || a.preview.error?.kind !== 'template') return [];
  const { contentType, vtl } = a.preview.error;
  const replacement = a.design.protocol === 'json' ? jsonProtocolTemplate(a.design) : QUERY_TEMPLATE_URLENCODED;
  return [
    finding(
      'template-error',
      'error',
      templatePath(contentType),
      `The mapping template fails to render (line ${vtl.line}, column ${vtl.column})`,
      `API Gateway answers 500 {"message": "Internal server error"} and logs "Execution failed due to configuration error: Unable to transform request" when the template cannot be evaluated: ${vtl.message}`,
      { description: 'Replace it with the template the AWS Knowledge Center article documents for this protocol.', patch: [{ op: 'set', path: templatePath(contentType), value: replacement }] },
    ),
  ];
};

/**
 * Every template's syntax, request and response alike: the sample exercises one request template at most, and
 * response templates only run after SQS has stored the message.
 */
function successTemplate(d: IntegrationDesign): string {
  return d.protocol === 'json' ? JSON_SUCCESS_TEMPLATE : d.queue?.fifo ? FIFO_SUCCESS_TEMPLATE : QUERY_SUCCESS_TEMPLATE;
}

export const templateSyntax: Rule = (a) => {
  const found: Finding[] = [];
  const previewed = a.preview?.kind === 'method-error' && a.preview.error?.kind === 'template' ? a.preview.error.contentType : undefined;
  for (const [contentType, template] of Object.entries(requestTemplates(a.design))) {
    const error = contentType === previewed ? undefined : templateSyntaxError(template);
    if (!error) continue;
    found.push(
      finding(
        'template-syntax',
        'error',
        templatePath(contentType),
        `The ${contentType} mapping template has a syntax error (line ${error.line}, column ${error.column})`,
        `Every request sent with Content-Type ${contentType} would be answered 500 {"message": "Internal server error"}: ${error.message}`,
      ),
    );
  }
  (a.design.integrationResponses ?? []).forEach((r, idx) => {
    for (const [contentType, template] of Object.entries(r.responseTemplates ?? {})) {
      const error = templateSyntaxError(template);
      if (!error) continue;
      found.push(
        finding(
          'template-syntax',
          'error',
          ['integrationResponses', idx, 'responseTemplates', contentType],
          `The ${r.statusCode} response template has a syntax error (line ${error.line}, column ${error.column})`,
          `API Gateway renders response templates after SQS has answered, so the message is already in the queue when the client gets 500 {"message": "Internal server error"} — and a client that retries sends it again. ${error.message}`,
          r.statusCode === '200'
            ? { description: "Replace it with the preset's success template.", patch: [{ op: 'set', path: ['integrationResponses', idx, 'responseTemplates', contentType], value: successTemplate(a.design) }] }
            : { description: 'Remove the template (SQS\'s answer passes through).', patch: [{ op: 'delete', path: ['integrationResponses', idx, 'responseTemplates', contentType] }] },
        ),
      );
    }
  });
  return found;
};

export const executionRoleTrust: Rule = (a) => {
  if (a.design.executionRole?.mode !== 'existing') return [];
  return [
    finding(
      'execution-role-trust',
      'info',
      ['executionRole', 'roleArn'],
      'Sluice cannot check an existing role before deploying',
      'The AWS Knowledge Center procedure creates the role "for an AWS service, API Gateway" and attaches sqs:SendMessage on the queue. For an existing role, make sure its trust policy allows apigateway.amazonaws.com to assume it ' +
        '(otherwise: 500, "API Gateway does not have permission to assume the provided role") and that it allows sqs:SendMessage on this queue (otherwise: AccessDenied).',
    ),
  ];
};
