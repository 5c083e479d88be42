import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource } from '../src/database/data-source';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { issueDevToken, loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { makeCall, wavBytes } from './fixtures/call';
import { DIST, requireBuild, stop } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';

/**
 * Kill the service with SIGKILL in the middle of processing, start it again:
 * the recording ends exactly as if nothing had happened (one redacted object,
 * no duplicate spans, no quarantine copy left, a valid audit chain).
 */
describe('crash recovery', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-crash-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: TEST_DATABASE_URL,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info', // start() waits for the 'listening on' line
    // Default job settings (lease, heartbeat, poll interval, timeout): recovery must not need tuning.
  };
  let service: ChildProcess | undefined;

  async function start(extra: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
    const child = spawn(process.execPath, [path.join(DIST, 'main.js')], {
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening on')) resolve();
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${out.slice(-2000)}`)));
    });
    return child;
  }

  beforeAll(async () => {
    requireBuild();
    await resetTestDatabase();
  });
  afterAll(async () => {
    if (service) await stop(service);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after SIGKILL during a long job, within 2 minutes on default settings, and reaches the same final state', async () => {
    // The killed process's redaction would take over a minute (the test-only delay): far longer than the lease.
    service = await start({ REDACTION_TEST_DELAY: '90s' });
    const ds = createDataSource(TEST_DATABASE_URL, 2);
    await ds.initialize();
    try {
      const tenant = await TenantService.open(ds).create('acme');
      const { key } = await ApiKeyService.open(ds).create(tenant.id, 'ingest');
      const qa = await issueDevToken(
        await loadDevIssuerKey(dataDir),
        {
          subject: 'qa@acme',
          audience: 'call-recording-vault',
          role: 'qa',
          tenant: 'acme',
          roleClaim: 'vault_role',
          tenantClaim: 'vault_tenant',
        },
        600,
      );
      // Twenty minutes of the generated call, so processing lasts long enough to be interrupted.
      const call = makeCall({ externalCallId: 'crash-1' });
      const tiled = new Int16Array(call.samples.length * 100);
      for (let i = 0; i < 100; i++) tiled.set(call.samples, i * call.samples.length);
      const form = new FormData();
      form.append('metadata', JSON.stringify(call.metadata));
      form.append('audio', new Blob([wavBytes(tiled, 8000)]), 'call.wav');
      const res = await fetch(`${base}/v1/recordings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}` },
        body: form,
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };

      const status = async () =>
        (await ds.query('SELECT status FROM recordings WHERE id = $1', [id]))[0].status as string;
      // Kill while the redaction job itself is running, not merely queued.
      const redactActive = async () =>
        (
          await ds.query(
            `SELECT 1 FROM pgboss.job WHERE name = 'recording.redact' AND state = 'active' AND data->>'recordingId' = $1`,
            [id],
          )
        ).length > 0;
      const until = Date.now() + 30_000;
      while (!(await redactActive()) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      expect(await redactActive()).toBe(true);
      expect(await status()).toBe('processing');
      service.kill('SIGKILL');
      const killedAt = Date.now();
      await new Promise((r) => service!.once('exit', r));

      service = await start();
      const deadline = killedAt + 120_000;
      while ((await status()) === 'processing' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await status()).toBe('available');
      expect(Date.now() - killedAt).toBeLessThan(120_000);
      // Finalize runs right after; give it a moment.
      for (let i = 0; i < 40; i++) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM data_keys WHERE recording_id = $1`, [id]);
        if (n === 3) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const keys = await ds.query(
        `SELECT object_kind FROM data_keys WHERE recording_id = $1 OR recording_id IS NULL ORDER BY object_kind`,
        [id],
      );
      // The redacted audio, its waveform and the redacted transcript stay; the quarantine copy and the uploaded transcript are gone.
      expect(keys).toEqual([
        { object_kind: 'peaks' },
        { object_kind: 'recording' },
        { object_kind: 'redacted-transcript' },
      ]);
      const [rec] = await ds.query(`SELECT redaction_report, quarantine_key FROM recordings WHERE id = $1`, [id]);
      expect(rec.quarantine_key).toBeNull();
      const [{ spans }] = await ds.query(`SELECT count(*)::int AS spans FROM redaction_spans WHERE recording_id = $1`, [
        id,
      ]);
      expect(spans).toBe(rec.redaction_report.spans.length);
      const audio = await fetch(`${base}/v1/recordings/${id}/audio`, {
        headers: { Authorization: `Bearer ${qa}`, Range: 'bytes=0-1023' },
      });
      expect(audio.status).toBe(206);
      const auditor = await issueDevToken(
        await loadDevIssuerKey(dataDir),
        {
          subject: 'aud@acme',
          audience: 'call-recording-vault',
          role: 'auditor',
          tenant: 'acme',
          roleClaim: 'vault_role',
          tenantClaim: 'vault_tenant',
        },
        600,
      );
      const verify = await fetch(`${base}/v1/audit/verify`, { headers: { Authorization: `Bearer ${auditor}` } });
      expect(((await verify.json()) as { valid: boolean }).valid).toBe(true);
    } finally {
      await ds.destroy();
    }
  }, 240_000);
});
