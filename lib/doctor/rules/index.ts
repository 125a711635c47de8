/** The doctor's rules, one file per family, and `diagnose`, which runs them all on one analysis. */
import { type IntegrationDesign } from '@/lib/design';
import { type SampleRequest } from '@/lib/gateway';
import { type Finding, type Severity } from '../types';
import { type Rule, analyse } from './analysis';
import { queryContentType, queryTemplateAction, jsonProtocolHeaders, xAmzTargetFormat } from './protocol-headers';
import { accessDeniedPolicy, kmsAccessDenied } from './permissions';
import { queryBodyNotUrlEncoded } from './special-characters';
import { integrationHttpMethodGet } from './http-method';
import { jsonQueueUrl, jsonBodyInvalid, missingMessageBody } from './json-body';
import { fifoMessageGroupId, fifoDeduplicationId } from './fifo';
import { mappingValues, unknownSqsHeader, requestParameterKeys } from './mapping';
import { queryPathOverride, timeoutRange, passthroughUnsupportedMedia, responses, templateError, templateSyntax, executionRoleTrust } from './integration-settings';

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

export { jsonProtocolTemplate, SPECIAL_CHARACTERS_BODY } from './analysis';
