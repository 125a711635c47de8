/** The AWS JSON protocol body: QueueUrl, valid JSON, MessageBody. */
import { awsQueueUrl, QUERY_TEMPLATE_URLENCODED } from '@/lib/design';
import { formValue } from '../form';
import { type Fix } from '../types';
import { type Analysis, type Rule, finding, requestTemplates, templatePath, activeTemplate, sampleMediaType, jsonProtocolTemplate, isThisQueueUrl, jsonMember, isJsonProtocolRequest } from './analysis';

function jsonTemplateFix(a: Analysis, description: string): Fix {
  const active = a.preview?.kind === 'integration-request' ? a.preview.templateUsed : undefined;
  return { description, patch: [{ op: 'set', path: templatePath(active ?? sampleMediaType(a)), value: jsonProtocolTemplate(a.design) }] };
}

export const jsonQueueUrl: Rule = (a) => {
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

export const jsonBodyInvalid: Rule = (a) => {
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

export const missingMessageBody: Rule = (a) => {
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
