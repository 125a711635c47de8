import {
  awsQueueUrl,
  executionRolePolicyDocument,
  isCustomerManagedKey,
  kmsPolicyTarget,
  leastPrivilegePolicy,
  mediaType,
  parseIntegrationRequestKey,
  parseRequestMappingSource,
  queueArn,
  QUERY_TEMPLATE_URLENCODED,
  QUERY_SUCCESS_TEMPLATE,
  FIFO_SUCCESS_TEMPLATE,
  JSON_SUCCESS_TEMPLATE,
  TIMEOUT_MAX_MS,
  TIMEOUT_MIN_MS,
  type IntegrationDesign,
} from '@/lib/design';
import { defaultSampleRequest, previewDesign, type BuildResult, type IntegrationRequest, type SampleRequest } from '@/lib/gateway';
import { evaluatePolicies } from '@/lib/iam';
import { templateSyntaxError } from '@/lib/vtl';
import { formValue, parseFormBody, type FormParse } from './form';
import { formatDesignPath } from './patch';
import { sourcesOf } from './sources';
import type { DesignPath, Finding, Fix, JsonValue, PatchOp, RuleId, Severity } from './types';

const FORM_TYPE = 'application/x-www-form-urlencoded';
const AMZ_JSON_TYPE = 'application/x-amz-json-1.0';
const CONTENT_TYPE_KEY = 'integration.request.header.Content-Type';
const TARGET_KEY = 'integration.request.header.X-Amz-Target';
/** A fixed clock keeps findings identical between keystrokes. */
const SAMPLE_TIME = new Date('2026-11-21T07:43:49Z');
/** A body with the characters that form decoding changes (`+`, `&`, `%`) — used to show what SQS would store. */
export const SPECIAL_CHARACTERS_BODY = '{"note": "50% off & 2+2 deals"}';

/** Headers SQS (or SigV4) reads; any other `X-Amz-*` name is silently ignored by SQS. */
const KNOWN_AMZ_HEADERS = new Set([
  'x-amz-target',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-user-agent',
  'x-amzn-query-mode',
  'x-amzn-trace-id',
]);

type Analysis = {
  design: IntegrationDesign;
  sample: SampleRequest;
  preview?: BuildResult;
  sent?: IntegrationRequest;
  /** The body decoded as the query protocol's form (whatever Content-Type it is sent with). */
  form?: FormParse;
  /** The JSON document the JSON protocol would parse. */
  json?: { ok: true; value: unknown } | { ok: false; message: string };
};

type Rule = (a: Analysis) => Finding[];

function finding(id: RuleId, severity: Severity, path: DesignPath, title: string, explanation: string, fix?: Fix, evidence?: string): Finding {
  return { id, severity, field: formatDesignPath(path), title, explanation, sources: sourcesOf(explanation), ...(evidence !== undefined ? { evidence } : {}), ...(fix ? { fix } : {}) };
}

function requestParameters(d: IntegrationDesign): Record<string, string> {
  return d.integration?.requestParameters ?? {};
}

function requestTemplates(d: IntegrationDesign): Record<string, string> {
  return d.integration?.requestTemplates ?? {};
}

/** The key of a header mapping, whatever the case of the header name. */
function headerMappingKey(d: IntegrationDesign, name: string): string | undefined {
  const lower = `integration.request.header.${name}`.toLowerCase();
  return Object.keys(requestParameters(d)).find((k) => k.toLowerCase() === lower);
}

function sentHeader(req: IntegrationRequest | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return req?.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Replaces a header mapping (any case) with `value`. */
function setHeaderMapping(d: IntegrationDesign, name: string, value: string): PatchOp[] {
  const existing = headerMappingKey(d, name);
  const key = `integration.request.header.${name}`;
  return [
    ...(existing !== undefined && existing !== key ? [{ op: 'delete' as const, path: ['integration', 'requestParameters', existing] }] : []),
    { op: 'set', path: ['integration', 'requestParameters', key], value },
  ];
}

function templatePath(contentType: string): DesignPath {
  return ['integration', 'requestTemplates', contentType];
}

/** The request template that applies to the sample (what API Gateway chose), or the application/json one. */
function activeTemplate(a: Analysis): { key: string; template: string } | undefined {
  const templates = requestTemplates(a.design);
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  const key = used ?? Object.keys(templates).find((k) => mediaType(k) === 'application/json');
  return key !== undefined && templates[key] !== undefined ? { key, template: templates[key] } : undefined;
}

function sampleMediaType(a: Analysis): string {
  const entry = Object.entries(a.sample.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  const value = entry ? (typeof entry[1] === 'string' ? entry[1] : entry[1][entry[1].length - 1]) : undefined;
  return value ? mediaType(value) : 'application/json';
}

/**
 * The JSON-protocol template Sluice suggests: the queue pinned in the template (callers cannot address another
 * queue) and the whole request body as the message, escaped as a JSON string. `escapeJavaScript` escapes `'` as
 * `\'`, which JSON does not allow — AWS's documented `replaceAll` undoes it (aws-reference A.3).
 */
export function jsonProtocolTemplate(d: IntegrationDesign): string {
  return `{"QueueUrl": "${awsQueueUrl(d)}", "MessageBody": "$util.escapeJavaScript($input.body).replaceAll("\\\\'","'")"}`;
}

function isThisQueueUrl(d: IntegrationDesign, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== `/${d.accountId}/${d.queue.name}`) return false;
  if (parsed.protocol === 'https:' && parsed.hostname === `sqs.${d.region}.amazonaws.com`) return true;
  // The local sandbox's queue URLs (docs/product.md "Conventions").
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(parsed.hostname);
}

function jsonMember(a: Analysis, name: string): unknown {
  if (!a.json?.ok) return undefined;
  const v = a.json.value;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}

function isJsonProtocolRequest(a: Analysis): boolean {
  return a.design.protocol === 'json';
}

// --- AWS Knowledge Center article: UnknownOperationException -------------------------------------------------------------------------

const queryContentType: Rule = (a) => {
  if (a.design.protocol !== 'query') return [];
  const key = headerMappingKey(a.design, 'Content-Type');
  const mapped = key !== undefined ? requestParameters(a.design)[key] : undefined;
  const sent = a.sent ? sentHeader(a.sent, 'Content-Type') : mapped?.replace(/^'|'$/g, '');
  if (sent !== undefined && mediaType(sent) === FORM_TYPE) return [];
  return [
    finding(
      'query-content-type',
      'error',
      ['integration', 'requestParameters', key ?? CONTENT_TYPE_KEY],
      'SQS will not read the form body: the integration request Content-Type is not application/x-www-form-urlencoded',
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "UnknownOperationException": with the AWS query protocol, SQS answers UnknownOperationException when the integration request's Content-Type is not "${FORM_TYPE}". ` +
        `Without a mapping, API Gateway forwards the client's own Content-Type${sent ? ` (here "${sent}")` : ''}, so SQS does not parse Action=SendMessage out of the body.`,
      { description: `Map the integration request header Content-Type to the static value '${FORM_TYPE}'.`, patch: setHeaderMapping(a.design, 'Content-Type', `'${FORM_TYPE}'`) },
      sent !== undefined ? `Content-Type sent to SQS: ${sent}` : 'No Content-Type is sent to SQS.',
    ),
  ];
};

const queryTemplateAction: Rule = (a) => {
  if (a.design.protocol !== 'query' || !a.sent || !a.form) return [];
  const action = formValue(a.form.params, 'Action') ?? new URL(a.sent.url).searchParams.get('Action') ?? undefined;
  if (action === 'SendMessage') return [];
  const active = activeTemplate(a);
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  let patch: PatchOp[];
  if (used !== undefined && active) {
    const t = active.template;
    const next = /(^|&)Action=[^&]*/.test(t) ? t.replace(/(^|&)Action=[^&]*/, '$1Action=SendMessage') : `Action=SendMessage&${t}`;
    patch = [{ op: 'set', path: templatePath(active.key), value: next }];
  } else {
    patch = [{ op: 'set', path: templatePath(sampleMediaType(a)), value: QUERY_TEMPLATE_URLENCODED }];
  }
  return [
    finding(
      'query-template-action',
      'error',
      templatePath(used ?? active?.key ?? sampleMediaType(a)),
      action === undefined ? 'The body sent to SQS has no Action=SendMessage' : `The body sent to SQS asks for Action=${action}, not SendMessage`,
      'The AWS Knowledge Center article on API Gateway and SQS errors explains "UnknownOperationException": with the AWS query protocol you also get UnknownOperationException when the mapping template does not add the SendMessage action. ' +
        'The template must produce Action=SendMessage&MessageBody=….',
      { description: used !== undefined ? 'Start the mapping template with Action=SendMessage.' : `Add the mapping template ${QUERY_TEMPLATE_URLENCODED} for the request's content type.`, patch },
      `Body sent to SQS: ${a.sent.body}`,
    ),
  ];
};

const jsonProtocolHeaders: Rule = (a) => {
  if (!isJsonProtocolRequest(a) || !a.sent) return [];
  const findings: Finding[] = [];
  const contentType = sentHeader(a.sent, 'Content-Type');
  const target = sentHeader(a.sent, 'X-Amz-Target');
  const badContentType = contentType === undefined || mediaType(contentType) !== AMZ_JSON_TYPE;
  const missingTarget = target === undefined || target === '';
  if (!badContentType && !missingTarget) return [];
  const patch: PatchOp[] = [];
  if (badContentType) patch.push(...setHeaderMapping(a.design, 'Content-Type', `'${AMZ_JSON_TYPE}'`));
  if (missingTarget) patch.push(...setHeaderMapping(a.design, 'X-Amz-Target', "'AmazonSQS.SendMessage'"));
  const field = badContentType ? headerMappingKey(a.design, 'Content-Type') ?? CONTENT_TYPE_KEY : headerMappingKey(a.design, 'X-Amz-Target') ?? TARGET_KEY;
  findings.push(
    finding(
      'json-protocol-headers',
      'error',
      ['integration', 'requestParameters', field],
      `SQS cannot tell the operation: ${[badContentType ? `Content-Type is ${contentType ?? 'missing'}` : '', missingTarget ? 'X-Amz-Target is missing' : ''].filter(Boolean).join(' and ')}`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "UnknownOperationException": with the AWS JSON protocol you get UnknownOperationException when the Content-Type and X-Amz-Target headers are not sent or not configured. ` +
        `Configure Content-Type as "${AMZ_JSON_TYPE}" and X-Amz-Target as AmazonSQS.SendMessage, either mapped from the client's headers (which the client must then send) or as static values.`,
      { description: `Map ${[badContentType ? `Content-Type to '${AMZ_JSON_TYPE}'` : '', missingTarget ? "X-Amz-Target to 'AmazonSQS.SendMessage'" : ''].filter(Boolean).join(' and ')}.`, patch },
      `Headers sent to SQS: ${a.sent.headers.map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    ),
  );
  return findings;
};

const TARGET_FORM = /^AmazonSQS\.[A-Z][A-Za-z]+$/;

const xAmzTargetFormat: Rule = (a) => {
  const key = headerMappingKey(a.design, 'X-Amz-Target');
  const findings: Finding[] = [];
  const mapped = key !== undefined ? parseRequestMappingSource(requestParameters(a.design)[key]!) : undefined;
  const staticValue = mapped?.ok && mapped.value.kind === 'static' ? mapped.value.value : undefined;
  const sent = sentHeader(a.sent, 'X-Amz-Target');
  const value = staticValue ?? (isJsonProtocolRequest(a) ? sent : undefined);
  if (value === undefined || value === '' || TARGET_FORM.test(value)) return findings;
  const isQuery = a.design.protocol === 'query';
  findings.push(
    finding(
      'x-amz-target-format',
      isQuery ? 'warning' : 'error',
      ['integration', 'requestParameters', key ?? TARGET_KEY],
      `X-Amz-Target "${value}" is not of the form AmazonSQS.<Action>`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "UnknownOperationException": X-Amz-Target must be AmazonSQS.{SQS-Action}, e.g. AmazonSQS.SendMessage. ` +
        `A widely copied serverless.yml example maps it to 'SendMessage', which names no operation, so SQS answers UnknownOperationException.` +
        (isQuery ? ' The AWS query protocol does not use this header at all.' : ''),
      isQuery
        ? { description: 'Remove the X-Amz-Target mapping (the query protocol takes the action from the body).', patch: [{ op: 'delete', path: ['integration', 'requestParameters', key ?? TARGET_KEY] }] }
        : staticValue !== undefined
          ? { description: "Map X-Amz-Target to 'AmazonSQS.SendMessage'.", patch: setHeaderMapping(a.design, 'X-Amz-Target', "'AmazonSQS.SendMessage'") }
          : { description: "Map X-Amz-Target to the static 'AmazonSQS.SendMessage' instead of the client's header.", patch: setHeaderMapping(a.design, 'X-Amz-Target', "'AmazonSQS.SendMessage'") },
    ),
  );
  return findings;
};

// --- AWS Knowledge Center article: AccessDenied, KMS.AccessDeniedException ----------------------------------------------------------

function parsedPolicy(d: IntegrationDesign): { Version?: string; Statement?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(executionRolePolicyDocument(d));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { Statement?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** The policy with `statements` added, or the least-privilege policy when the user's cannot be extended. */
function policyWith(d: IntegrationDesign, statements: JsonValue[], replace: boolean): string {
  const current = parsedPolicy(d);
  if (replace || !current) return JSON.stringify(leastPrivilegePolicy(d), null, 2);
  const existing = Array.isArray(current.Statement) ? (current.Statement as JsonValue[]) : current.Statement ? [current.Statement as JsonValue] : [];
  // IAM refuses a policy with two statements of one Sid: a statement with the added one's Sid is replaced, not repeated.
  const sidOf = (st: JsonValue): string | undefined => (st !== null && typeof st === 'object' && !Array.isArray(st) && typeof st.Sid === 'string' ? st.Sid : undefined);
  const added = new Set(statements.map(sidOf).filter((x) => x !== undefined));
  const kept = existing.filter((st) => !added.has(sidOf(st) ?? ''));
  return JSON.stringify({ ...current, Version: current.Version ?? '2012-10-17', Statement: [...kept, ...statements] }, null, 2);
}

const accessDeniedPolicy: Rule = (a) => {
  const d = a.design;
  if (d.executionRole?.mode !== 'create') return [];
  const arn = queueArn(d);
  const result = evaluatePolicies([{ id: 'inline', type: 'inline', document: executionRolePolicyDocument(d) }], { action: 'sqs:SendMessage', resource: arn });
  if (result.decision === 'allowed') return [];
  const invalid = result.invalidPolicies[0]?.error;
  const statement = leastPrivilegePolicy(d).Statement[0]! as unknown as JsonValue;
  return [
    finding(
      'access-denied-policy',
      'error',
      ['executionRole', 'policyDocument'],
      `The execution role may not call sqs:SendMessage on ${arn}`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "AccessDenied": this error occurs when the API integration execution role doesn't have the sqs:SendMessage permission on the queue. ` +
        (invalid
          ? `The policy document cannot be used: ${invalid}.`
          : result.decision === 'explicitDeny'
            ? 'A Deny statement in the policy matches sqs:SendMessage on this queue, and a Deny always wins.'
            : 'No statement of the policy allows sqs:SendMessage on this queue\'s ARN.'),
      {
        description: result.decision === 'explicitDeny' || invalid ? 'Replace the policy with the least-privilege policy (sqs:SendMessage on this queue).' : 'Add a statement allowing sqs:SendMessage on this queue.',
        patch: [{ op: 'set', path: ['executionRole', 'policyDocument'], value: policyWith(d, [statement], result.decision === 'explicitDeny' || invalid !== undefined) }],
      },
      `IAM decision for sqs:SendMessage on ${arn}: ${result.decision}`,
    ),
  ];
};

const kmsAccessDenied: Rule = (a) => {
  const d = a.design;
  const enc = d.queue?.encryption;
  if (!enc || !isCustomerManagedKey(enc) || d.executionRole?.mode !== 'create') return [];
  const target = kmsPolicyTarget(d, enc.kmsKeyId);
  // An alias is authorized against the key it names: evaluate on a key of the account carrying that alias.
  const alias = enc.kmsKeyId.includes('alias/') ? enc.kmsKeyId.slice(enc.kmsKeyId.indexOf('alias/')) : undefined;
  const resource = target.resource.endsWith('key/*') ? target.resource.replace(/\*$/, '00000000-0000-0000-0000-000000000000') : target.resource;
  const denied = ['kms:GenerateDataKey', 'kms:Decrypt'].filter(
    (action) =>
      evaluatePolicies([{ id: 'inline', type: 'inline', document: executionRolePolicyDocument(d) }], {
        action,
        resource,
        ...(alias ? { context: { 'kms:ResourceAliases': [alias] } } : {}),
      }).decision !== 'allowed',
  );
  if (denied.length === 0) return [];
  const kmsStatement = leastPrivilegePolicy(d).Statement.find((s) => s.Action.includes('kms:GenerateDataKey'));
  return [
    finding(
      'kms-access-denied',
      'error',
      ['executionRole', 'policyDocument'],
      `The execution role lacks ${denied.join(' and ')} on the queue's KMS key`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "KMS.AccessDeniedException": the queue is encrypted with a customer-managed KMS key (${enc.kmsKeyId}), so sending needs kms:GenerateDataKey and kms:Decrypt on that key; ` +
        `the role's policy does not allow ${denied.join(' and ')}. (The key's own key policy must allow the role too; Sluice cannot check that here.)`,
      kmsStatement
        ? { description: 'Add a statement allowing kms:GenerateDataKey and kms:Decrypt on the queue key.', patch: [{ op: 'set', path: ['executionRole', 'policyDocument'], value: policyWith(d, [kmsStatement as unknown as JsonValue], false) }] }
        : undefined,
    ),
  ];
};

// --- AWS Knowledge Center article: special characters (AccessDenied / MalformedQueryString) --------------------------------------------

/** `$input.body` (or `${input.body}`) not inside `$util.urlEncode(...)`. */
const BARE_BODY = /\$\{?input\.body\}?(?![A-Za-z0-9_.])/g;
const ENCODED_BODY = /\$\{?util\.urlEncode\(\s*\$\{?input\.body\}?\s*\)\}?/g;

function hasBareBody(template: string): boolean {
  return new RegExp(BARE_BODY.source).test(template.replace(ENCODED_BODY, ''));
}

function encodeBareBody(template: string): string {
  const encoded = '$util.urlEncode($input.body)';
  return template
    .split(ENCODED_BODY)
    .map((part) => part.replace(BARE_BODY, () => encoded))
    .join(encoded);
}

function storedMessageBody(design: IntegrationDesign, sample: SampleRequest, body: string): { sent: string; stored?: string; malformed?: string } | undefined {
  const result = previewDesign(design, { ...sample, body }, { requestTime: SAMPLE_TIME });
  if (result.kind !== 'integration-request') return undefined;
  const form = parseFormBody(result.request.body);
  return { sent: result.request.body, ...(formValue(form.params, 'MessageBody') !== undefined ? { stored: formValue(form.params, 'MessageBody') } : {}), ...(!form.ok ? { malformed: form.message } : {}) };
}

const queryBodyNotUrlEncoded: Rule = (a) => {
  if (a.design.protocol !== 'query') return [];
  const findings: Finding[] = [];
  for (const [contentType, template] of Object.entries(requestTemplates(a.design))) {
    if (!hasBareBody(template)) continue;
    // Only a body that reaches the form as written is a problem: `#if($input.body == "")` reads it, sends nothing.
    const headers = Object.fromEntries(Object.entries(a.sample.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-type'));
    const probe = storedMessageBody(a.design, { ...a.sample, headers: { ...headers, 'Content-Type': contentType } }, SPECIAL_CHARACTERS_BODY);
    if (probe && !probe.sent.includes(SPECIAL_CHARACTERS_BODY)) continue;
    const original = a.sample.body ?? '';
    const fromSample = storedMessageBody(a.design, a.sample, original);
    const sampleBroken = fromSample !== undefined && (fromSample.malformed !== undefined || (fromSample.stored ?? '') !== (original === '' ? '{}' : original));
    const shown = sampleBroken ? { body: original, result: fromSample } : { body: SPECIAL_CHARACTERS_BODY, result: storedMessageBody(a.design, a.sample, SPECIAL_CHARACTERS_BODY) };
    const evidence = shown.result
      ? shown.result.malformed
        ? `Request body ${shown.body} → SQS rejects the form: ${shown.result.malformed}`
        : `Request body ${shown.body} → SQS would store MessageBody ${JSON.stringify(shown.result.stored ?? '')}`
      : undefined;
    findings.push(
      finding(
        'query-body-not-urlencoded',
        sampleBroken ? 'error' : 'warning',
        templatePath(contentType),
        sampleBroken ? 'The sample body is corrupted on its way to SQS: $input.body is not URL-encoded' : '$input.body is not URL-encoded: bodies with & + % will be corrupted or rejected',
        'The AWS Knowledge Center article on API Gateway and SQS errors explains "AccessDenied" and "MalformedQueryString": special characters in the request body break the form-encoded query-protocol request — SQS splits on &, turns + into a space and rejects bad % escapes. ' +
          'Wrap the body in $util.urlEncode(): Action=SendMessage&MessageBody=$util.urlEncode($input.body).',
        { description: 'Wrap $input.body in $util.urlEncode().', patch: [{ op: 'set', path: templatePath(contentType), value: encodeBareBody(template) }] },
        evidence,
      ),
    );
  }
  return findings;
};

// --- AWS Knowledge Center article: SignatureDoesNotMatch ------------------------------------------------------------------------------

const integrationHttpMethodGet: Rule = (a) => {
  if (a.design.integration?.integrationHttpMethod !== 'GET') return [];
  return [
    finding(
      'integration-http-method-get',
      'error',
      ['integration', 'integrationHttpMethod'],
      'The integration calls SQS with GET instead of POST',
      'The AWS Knowledge Center article on API Gateway and SQS errors explains "SignatureDoesNotMatch": this error occurs when the HTTP method of the integration request is set to GET instead of POST. ' +
        'AWS does not document why; the likely cause is that the signed request no longer matches what SQS receives once the body has to travel as a GET.',
      { description: 'Set the integration HTTP method to POST.', patch: [{ op: 'set', path: ['integration', 'integrationHttpMethod'], value: 'POST' }] },
    ),
  ];
};

// --- AWS Knowledge Center article: JSON protocol body errors ----------------------------------------------------------------------

function jsonTemplateFix(a: Analysis, description: string): Fix {
  const active = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  return { description, patch: [{ op: 'set', path: templatePath(active ?? sampleMediaType(a)), value: jsonProtocolTemplate(a.design) }] };
}

const jsonQueueUrl: Rule = (a) => {
  if (!isJsonProtocolRequest(a) || !a.sent) return [];
  const url = jsonMember(a, 'QueueUrl');
  if (typeof url !== 'string' || isThisQueueUrl(a.design, url)) return [];
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  const template = used !== undefined ? requestTemplates(a.design)[used] : undefined;
  const fix: Fix =
    template !== undefined && template.includes(url)
      ? { description: `Use this queue's URL ${awsQueueUrl(a.design)} in the template.`, patch: [{ op: 'set', path: templatePath(used!), value: template.split(url).join(awsQueueUrl(a.design)) }] }
      : jsonTemplateFix(a, `Pin the queue in a mapping template: QueueUrl ${awsQueueUrl(a.design)}, the request body as MessageBody.`);
  return [
    finding(
      'json-queue-url',
      'error',
      used !== undefined ? templatePath(used) : ['integration', 'requestTemplates'],
      `QueueUrl ${url} is not this queue's URL`,
      `The AWS Knowledge Center article on API Gateway and SQS errors explains "InvalidAddress": with the AWS JSON protocol this error occurs when the SQS queue URL in the body payload is incorrect. This design's queue is ${awsQueueUrl(a.design)}` +
        (template === undefined ? '; the QueueUrl comes from the client\'s body, so any caller can address any queue — or a wrong one.' : '.'),
      fix,
      `QueueUrl sent to SQS: ${url}`,
    ),
  ];
};

const jsonBodyInvalid: Rule = (a) => {
  if (!isJsonProtocolRequest(a) || !a.sent || !a.json) return [];
  let problem: string | undefined;
  if (!a.json.ok) problem = `it is not valid JSON (${a.json.message})`;
  else if (a.json.value === null || typeof a.json.value !== 'object' || Array.isArray(a.json.value)) problem = 'it is not a JSON object';
  else {
    const v = a.json.value as Record<string, unknown>;
    if (v.MessageBody !== undefined && typeof v.MessageBody !== 'string') problem = `MessageBody is a JSON ${Array.isArray(v.MessageBody) ? 'array' : typeof v.MessageBody}, not a string`;
    else if (v.QueueUrl !== undefined && typeof v.QueueUrl !== 'string') problem = 'QueueUrl is not a string';
    else if (v.DelaySeconds !== undefined && typeof v.DelaySeconds !== 'number') problem = 'DelaySeconds is not a number';
  }
  if (problem === undefined) return [];
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  return [
    finding(
      'json-body-invalid',
      'error',
      used !== undefined ? templatePath(used) : ['integration', 'requestTemplates'],
      `The body sent to SQS is not a valid SendMessage request: ${problem}`,
      'The AWS Knowledge Center article on API Gateway and SQS errors explains "SerializationException": with the AWS JSON protocol this error occurs when the body payload isn\'t valid JSON — a missing or extra comma or curly brace — or a member has the wrong JSON type.' +
        (used !== undefined ? ` The mapping template for ${used} renders it.` : ' The body is the client\'s, passed through unchanged.'),
      jsonTemplateFix(a, 'Use a mapping template that always renders valid JSON: this queue\'s QueueUrl and the request body as a JSON-escaped MessageBody.'),
      `Body sent to SQS: ${a.sent.body}`,
    ),
  ];
};

const missingMessageBody: Rule = (a) => {
  if (!a.sent) return [];
  if (isJsonProtocolRequest(a)) {
    if (!a.json?.ok || a.json.value === null || typeof a.json.value !== 'object' || Array.isArray(a.json.value)) return [];
    const missing = ['QueueUrl', 'MessageBody'].filter((m) => {
      const v = jsonMember(a, m);
      return v === undefined || v === null || v === '';
    });
    if (missing.length === 0) return [];
    return [
      finding(
        'missing-message-body',
        'error',
        a.preview?.kind === 'integration-request' && a.preview.templateUsed !== undefined ? templatePath(a.preview.templateUsed) : ['integration', 'requestTemplates'],
        `The body sent to SQS has no ${missing.join(' and ')}`,
        `The AWS Knowledge Center article on API Gateway and SQS errors explains "MissingRequiredParameterException": with the AWS JSON protocol this error occurs when the body payload lacks a required parameter — for SendMessage, QueueUrl and a non-empty MessageBody.`,
        jsonTemplateFix(a, 'Use a mapping template that always sends this queue\'s QueueUrl and the request body as MessageBody.'),
        `Body sent to SQS: ${a.sent.body}`,
      ),
    ];
  }
  if (!a.form || formValue(a.form.params, 'Action') !== 'SendMessage') return [];
  const body = formValue(a.form.params, 'MessageBody');
  if (body !== undefined && body !== '') return [];
  const active = activeTemplate(a);
  const used = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  return [
    finding(
      'missing-message-body',
      'error',
      templatePath(used ?? active?.key ?? 'application/json'),
      'The body sent to SQS has no MessageBody',
      'The AWS Knowledge Center article on API Gateway and SQS errors explains "MissingRequiredParameterException" (MissingParameter in the query protocol): SendMessage needs a non-empty MessageBody parameter.',
      used !== undefined && active
        ? { description: 'Add MessageBody=$util.urlEncode($input.body) to the template.', patch: [{ op: 'set', path: templatePath(active.key), value: `${active.template.replace(/&?MessageBody=[^&]*/, '')}&MessageBody=$util.urlEncode($input.body)` }] }
        : { description: `Use the template ${QUERY_TEMPLATE_URLENCODED}.`, patch: [{ op: 'set', path: templatePath(sampleMediaType(a)), value: QUERY_TEMPLATE_URLENCODED }] },
      `Body sent to SQS: ${a.sent.body}`,
    ),
  ];
};

// --- FIFO ---------------------------------------------------------------------------------------------------------

function sentParameter(a: Analysis, name: string): string | undefined {
  if (isJsonProtocolRequest(a)) {
    const v = jsonMember(a, name);
    return typeof v === 'string' ? v : undefined;
  }
  return a.form ? formValue(a.form.params, name) : undefined;
}

const fifoMessageGroupId: Rule = (a) => {
  if (!a.design.queue?.fifo || !a.sent) return [];
  const group = sentParameter(a, 'MessageGroupId');
  if (group !== undefined && group !== '') return [];
  const active = activeTemplate(a);
  const canFix = a.design.protocol === 'query' && active !== undefined;
  return [
    finding(
      'fifo-message-group-id',
      'error',
      active ? templatePath(active.key) : ['queue', 'fifo'],
      'Messages to this FIFO queue carry no MessageGroupId',
      'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO note under "AccessDenied"): for a FIFO queue include a MessageGroupId (SQS answers MissingParameter "The request must contain the parameter MessageGroupId."). ' +
        'Take it from a header or a body field; one fixed group keeps every message in a single ordered stream.',
      canFix
        ? { description: 'Append &MessageGroupId=default to the template (one ordered group; change it to a header or body field for parallel groups).', patch: [{ op: 'set', path: templatePath(active.key), value: `${active.template}&MessageGroupId=default` }] }
        : undefined,
      a.sent ? `Body sent to SQS: ${a.sent.body}` : undefined,
    ),
  ];
};

const fifoDeduplicationId: Rule = (a) => {
  if (!a.design.queue?.fifo || a.design.queue.contentBasedDeduplication || !a.sent) return [];
  const dedup = sentParameter(a, 'MessageDeduplicationId');
  if (dedup !== undefined && dedup !== '') return [];
  return [
    finding(
      'fifo-deduplication-id',
      'error',
      ['queue', 'contentBasedDeduplication'],
      'FIFO messages carry no MessageDeduplicationId and content-based deduplication is off',
      'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO note): include a MessageDeduplicationId unless the queue has content-based deduplication; SQS otherwise answers InvalidParameterValue ' +
        '"The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly".',
      { description: 'Turn on content-based deduplication (SQS then uses a SHA-256 of the body).', patch: [{ op: 'set', path: ['queue', 'contentBasedDeduplication'], value: true }] },
    ),
  ];
};

// --- The widely copied serverless.yml example: mapping mistakes --------------------------------------------------------------------------------------

function looksLikeExpression(value: string): boolean {
  return /^(method|integration|context|stageVariables)\b/.test(value) || value.includes('.request.');
}

const mappingValues: Rule = (a) => {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(requestParameters(a.design))) {
    const target = parseIntegrationRequestKey(key);
    // A rejected target is reported (and removed) by requestParameterKeys; its value does not matter.
    if (!target.ok || typeof value !== 'string') continue;
    if (target.value.location === 'path' && !isPathPlaceholder(a.design, target.value.name)) continue;
    const parsed = parseRequestMappingSource(value);
    const path: DesignPath = ['integration', 'requestParameters', key];
    if (parsed.ok) {
      const src = parsed.value;
      if (src.kind !== 'method.request') continue;
      const location = src.location === 'multivalueheader' ? 'header' : src.location === 'multivaluequerystring' ? 'querystring' : src.location;
      const declared = `method.request.${location}.${src.name}`;
      const declaredKeys = Object.keys(a.design.method?.requestParameters ?? {});
      if (declaredKeys.some((k) => (location === 'header' ? k.toLowerCase() === declared.toLowerCase() : k === declared))) continue;
      findings.push(
        finding(
          'undeclared-method-parameter',
          'error',
          path,
          `${value} is not declared on the method request`,
          `API Gateway rejects a mapping from a method request parameter the method does not declare. The AWS Knowledge Center procedure for the JSON protocol first adds the HTTP request headers Content-Type and X-Amz-Target to the method request, then maps them.`,
          { description: `Declare ${declared} (optional) on the method request.`, patch: [{ op: 'set', path: ['method', 'requestParameters', declared], value: false }] },
        ),
      );
      continue;
    }
    if (!looksLikeExpression(value)) {
      findings.push(
        finding(
          'static-value-unquoted',
          'error',
          path,
          `Static value ${value} is not in single quotes`,
          `The AWS Knowledge Center procedure maps Content-Type from '${FORM_TYPE}' — static values go in single quotes. API Gateway rejects an unquoted value as an unknown mapping expression (a widely copied serverless.yml example maps a queue URL this way).`,
          { description: `Quote it: '${value}'.`, patch: [{ op: 'set', path, value: `'${value}'` }] },
        ),
      );
    } else {
      findings.push(
        finding(
          'invalid-mapping-source',
          'error',
          path,
          `${value} is not a mapping source API Gateway knows`,
          `${parsed.message} The AWS Knowledge Center procedure maps from method.request.header.Content-Type or a quoted static value.`,
          { description: `Remove the mapping ${key}.`, patch: [{ op: 'delete', path }] },
        ),
      );
    }
  }
  return findings;
};

const unknownSqsHeader: Rule = (a) => {
  const findings: Finding[] = [];
  const params = requestParameters(a.design);
  for (const [key, value] of Object.entries(params)) {
    const target = parseIntegrationRequestKey(key);
    if (!target.ok || target.value.location !== 'header') continue;
    const name = target.value.name;
    const lower = name.toLowerCase();
    if (!/^x-amzn?-/.test(lower) || KNOWN_AMZ_HEADERS.has(lower)) continue;
    const isContentTypeLike = lower.includes('content-type');
    const patch: PatchOp[] = [{ op: 'delete', path: ['integration', 'requestParameters', key] }];
    if (isContentTypeLike && headerMappingKey(a.design, 'Content-Type') === undefined) patch.push({ op: 'set', path: ['integration', 'requestParameters', CONTENT_TYPE_KEY], value });
    findings.push(
      finding(
        'unknown-sqs-header',
        'warning',
        ['integration', 'requestParameters', key],
        `SQS does not read a header named ${name}`,
        `A widely copied serverless.yml example maps a made-up X-Amz-Content-Type-X header; SQS ignores headers it does not know, so the value never takes effect. ` +
          `The AWS Knowledge Center procedure sets the content type with the Content-Type header itself.`,
        { description: isContentTypeLike && patch.length > 1 ? `Map Content-Type to ${value} instead of ${name}.` : `Remove the ${name} mapping.`, patch },
      ),
    );
  }
  return findings;
};

function uriPathTemplate(d: IntegrationDesign): string {
  return d.integration?.actionType === 'action' ? '' : d.integration?.pathOverride ?? '';
}

function isPathPlaceholder(d: IntegrationDesign, name: string): boolean {
  const template = uriPathTemplate(d);
  return template.includes(`{${name}}`) || template.includes(`{${name}+}`);
}

const requestParameterKeys: Rule = (a) => {
  const findings: Finding[] = [];
  for (const key of Object.keys(requestParameters(a.design))) {
    const path: DesignPath = ['integration', 'requestParameters', key];
    const target = parseIntegrationRequestKey(key);
    if (!target.ok) {
      findings.push(
        finding(
          'request-parameter-key',
          'error',
          path,
          `API Gateway rejects the mapping target ${key}`,
          `${target.message} A widely copied serverless.yml example maps integration.request.body.MessageBody, which does not exist; the AWS Knowledge Center procedure builds the body with a mapping template.`,
          { description: `Remove ${key} (build the body in the mapping template instead).`, patch: [{ op: 'delete', path }] },
        ),
      );
      continue;
    }
    if (target.value.location !== 'path') continue;
    const name = target.value.name;
    const template = uriPathTemplate(a.design);
    if (isPathPlaceholder(a.design, name)) continue;
    findings.push(
      finding(
        'request-parameter-path-unused',
        'error',
        path,
        `{${name}} does not appear in the integration path, so ${key} is rejected`,
        `A path parameter mapping fills a {${name}} placeholder of the integration URI; the path override "${template}" has none, and API Gateway rejects the mapping. ` +
          'A widely copied serverless.yml example maps integration.request.path.QueueUrl this way; the AWS Knowledge Center procedure puts {account-id}/{queue-name} in the path override instead.',
        { description: `Remove ${key}.`, patch: [{ op: 'delete', path }] },
      ),
    );
  }
  return findings;
};

// --- Integration settings ---------------------------------------------------------------------------------------------

const queryPathOverride: Rule = (a) => {
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

const timeoutRange: Rule = (a) => {
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

const passthroughUnsupportedMedia: Rule = (a) => {
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

const responses: Rule = (a) => {
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

const templateError: Rule = (a) => {
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

const templateSyntax: Rule = (a) => {
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

const executionRoleTrust: Rule = (a) => {
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

const RULES: Rule[] = [
  templateSyntax,
  queryContentType,
  queryTemplateAction,
  jsonProtocolHeaders,
  xAmzTargetFormat,
  accessDeniedPolicy,
  kmsAccessDenied,
  queryBodyNotUrlEncoded,
  integrationHttpMethodGet,
  jsonQueueUrl,
  jsonBodyInvalid,
  missingMessageBody,
  fifoMessageGroupId,
  fifoDeduplicationId,
  mappingValues,
  unknownSqsHeader,
  requestParameterKeys,
  queryPathOverride,
  timeoutRange,
  passthroughUnsupportedMedia,
  responses,
  templateError,
  executionRoleTrust,
];

function analyse(design: IntegrationDesign, sampleRequest?: SampleRequest): Analysis {
  let sample: SampleRequest;
  try {
    sample = sampleRequest ?? defaultSampleRequest(design);
  } catch {
    sample = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello World"}' };
  }
  const analysis: Analysis = { design, sample };
  try {
    analysis.preview = previewDesign(design, sample, { requestTime: SAMPLE_TIME });
  } catch {
    return analysis;
  }
  if (analysis.preview.kind !== 'integration-request') return analysis;
  const sent = analysis.preview.request;
  analysis.sent = sent;
  if (design.protocol === 'json') {
    try {
      analysis.json = { ok: true, value: JSON.parse(sent.body) as unknown };
    } catch (err) {
      analysis.json = { ok: false, message: (err as Error).message };
    }
  } else {
    // Parsed even when the Content-Type is wrong: the other rules judge what the template means to send, and
    // queryContentType reports the header.
    analysis.form = parseFormBody(sent.body);
  }
  return analysis;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Every documented mistake the design makes, errors first. Takes any design-shaped object — including one that
 * fails `validateDesign` — and never throws: a rule that cannot run on a malformed design is skipped.
 * `sampleRequest` defaults to the AWS Knowledge Center article's test request for the design's protocol (`defaultSampleRequest`).
 */
export function diagnose(design: IntegrationDesign, sampleRequest?: SampleRequest): Finding[] {
  const analysis = analyse(design, sampleRequest);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    try {
      findings.push(...rule(analysis));
    } catch {
      // A rule that cannot read a malformed design has nothing to say about it.
    }
  }
  return findings.sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]);
}
