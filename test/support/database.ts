import { Client } from 'pg';

/**
 * The real PostgreSQL the machine runs. Suites share one database and reset
 * its schema; the name must say `test` (or `bench`, for benchmarks) so a mistyped URL cannot wipe real data.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_test';

export async function resetTestDatabase(url = TEST_DATABASE_URL): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/test|bench/i.test(name))
    throw new Error(`refusing to reset database "${name}": its name must contain "test" or "bench"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('DROP SCHEMA IF EXISTS public CASCADE');
    await db.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    await db.query('CREATE SCHEMA public');
  } finally {
    await db.end();
  }
}
