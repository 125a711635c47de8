/** Request headers and the action: what makes SQS answer UnknownOperationException (AWS Knowledge Center article on API Gateway and SQS errors). */
import { mediaType, parseRequestMappingSource, QUERY_TEMPLATE_URLENCODED } from '@/lib/design';
import { formValue } from '../form';
import { type Finding, type PatchOp } from '../types';
import { FORM_TYPE, AMZ_JSON_TYPE, CONTENT_TYPE_KEY, TARGET_KEY, type Rule, finding, requestParameters, headerMappingKey, sentHeader, setHeaderMapping, templatePath, activeTemplate, sampleMediaType, isJsonProtocolRequest } from './analysis';

export const queryContentType: Rule = (a) => {
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

export const queryTemplateAction: Rule = (a) => {
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

export const jsonProtocolHeaders: Rule = (a) => {
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

export const xAmzTargetFormat: Rule = (a) => {
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
