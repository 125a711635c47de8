import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CLI_ERROR_EXIT, CliError } from './errors';

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

/** Runs the CLI. Every failure ends as one message on stderr and exit code 2 (help and --version exit 0). */
export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its own message (and the help) already.
      process.exit(err.exitCode === 0 ? 0 : CLI_ERROR_EXIT);
    }
    // Problems the user must fix in their files (a damaged database…) are told in words, exit 1.
    if (err instanceof Error && 'userFacing' in err && err.userFacing === true) {
      console.error(err.message);
      process.exit(1);
    }
    const message = err instanceof Error ? err.message : String(err);
    console.error(`sluice: ${message}`);
    if (process.env.SLUICE_DEBUG && err instanceof Error && !(err instanceof CliError)) console.error(err.stack);
    process.exit(CLI_ERROR_EXIT);
  }
}
