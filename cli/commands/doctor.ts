import type { Command } from 'commander';
import { CliError } from '../errors';
import { readJsonFile } from '../read-json';

const DESIGN_KEYS = ['queue', 'executionRole', 'protocol', 'method', 'integration'];

const MARK = { error: 'error  ', warning: 'warning', info: 'info   ' } as const;

/** `sluice doctor DESIGN.json [--request REQUEST.json] [--json]`: the documented mistakes a design makes; exit 1 on any error. */
export function register(program: Command): void {
  program
    .command('doctor')
    .argument('<design>', 'design JSON file (may fail validation: the doctor explains what is wrong)')
    .option('--request <file>', 'sample request JSON: {method?, path?, query?, headers?, body?}; default: the AWS Knowledge Center article\'s test request for the protocol')
    .option('--json', 'print the findings as JSON')
    .description('Check a design for the mistakes documented in the AWS Knowledge Center article on API Gateway and SQS errors, and those of a widely copied serverless.yml example; exits 1 when any finding is an error.')
    .action(async (file: string, options: { request?: string; json?: boolean }) => {
      const [{ diagnose }, { sampleRequestSchema }, { STEP_INFO, stepForField }] = await Promise.all([import('@/lib/doctor'), import('@/lib/gateway'), import('@/lib/design/wizard-steps')]);
      const raw = await readJsonFile(file);
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new CliError(`${file} is not a design: expected a JSON object.`);
      }
      if (!DESIGN_KEYS.some((k) => k in raw)) {
        throw new CliError(`${file} is not a design: it has none of a design's fields (${DESIGN_KEYS.join(', ')}). Export one from the console or start from examples/.`);
      }
      let sample;
      if (options.request) {
        const parsed = sampleRequestSchema.safeParse(await readJsonFile(options.request));
        if (!parsed.success) {
          throw new CliError(`${options.request} is not a request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`);
        }
        sample = parsed.data;
      }
      // The doctor analyses designs that fail validation too (the serverless.yml example's mappings), so the shape is not enforced here.
      const findings = diagnose(raw as Parameters<typeof diagnose>[0], sample);
      if (options.json) {
        console.log(JSON.stringify(findings, null, 2));
      } else if (findings.length === 0) {
        console.log(`${file}: no documented mistake found.`);
      } else {
        for (const f of findings) {
          console.log(`${MARK[f.severity]} ${f.title}`);
          console.log(`  ${f.explanation}`);
          console.log(`  In the wizard: the ${STEP_INFO[stepForField(f.field)].title} step.`);
          for (const src of f.sources) console.log(`  Source: ${src.title}${src.url ? ` (${src.url})` : ''}`);
          if (f.evidence) console.log(`  Evidence: ${f.evidence}`);
          if (f.fix) console.log(`  Fix: ${f.fix.description}`);
          console.log('');
        }
        const errors = findings.filter((f) => f.severity === 'error').length;
        console.log(`${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} other finding${findings.length - errors === 1 ? '' : 's'}.`);
      }
      if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    });
}
