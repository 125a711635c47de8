import { z } from 'zod';
import { renderTemplate, type VtlRequest } from './index';

const stringMap = z.record(z.string(), z.string()).optional().default({});

export const vtlRequestSchema = z.object({
  body: z.string().optional().default(''),
  path: stringMap,
  querystring: stringMap,
  headers: stringMap,
  context: z.record(z.string(), z.unknown()).optional().default({}),
  stageVariables: stringMap,
});

export const conformanceCaseSchema = z.object({
  name: z.string(),
  template: z.string(),
  request: vtlRequestSchema.optional().default({ body: '', path: {}, querystring: {}, headers: {}, context: {}, stageVariables: {} }),
  expected: z.string().optional(),
  expectedError: z.boolean().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

export type ConformanceCase = z.infer<typeof conformanceCaseSchema>;

export type CaseOutcome = { name: string; passed: boolean; detail: string };

/** Makes whitespace visible: `·` space, `→` tab, `↵` LF, `␍` CR, other control characters as `⟨U+XXXX⟩`. */
export function visibleWhitespace(s: string): string {
  return s
    .replace(/ /g, '·')
    .replace(/\t/g, '→')
    .replace(/\r/g, '␍')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
    .replace(/\n/g, '↵\n');
}

function diff(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  return [
    `  first difference at offset ${i}`,
    '  expected:',
    ...visibleWhitespace(expected).split('\n').map((l) => `    ${l}`),
    '  actual:',
    ...visibleWhitespace(actual).split('\n').map((l) => `    ${l}`),
  ].join('\n');
}

/** Renders one corpus case and compares it with its expectation (`expectedError` passes when rendering fails). */
export function checkCase(c: ConformanceCase): CaseOutcome {
  const request: VtlRequest = c.request;
  const r = renderTemplate(c.template, request);
  if (c.expectedError) {
    return r.ok
      ? { name: c.name, passed: false, detail: `  expected a template error, got output:\n    ${visibleWhitespace(r.output)}` }
      : { name: c.name, passed: true, detail: '' };
  }
  if (!r.ok) {
    return { name: c.name, passed: false, detail: `  ${r.error.kind} error at ${r.error.line}:${r.error.column}: ${r.error.message}` };
  }
  const expected = c.expected ?? '';
  return r.output === expected ? { name: c.name, passed: true, detail: '' } : { name: c.name, passed: false, detail: diff(expected, r.output) };
}

/** Runs a JSONL corpus (format of shared/vtl-conformance). Invalid lines count as failures. */
export function runConformance(jsonl: string): CaseOutcome[] {
  const outcomes: CaseOutcome[] = [];
  jsonl.split(/\r?\n/).forEach((line, idx) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      outcomes.push({ name: `line ${idx + 1}`, passed: false, detail: '  not valid JSON' });
      return;
    }
    const parsed = conformanceCaseSchema.safeParse(raw);
    if (!parsed.success) {
      outcomes.push({ name: `line ${idx + 1}`, passed: false, detail: `  invalid case: ${parsed.error.message}` });
      return;
    }
    outcomes.push(checkCase(parsed.data));
  });
  return outcomes;
}
