import type { Command } from 'commander';

/** Migrates the console's database (PostgreSQL at DATABASE_URL, or {data dir}/console.db) and says what it did. */
export async function migrateConsoleDatabase(dataDir?: string): Promise<{ location: string; applied: string[] }> {
  const [{ openPostgres, openSqlite }, { migrate }, { getEnv }, path] = await Promise.all([import('@/lib/store/sql'), import('@/lib/store/schema'), import('@/lib/env'), import('node:path')]);
  const env = getEnv();
  const db = env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openSqlite(path.resolve(dataDir ?? env.SLUICE_DATA_DIR, 'console.db'));
  try {
    return { location: db.location, applied: await migrate(db) };
  } finally {
    await db.close();
  }
}

/** `sluice db migrate`: what the console also does when it starts, for deployments that migrate as a separate step. */
export function register(program: Command): void {
  const db = program.command('db').description("The console's database (PostgreSQL when DATABASE_URL is set, else SQLite in the data directory).");
  db.command('migrate')
    .description('Create or update the console database schema; safe to run while consoles are running.')
    .option('--data-dir <dir>', 'data directory of the SQLite database (ignored with DATABASE_URL)', process.env.SLUICE_DATA_DIR ?? '.sluice')
    .action(async (opts: { dataDir: string }) => {
      const { location, applied } = await migrateConsoleDatabase(opts.dataDir);
      if (applied.length === 0) console.log(`${location}: the schema is up to date.`);
      else for (const m of applied) console.log(`${location}: applied migration ${m}`);
    });
}
