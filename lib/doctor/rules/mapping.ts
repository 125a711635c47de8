/** Request parameter mappings: values that are not expressions, headers SQS does not know, keys of the wrong form. */
import { parseIntegrationRequestKey, parseRequestMappingSource, type IntegrationDesign } from '@/lib/design';
import { type DesignPath, type Finding, type PatchOp } from '../types';
import { CONTENT_TYPE_KEY, KNOWN_AMZ_HEADERS, type Rule, finding, requestParameters, headerMappingKey, FORM_TYPE } from './analysis';

function looksLikeExpression(value: string): boolean {
  return /^(method|integration|context|stageVariables)\b/.test(value) || value.includes('.request.');
}

export const mappingValues: Rule = (a) => {
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

export const unknownSqsHeader: Rule = (a) => {
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

export const requestParameterKeys: Rule = (a) => {
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
