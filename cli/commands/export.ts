import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { readConfig } from '../read-config';

const FORMATS = ['cloudformation', 'sam', 'serverless', 'terraform', 'cdk', 'openapi', 'aws-cli'] as const;

/** `sluice export DESIGN.json… --format F [--out FILE]`: infrastructure as code for one design or several that share a REST API. */
export function register(program: Command): void {
  program
    .command('export')
    .argument('<files...>', 'design JSON files (or any file `sluice import` reads); designs naming the same REST API share it')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'write to this file instead of standard output')
    .description('Export designs as CloudFormation, SAM, serverless.yml, Terraform, CDK (TypeScript), OpenAPI 3 or an AWS CLI script.')
    .action(async (files: string[], options: { format: (typeof FORMATS)[number]; out?: string }) => {
      const [{ exportDesigns }, { validateDesign }] = await Promise.all([import('@/lib/iac'), import('@/lib/design')]);
      const designs = [];
      for (const file of files) {
        const result = await readConfig(file);
        if (!result) return;
        for (const d of result.designs) {
          const valid = validateDesign(d.design);
          if (!valid.ok) {
            console.error(`${file}: "${d.design.name}" is not a valid design, so it cannot be exported:`);
            for (const e of valid.errors) console.error(`  ${file}:${d.line}  ${e.path}: ${e.message}`);
            console.error('Fix it first (sluice doctor shows how).');
            process.exitCode = 1;
            return;
          }
          designs.push(valid.design);
        }
      }
      if (designs.length === 0) {
        console.error(`${files.join(', ')}: no SQS integration to export.`);
        process.exitCode = 1;
        return;
      }
      let exported;
      try {
        exported = exportDesigns(designs, options.format);
      } catch (err) {
        console.error((err as Error).message);
        process.exitCode = 1;
        return;
      }
      if (options.out) {
        await writeFile(options.out, exported.text, options.format === 'aws-cli' ? { mode: 0o755 } : {});
        console.error(`Wrote ${options.out} (${exported.format}, ${designs.length} design${designs.length === 1 ? '' : 's'}).`);
      } else process.stdout.write(exported.text);
    });
}
