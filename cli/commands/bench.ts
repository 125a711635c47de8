import { readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { recordedFigures, startBench } from '../../bench/report';

/**
 * `sluice bench [names…]` runs bench/<name>.bench.ts files (all of them by default), one after another; `--json FILE`
 * writes every figure (value, unit, goal, met) so that a change can be compared with the last run.
 */
export function register(program: Command): void {
  program
    .command('bench')
    .argument('[names...]', 'benchmarks to run (file names in bench/ without .bench.ts); all when omitted')
    .option('--json <file>', 'also write every figure with its goal as JSON to this file')
    .description('Run the performance benchmarks and print each figure next to its goal.')
    .action(async (names: string[], options: { json?: string }) => {
      const dir = fileURLToPath(new URL('../../bench/', import.meta.url));
      const available = readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => f.slice(0, -'.bench.ts'.length))
        .sort();
      const unknown = names.filter((n) => !available.includes(n));
      if (unknown.length > 0) {
        console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      const startedAt = new Date();
      const failed: string[] = [];
      for (const name of names.length > 0 ? names : available) {
        console.log(`\n=== bench: ${name} ===`);
        startBench(name);
        const mod = (await import(new URL(`../../bench/${name}.bench.ts`, import.meta.url).href)) as { run?: () => Promise<void> };
        if (typeof mod.run !== 'function') throw new Error(`bench/${name}.bench.ts does not export run()`);
        // One bench that cannot run (e.g. the wizard bench without a production build) does not hide the others' figures.
        await mod.run().catch((err: unknown) => {
          failed.push(name);
          console.error(`bench ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
      const figures = recordedFigures();
      const missed = figures.filter((f) => f.met === false);
      console.log(`\n${figures.filter((f) => f.met === true).length} goals met, ${missed.length} missed${failed.length ? `, benches failed: ${failed.join(', ')}` : ''}`);
      if (options.json) {
        const report = { startedAt: startedAt.toISOString(), loadAverage: loadavg(), node: process.version, failed, figures };
        writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
        console.log(`figures written to ${options.json}`);
      }
      if (failed.length > 0) process.exitCode = 1;
    });
}
