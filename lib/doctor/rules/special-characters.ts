/** Special characters in the body: the query protocol needs $util.urlEncode() around $input.body. */
import { type IntegrationDesign } from '@/lib/design';
import { previewDesign, type SampleRequest } from '@/lib/gateway';
import { formValue, parseFormBody } from '../form';
import { type Finding } from '../types';
import { SAMPLE_TIME, SPECIAL_CHARACTERS_BODY, type Rule, finding, requestTemplates, templatePath } from './analysis';

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

export const queryBodyNotUrlEncoded: Rule = (a) => {
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
