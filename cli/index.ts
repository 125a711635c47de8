import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

/** A CLI command module: `cli/commands/<name>.ts` exports `register`, which adds its commands to the program. */
export type CommandModule = { register: (program: Command) => void };

/**
 * Builds the `sluice` program from every module in cli/commands. Modules import their heavy dependencies lazily
 * inside action handlers, so `sluice --help` stays fast.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command('sluice')
    .description('Design, deploy and test API Gateway → SQS integrations; run the local AWS sandbox.')
    .showHelpAfterError()
    .exitOverride();
  const dir = fileURLToPath(new URL('./commands/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err && typeof err === 'object' && 'exitCode' in err && typeof err.exitCode === 'number') {
      process.exit(err.exitCode);
    }
    // Problems the user must fix (a damaged database file…) are told in words, not as a stack trace.
    if (err instanceof Error && 'userFacing' in err && err.userFacing === true) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
