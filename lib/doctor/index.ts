/**
 * The design doctor: which documented mistake (seed 002's errors, seed 000's mappings) a design makes and a
 * one-click fix for each, plus the explanation of an error response seen at runtime. Pure and browser-safe.
 */
export * from './types';
export { diagnose, jsonProtocolTemplate, SPECIAL_CHARACTERS_BODY } from './rules';
export { explainError } from './explain';
export { applyFix, applyPatch, formatDesignPath } from './patch';
export { parseFormBody, type FormParse } from './form';
