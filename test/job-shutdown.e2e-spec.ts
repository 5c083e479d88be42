import { Client } from 'pg';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { TEST_DATABASE_URL } from './support/database';
import { settle, upload } from './support/upload';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Shutdown waits for the job attempts under way: pg-boss stops waiting after
 * SHUTDOWN_TIMEOUT, but an attempt still running must finish while the
 * database is open, not run on after the app has closed.
 */
describe('jobs: shutdown with an attempt under way', () => {
  let t: TestApp | undefined;
  const db = new Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(() => db.connect());
  afterAll(async () => {
    await db.end();
    await t?.close();
  });

  it('closes only once the attempt has ended, and the attempt is not left active', async () => {
    const app = await startTestApp({ SHUTDOWN_TIMEOUT: '1s' });
    t = app;
    await app.tenant('acme');
    const key = (await app.apiKey('acme', 'ingest')).key;
    const call = makeCall({ externalCallId: 'shutdown-1' });
    const first = (await upload(app, key, call.metadata, call.wav).expect(202)).body.id as string;
    await settle(app, key, first, ['available'], 30_000);

    // Hold every new lease back: the next attempt starts and then waits on the database.
    await db.query('BEGIN');
    await db.query('LOCK TABLE job_leases IN SHARE ROW EXCLUSIVE MODE');
    const second = makeCall({ externalCallId: 'shutdown-2' });
    const id = (await upload(app, key, second.metadata, second.wav).expect(202)).body.id as string;
    const jobState = async () =>
      (
        await db.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE data->>'recordingId' = $1`, [id])
      ).rows.map((r) => r.state);
    for (let i = 0; i < 100 && !(await jobState()).includes('active'); i++) await sleep(100);
    expect(await jobState()).toEqual(['active']);

    let closed = false;
    t = undefined;
    const closing = app.close().then(() => (closed = true));
    await sleep(2500);
    expect(closed).toBe(false);
    await db.query('ROLLBACK');
    await closing;
    expect(await jobState()).not.toContain('active');
  }, 60_000);
});
