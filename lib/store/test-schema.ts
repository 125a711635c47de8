import { randomBytes } from 'node:crypto';
import pg from 'pg';

// No `server-only` here: the browser tests' setup (e2e/team/cluster.ts) uses this outside Next and Vitest too.
/** A PostgreSQL URL whose connections use a fresh schema, and the function that drops it. */
export async function freshPostgresSchema(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

