import type { Command } from 'commander';
import { readConfig } from '../read-config';
import { printFinding } from './doctor';

/** `sluice import FILE [--json]`: the designs a config file describes, the doctor's findings and what was left out. */
export function register(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'serverless.yml, CloudFormation or SAM template, OpenAPI 3 / Swagger 2 document (YAML or JSON), or a design JSON')
    .option('--json', 'print {"designs": [...], "findings": [...], "unsupported": [...]} as JSON')
    .description('Read the API Gateway → SQS methods of an existing config as designs, with the doctor\'s findings at their lines; exits 1 when any finding is an error.')
    .action(async (file: string, options: { json?: boolean }) => {
      const result = await readConfig(file);
      if (!result) return;
      const findings = result.designs.flatMap((d, design) => d.findings.map((f) => ({ design, ...f })));
      if (options.json) {
        console.log(JSON.stringify({ designs: result.designs.map((d) => d.design), findings, unsupported: result.unsupported }, null, 2));
      } else {
        console.log(`${file}: ${result.format}, ${result.designs.length} SQS method${result.designs.length === 1 ? '' : 's'} found.`);
        result.designs.forEach((d, idx) => {
          console.log('');
          console.log(`[${idx + 1}] ${d.design.method.httpMethod} ${d.design.resourcePath} → ${d.design.queue.name || '(queue named by each request)'}  (line ${d.line}, ${d.design.protocol === 'json' ? 'AWS JSON' : 'AWS query'} protocol)`);
          for (const e of d.errors) console.log(`  invalid  ${file}:${e.line}  ${e.path}: ${e.message}`);
          for (const f of d.findings) await printFinding(f, `${file}:${f.line}`, '  ');
        });
        if (result.unsupported.length > 0) {
          console.log('');
          console.log('Not imported:');
          for (const u of result.unsupported) console.log(`  ${file}:${u.line}  ${u.message}`);
        }
      }
      if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    });
}
