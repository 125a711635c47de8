import { type Command } from 'commander';
import { CliError } from '../errors';

/** `sluice vtl render|conformance`: render API Gateway mapping templates and check them against a corpus. */
export function register(program: Command): void {
  const vtl = program.command('vtl').description('Render API Gateway mapping templates (VTL) exactly like AWS');

  vtl
    .command('render')
    .description('Render a mapping template against a request file')
    .argument('<template>', 'template file')
    .option('--request <file>', 'request JSON: {body, path, querystring, headers, context, stageVariables}')
    .action(async (templateFile: string, opts: { request?: string }) => {
      const { readFileSync } = await import('node:fs');
      const { renderTemplate } = await import('@/lib/vtl');
      const { vtlRequestSchema } = await import('@/lib/vtl/conformance');
      const template = readFileSync(templateFile, 'utf8');
      let raw: unknown = {};
      if (opts.request) {
        try {
          raw = JSON.parse(readFileSync(opts.request, 'utf8'));
        } catch (e) {
          throw new CliError(`Cannot read request file ${opts.request}: ${(e as Error).message}`);
        }
      }
      const parsed = vtlRequestSchema.safeParse(raw);
      if (!parsed.success) {
        throw new CliError(`${opts.request ?? 'The request'} is not a request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`);
      }
      const result = renderTemplate(template, parsed.data);
      if (!result.ok) {
        const { line, column, kind, message } = result.error;
        console.error(`${templateFile}:${line}:${column}: ${kind} error: ${message}`);
        process.exit(1);
      }
      process.stdout.write(result.output);
    });

  vtl
    .command('conformance')
    .description('Run a conformance corpus (JSONL, format of shared/vtl-conformance) and report failures')
    .argument('<file>', 'JSONL corpus')
    .action(async (file: string) => {
      const { readFileSync } = await import('node:fs');
      const { runConformance } = await import('@/lib/vtl/conformance');
      const outcomes = runConformance(readFileSync(file, 'utf8'));
      let failed = 0;
      for (const o of outcomes) {
        if (o.passed) continue;
        failed++;
        console.log(`FAIL ${o.name}\n${o.detail}\n`);
      }
      console.log(`${outcomes.length - failed} passed, ${failed} failed`);
      if (failed > 0) process.exitCode = 1;
    });
}
