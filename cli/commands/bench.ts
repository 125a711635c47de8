import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

/** `sluice bench [names…]` runs bench/<name>.bench.ts files (all of them by default), one after another. */
export function register(program: Command): void {
  program
    .command('bench')
    .argument('[names...]', 'benchmarks to run (file names in bench/ without .bench.ts); all when omitted')
    .description('Run the performance benchmarks and print their figures.')
    .action(async (names: string[]) => {
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
      for (const name of names.length > 0 ? names : available) {
        console.log(`\n=== bench: ${name} ===`);
        const mod = (await import(new URL(`../../bench/${name}.bench.ts`, import.meta.url).href)) as { run?: () => Promise<void> };
        if (typeof mod.run !== 'function') throw new Error(`bench/${name}.bench.ts does not export run()`);
        await mod.run();
      }
    });
}
