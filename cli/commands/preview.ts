import type { Command } from 'commander';
import { CliError } from '../errors';
import { readJsonFile } from '../read-json';

/** `sluice preview DESIGN.json [--request REQUEST.json]`: what API Gateway would send to SQS, as JSON. */
export function register(program: Command): void {
  program
    .command('preview')
    .argument('<design>', 'design JSON file')
    .option('--request <file>', 'sample request JSON: {method?, path?, query?, headers?, body?}; default: the protocol\'s test request from the AWS Knowledge Center article')
    .description('Print the integration request (method, url, headers, body) API Gateway sends to SQS for a sample request, or the error it answers with.')
    .action(async (file: string, options: { request?: string }) => {
      const [{ integrationDesignSchema }, gateway] = await Promise.all([import('@/lib/design'), import('@/lib/gateway')]);
      const design = integrationDesignSchema.safeParse(await readJsonFile(file));
      if (!design.success) {
        throw new CliError(`${file} is not a design: ${design.error.issues.map((i) => `${i.path.join('.') || '(design)'}: ${i.message}`).join('; ')}`);
      }
      // The same default request the doctor and the wizard use: the protocol's own (JSON protocol: its headers and body).
      let sample = gateway.defaultSampleRequest(design.data);
      if (options.request) {
        const parsed = gateway.sampleRequestSchema.safeParse(await readJsonFile(options.request));
        if (!parsed.success) {
          throw new CliError(`${options.request} is not a request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`);
        }
        sample = parsed.data;
      }
      const result = gateway.previewDesign(design.data, sample);
      if (result.kind === 'integration-request') {
        const { method, url, headers, body } = result.request;
        console.log(JSON.stringify({ method, url, headers, body }, null, 2));
        // A request SQS would refuse is not a success: say why, as `sluice doctor` would, and exit 1.
        const { diagnose } = await import('@/lib/doctor');
        const errors = diagnose(design.data, sample).filter((f) => f.severity === 'error');
        for (const f of errors) console.error(`error: ${f.title} (${f.field})`);
        if (errors.length > 0) process.exitCode = 1;
        return;
      }
      console.log(JSON.stringify({ error: { status: result.status, headers: result.headers, body: result.body, ...(result.error ? { detail: result.error } : {}) } }, null, 2));
      process.exitCode = 1;
    });
}
