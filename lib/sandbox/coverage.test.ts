import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_END, COVERAGE_START, coverageTable, withCoverage } from './coverage';
import { defaultServices } from './server';

describe("README's sandbox coverage table", () => {
  it('is what the route tables say (run `node bin/sluice.mjs sandbox coverage` after changing a table)', () => {
    const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    expect(withCoverage(readme, coverageTable(defaultServices))).toBe(readme);
  });

  it('lists every API Gateway operation with its IAM action, unsupported ones as such', () => {
    const table = coverageTable(defaultServices);
    expect(table).toContain('| apigateway | PutIntegration | `apigateway:PUT` | yes |');
    expect(table).toContain('| apigateway | GetExport | `apigateway:GET` | yes |');
    expect(table).toMatch(/\| apigateway \| ImportApiKeys \| `apigateway:POST` \| no \|/);
    expect(withCoverage(`a\n${COVERAGE_START}\nold\n${COVERAGE_END}\nb`, 'new')).toBe(`a\n${COVERAGE_START}\n\nnew\n\n${COVERAGE_END}\nb`);
  });
});
