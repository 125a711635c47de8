/**
 * The design doctor: which documented mistake (the errors of the AWS Knowledge Center article on API Gateway and SQS, the mappings of a widely copied serverless.yml example) a design makes and a
 * one-click fix for each, plus the explanation of an error response seen at runtime. Pure and browser-safe.
 */
export * from './types';
export { diagnose, jsonProtocolTemplate, SPECIAL_CHARACTERS_BODY } from './rules';
export { explainError } from './explain';
export { applyFix, applyPatch, formatDesignPath } from './patch';
export { parseFormBody, type FormParse } from './form';
export { KNOWLEDGE_CENTER, sourcesOf, type Source } from './sources';
