import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource } from '../src/database/data-source';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { makeCall } from './fixtures/call';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { databaseOutage } from './support/outage';
import { startService, type ServiceProcess } from './support/service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The database refuses connections while uploads are arriving and jobs are
 * running: every request answers 503 DATABASE_UNAVAILABLE with Retry-After
 * (never a 500), the process keeps running, and everything accepted before
 * the outage finishes after it.
 */
describe('database outage', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-outage-'));
  let svc: ServiceProcess | undefined;

  beforeAll(async () => {
    await resetTestDatabase();
  });
  afterAll(async () => {
    if (svc) await svc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 during the outage, does not exit, and finishes every accepted upload after it', async () => {
    svc = await startService({
      DATABASE_URL: TEST_DATABASE_URL,
      DATA_DIR: dataDir,
      WORKER_POLL_INTERVAL: '500ms',
      JOB_LEASE: '6s',
      JOB_HEARTBEAT: '1s',
    });
    const ds = createDataSource(TEST_DATABASE_URL, 2);
    await ds.initialize();
    const tenant = await TenantService.open(ds).create('acme');
    const { key } = await ApiKeyService.open(ds).create(tenant.id, 'ingest');
    await ds.destroy();
    const auth = { Authorization: `Bearer ${key}` };
    const post = (n: number) => {
      const call = makeCall({ externalCallId: `outage-${n}` });
      const form = new FormData();
      form.append('metadata', JSON.stringify(call.metadata));
      form.append('audio', new Blob([call.wav]), 'call.wav');
      return fetch(`${svc!.base}/v1/recordings`, { method: 'POST', headers: auth, body: form });
    };

    // Accepted before the outage: their jobs are queued or running when it starts.
    const before = await Promise.all([0, 1, 2, 3].map(post));
    expect(before.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const ids = await Promise.all(before.map(async (r) => ((await r.json()) as { id: string }).id));

    const outage = await databaseOutage(TEST_DATABASE_URL);
    const answers: { status: number; code?: string; retryAfter: string | null }[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        const results = await Promise.all([
          post(100 + round),
          fetch(`${svc.base}/v1/recordings/${ids[0]}`, { headers: auth }),
          fetch(`${svc.base}/v1/recordings`, { headers: auth }),
        ]);
        for (const r of results) {
          const body = (await r.json()) as { code?: string };
          answers.push({ status: r.status, code: body.code, retryAfter: r.headers.get('retry-after') });
        }
        await sleep(500);
      }
      const ready = await fetch(`${svc.base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBeTruthy();
      expect(((await ready.json()) as { errors: Record<string, string> }).errors).toMatchObject({
        database: 'DATABASE_UNAVAILABLE',
      });
      // Jobs that end while the database is away must not take the process down.
      await sleep(3000);
    } finally {
      await outage.end();
    }
    expect(answers.length).toBe(12);
    for (const a of answers) expect(a).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '5' });
    expect(svc.exit()).toBeUndefined();

    // Back: every upload accepted before the outage ends available, with its audio readable — within a few
    // lease periods (JOB_LEASE 6 s here), including a job the queue handed out just as the database went away
    // (marked active, never leased: recovered once it is a lease period old, not after JOB_TIMEOUT).
    const deadline = Date.now() + 90_000;
    const statuses = new Map<string, string>();
    while (Date.now() < deadline && [...statuses.values()].filter((s) => s === 'available').length < ids.length) {
      for (const id of ids) {
        const r = await fetch(`${svc.base}/v1/recordings/${id}`, { headers: auth });
        if (r.ok) statuses.set(id, ((await r.json()) as { status: string }).status);
      }
      await sleep(500);
    }
    expect(ids.map((id) => statuses.get(id))).toEqual(ids.map(() => 'available'));
    const again = await post(200);
    expect(again.status).toBe(202);
    expect(svc.exit()).toBeUndefined();
    expect(svc.output().out).not.toContain('unrecoverable');
  }, 240_000);
});
