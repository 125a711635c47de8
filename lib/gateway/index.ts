/**
 * What API Gateway does with a request to a non-proxy AWS (SQS) integration: parameter mapping, template selection,
 * passthrough, the integration request (URL, headers, body), response mapping and the TestInvokeMethod log.
 * Pure and browser-safe: the live preview and the sandbox's execute-api data plane both call it.
 */
export * from './types';
export { buildIntegrationRequest, configurationError, formatRequestLog, jsonPathValue } from './request';
export { buildMethodResponse, selectIntegrationResponse, selectResponseTemplate, type ResponseOptions } from './response';
export { buildEndpointUrl, parseIntegrationUri, parseSqsIntegrationUri, type ParsedIntegrationUri } from './uri';
export { compileJavaRegex, javaRegexFullMatch, type JavaRegexResult } from './java-regex';
export {
  formatExecutionLog,
  formatLogHeaders,
  javaDateString,
  javaMap,
  logLine,
  maskAuthorization,
  parseExecutionLog,
  type LogStep,
  type LogStepKind,
  type ParsedExecutionLog,
} from './log';
export { traceIdOf } from './context';
export {
  defaultSampleRequest,
  invocationContextForDesign,
  matchResourcePath,
  methodConfigFromDesign,
  storedMethodFromDesign,
  methodRequestFromSample,
  previewDesign,
  SAMPLE_API_ID,
  SAMPLE_REQUEST_ID,
  HELLO_WORLD_SAMPLE_REQUEST,
  sampleRequestSchema,
  type SampleRequest,
} from './design';
export { DEFAULT_TIMEOUT_IN_MILLIS, methodConfigOf, type StoredMethod, type StoredRequestValidator } from './method-config';
export { decodePathRest, decodePathSegment } from './path-segments';
