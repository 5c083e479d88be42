import { Client } from 'pg';
import { dependencyFailure, isDatabaseUnavailable } from '../src/common/errors/dependency-errors';
import { createDataSource } from '../src/database/data-source';
import { freePort } from './support/service';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';

/** The classification of real PostgreSQL and driver errors, produced by the machine's PostgreSQL. */
describe('dependency error classification', () => {
  const caught = async (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => new Error('did not fail'),
      (e: unknown) => e,
    );

  beforeAll(async () => {
    await resetTestDatabase();
  });

  it('a refused connection is the database being unavailable', async () => {
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x` });
    const e = await caught(c.connect());
    expect(isDatabaseUnavailable(e)).toBe(true);
    expect(dependencyFailure(e)?.code).toBe('DATABASE_UNAVAILABLE');
  });

  it('a terminated session (57P01) through TypeORM is unavailable; a statement-level 55000 is not', async () => {
    const ds = createDataSource(TEST_DATABASE_URL, 1);
    await ds.initialize();
    try {
      await ds.query('CREATE TEMPORARY SEQUENCE never_used');
      const e55000 = await caught(ds.query(`SELECT currval('never_used')`));
      expect((e55000 as { code?: string }).code).toBe('55000');
      expect(isDatabaseUnavailable(e55000)).toBe(false);
      expect(dependencyFailure(e55000)).toBeUndefined();

      const [{ pid }] = await ds.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      const admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      const running = caught(ds.query('SELECT pg_sleep(5)'));
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      const terminated = await running;
      expect(isDatabaseUnavailable(terminated)).toBe(true);
    } finally {
      await ds.destroy();
    }
  });

  it('a database refusing connections (55000 at FATAL) is unavailable', async () => {
    const name = new URL(TEST_DATABASE_URL).pathname.slice(1);
    const admin = new URL(TEST_DATABASE_URL);
    admin.pathname = '/postgres';
    const a = new Client({ connectionString: admin.toString() });
    await a.connect();
    await a.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      const e = await caught(new Client({ connectionString: TEST_DATABASE_URL }).connect());
      expect(e).toMatchObject({ code: '55000', severity: 'FATAL' });
      expect(dependencyFailure(e)?.code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await a.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await a.end();
    }
  });

  it('a programming error is not a dependency failure', () => {
    expect(dependencyFailure(new TypeError('x is not a function'))).toBeUndefined();
    expect(dependencyFailure(Object.assign(new Error('no space'), { code: 'ENOSPC' }))?.code).toBe('STORAGE_FULL');
  });
});
