import type { Command } from 'commander';
import type { Finding } from '@/lib/doctor';
import type { SampleRequest } from '@/lib/gateway';
import { CliError } from '../errors';
import { readJsonFile } from '../read-json';
import { readConfig } from '../read-config';

const MARK = { error: 'error  ', warning: 'warning', info: 'info   ' } as const;

/** One finding in plain words: where it is (file and line), the wizard step that fixes it, its public sources. */
export async function printFinding(f: Finding, where: string, indent = ''): Promise<void> {
  const { STEP_INFO, stepForField } = await import('@/lib/design/wizard-steps');
  console.log(`${indent}${MARK[f.severity]} ${f.title}  (${where})`);
  console.log(`${indent}  ${f.explanation}`);
  console.log(`${indent}  In the wizard: the ${STEP_INFO[stepForField(f.field)].title} step.`);
  for (const src of f.sources ?? []) console.log(`${indent}  Source: ${src.title}${src.url ? ` (${src.url})` : ''}`);
  if (f.evidence) console.log(`${indent}  Evidence: ${f.evidence}`);
  if (f.fix) console.log(`${indent}  Fix: ${f.fix.description}`);
  console.log('');
}

/**
 * `sluice doctor FILE [--request REQUEST.json] [--json]`: the documented mistakes of a design JSON or of every SQS
 * method in a serverless.yml, CloudFormation/SAM template or OpenAPI document; exit 1 on any error finding.
 */
export function register(program: Command): void {
  program
    .command('doctor')
    .argument('<file>', 'design JSON (may fail validation: the doctor explains what is wrong), serverless.yml, CloudFormation/SAM template or OpenAPI document')
    .option('--request <file>', 'sample request JSON: {method?, path?, query?, headers?, body?}; default: the AWS Knowledge Center test request for the protocol')
    .option('--json', 'print the findings as JSON (each with the line of the file it points at)')
    .description('Check designs for the mistakes documented in the AWS Knowledge Center and the serverless.yml example; exits 1 when any finding is an error.')
    .action(async (file: string, options: { request?: string; json?: boolean }) => {
      const [{ diagnose }, { sampleRequestSchema }] = await Promise.all([import('@/lib/doctor'), import('@/lib/gateway')]);
      const result = await readConfig(file);
      if (!result) return;
      let sample: SampleRequest | undefined;
      if (options.request) {
        const parsed = sampleRequestSchema.safeParse(await readJsonFile(options.request));
        if (!parsed.success) throw new CliError(`${options.request} is not a request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`);
        sample = parsed.data;
      }
      const isDesign = result.format === 'design';
      // With a sample request the findings are recomputed for it; lines stay those the import found per field.
      const findings = result.designs.flatMap((d) => {
        const list = sample ? diagnose(d.design, sample).map((f) => ({ ...f, line: d.findings.find((x) => x.field === f.field)?.line ?? d.line })) : d.findings;
        return list.map((f) => (isDesign ? f : { design: d.design.name, ...f }));
      });
      if (options.json) {
        console.log(JSON.stringify(findings, null, 2));
      } else if (findings.length === 0) {
        console.log(`${file}: no documented mistake found${isDesign ? '' : ` in ${result.designs.length} SQS method${result.designs.length === 1 ? '' : 's'}`}.`);
      } else {
        for (const f of findings) await printFinding(f, `${file}:${f.line}`);
        const errors = findings.filter((f) => f.severity === 'error').length;
        console.log(`${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} other finding${findings.length - errors === 1 ? '' : 's'}.`);
      }
      if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    });
}
