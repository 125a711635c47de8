import type { Command } from 'commander';
import { readJsonFile } from '../read-json';

export function register(program: Command): void {
  const design = program.command('design').description('Work with IntegrationDesign files (the JSON form of a design).');

  design
    .command('validate')
    .argument('<file>', 'design JSON file')
    .description('Check a design; prints every field error and exits 1 when the design is invalid.')
    .action(async (file: string) => {
      const { validateDesign } = await import('@/lib/design');
      const result = validateDesign(await readJsonFile(file));
      if (result.ok) {
        console.log(`${file}: valid (${result.design.protocol === 'json' ? 'AWS JSON' : 'AWS query'} protocol, queue ${result.design.queue.name})`);
        return;
      }
      console.error(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
      for (const e of result.errors) console.error(`  ${e.path}: ${e.message}`);
      process.exitCode = 1;
    });

  design
    .command('plan')
    .argument('<file>', 'design JSON file')
    .description('Print, as JSON, the AWS SDK calls that create the design, in order.')
    .action(async (file: string) => {
      const { deriveCreateCalls, validateDesign } = await import('@/lib/design');
      const result = validateDesign(await readJsonFile(file));
      if (!result.ok) {
        for (const e of result.errors) console.error(`${e.path}: ${e.message}`);
        process.exitCode = 1;
        return;
      }
      console.log(JSON.stringify(deriveCreateCalls(result.design), null, 2));
    });
}
