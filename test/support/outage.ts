import { Client } from 'pg';

/**
 * A database outage on a test database, as an operator would cause one: the
 * database stops accepting connections and every open session is terminated
 * (the service sees 57P01, then 55000 FATAL on reconnect, until it is lifted).
 */
export async function databaseOutage(url: string): Promise<{ end(): Promise<void> }> {
  const name = new URL(url).pathname.slice(1);
  if (!/test|bench/i.test(name)) throw new Error(`refusing to take "${name}" down: not a test database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
  await c.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  return {
    async end() {
      await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await c.end();
    },
  };
}
