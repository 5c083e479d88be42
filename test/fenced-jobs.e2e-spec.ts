import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMBEDDED_S3_CREDENTIALS } from '../src/embedded/s3.server';
import { createDataSource } from '../src/database/data-source';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { issueDevToken, loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { PipelineSupport } from '../src/modules/ingest/pipeline/pipeline.support';
import { JobLeases, LeaseHeldError, LeaseLostError } from '../src/modules/jobs/job-lease.service';
import { JobService } from '../src/modules/jobs/job.service';
import { JobWakeup } from '../src/modules/jobs/job.wakeup';
import { Metrics } from '../src/modules/metrics/metrics';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { DIST, firstLine, stop } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { startService, type ServiceProcess } from './support/service';
import { spawnKms, spawnS3, type StandIn } from './support/stand-ins';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fenced job attempts', () => {
  describe('the fence', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ WORKER_ENABLED: 'false', JOB_LEASE: '2s', JOB_HEARTBEAT: '500ms' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('an attempt whose lease was recovered cannot commit, and recovery waits for a commit in progress', async () => {
      const jobs = t.app.get(JobService);
      const leases = t.app.get(JobLeases);
      const pipeline = t.app.get(PipelineSupport);
      const ds = t.runtime.dataSource;
      const jobId = randomUUID();
      const recovered: string[] = [];
      const steps: string[] = [];
      await jobs.runAttempt({ id: jobId, name: 'recording.redact', data: { recordingId: jobId } }, async () => {
        await ds.query(`UPDATE job_leases SET expires_at = now() - interval '1 second' WHERE job_id = $1`, [jobId]);
        // A commit in progress holds the lease row: recovery skips it until the commit is done.
        const commit = pipeline.fenced(async (m) => {
          await m.query('SELECT pg_sleep(0.5)');
          steps.push('committed');
        });
        await sleep(100);
        expect(await leases.recoverExpired((l) => Promise.resolve(void recovered.push(l.jobId)))).toBe(0);
        await commit;
        expect(await leases.recoverExpired((l) => Promise.resolve(void recovered.push(l.jobId)))).toBe(1);
        steps.push('recovered');
        // From now on this attempt is superseded: no step of it may commit.
        await expect(pipeline.fenced(() => Promise.resolve(steps.push('late commit')))).rejects.toBeInstanceOf(
          LeaseLostError,
        );
      });
      expect(steps).toEqual(['committed', 'recovered']);
      expect(recovered).toEqual([jobId]);
      expect(await ds.query('SELECT * FROM job_leases')).toEqual([]);
    });

    it('recovers a job the queue marked active that no attempt leased, and never leases a job no longer active', async () => {
      const jobs = t.app.get(JobService);
      const leases = t.app.get(JobLeases);
      const ds = t.runtime.dataSource;
      const queued = async () => {
        const id = await jobs.send('recording.redact', { recordingId: randomUUID() });
        // As a fetch whose answer was lost in a database outage leaves it: active, and nobody's.
        await ds.query(
          `UPDATE pgboss.job SET state = 'active', started_on = now() - interval '10 minutes' WHERE id = $1`,
          [id],
        );
        return id!;
      };
      const orphan = await queued();
      const leased = await queued();
      const recovered: string[] = [];
      const recover = (l: { jobId: string }) => Promise.resolve(void recovered.push(l.jobId));
      await jobs.runAttempt({ id: leased, name: 'recording.redact', data: {} }, async () => {
        expect(await leases.recoverUnleased(recover, ['recording.redact'])).toBe(1);
      });
      // The leased one is its attempt's; a fresh job (started just now) is still within its lease period.
      expect(recovered).toEqual([orphan]);
      // Recovery cancels the job it re-queues: a worker leasing it late must not run it as well.
      await ds.query(`UPDATE pgboss.job SET state = 'cancelled' WHERE id = $1`, [orphan]);
      await expect(
        jobs.runAttempt({ id: orphan, name: 'recording.redact', data: {} }, () => Promise.resolve()),
      ).rejects.toBeInstanceOf(LeaseHeldError);
      expect(await ds.query('SELECT job_id FROM job_leases')).toEqual([]);
    });

    it('brings queue options up to date at every start (createQueue alone keeps the first start’s)', async () => {
      const ds = t.runtime.dataSource;
      await ds.query(`UPDATE pgboss.queue SET expire_seconds = 10 WHERE name = 'recording.redact'`);
      const again = new JobService(
        t.runtime.services,
        t.config,
        t.app.get(JobWakeup),
        t.app.get(Metrics),
        t.app.get(JobLeases),
      );
      await again.start();
      await again.onModuleDestroy();
      const [{ expire }] = await ds.query<{ expire: number }[]>(
        `SELECT expire_seconds AS expire FROM pgboss.queue WHERE name = 'recording.redact'`,
      );
      expect(expire).toBe(t.config.worker.jobTimeoutSec);
    });

    it('outside a job attempt (an API request) there is no fence', async () => {
      const pipeline = t.app.get(PipelineSupport);
      await expect(pipeline.fenced((m) => m.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    });
  });

  /**
   * The 5.5 h case of issue 11, scaled down: redaction takes twice the lease
   * (a test-only delay), and the worker running it is frozen (SIGSTOP) for
   * longer than its lease while another worker is up. The other worker
   * recovers the job and finishes it; the frozen one, thawed, finds its lease
   * gone and commits nothing. Every recording ends available with its key and
   * object, redacted exactly once.
   */
  describe('two workers, one frozen past its lease', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-fence-'));
    let s3: StandIn<{ endpoint: string }>;
    let kms: StandIn<{ endpoint: string; keyId: string; signingKeyId: string }>;
    let api: ServiceProcess;
    let worker: ReturnType<typeof spawn>;

    beforeAll(async () => {
      await resetTestDatabase();
      [s3, kms] = await Promise.all([spawnS3(path.join(dataDir, 's3'), 'vault'), spawnKms(dataDir)]);
      const env = {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: dataDir,
        S3_ENDPOINT: s3.info.endpoint,
        S3_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
        S3_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
        KMS_ENDPOINT: kms.info.endpoint,
        KMS_KEY_ID: kms.info.keyId,
        KMS_SIGNING_KEY_ID: kms.info.signingKeyId,
        KMS_ACCESS_KEY_ID: 'vault-dev',
        KMS_SECRET_ACCESS_KEY: 'vault-dev',
        JOB_LEASE: '3s',
        JOB_HEARTBEAT: '500ms',
        WORKER_POLL_INTERVAL: '500ms',
        REDACTION_TEST_DELAY: '6s',
      };
      api = await startService(env);
      worker = spawn(process.execPath, [path.join(DIST, 'worker.js')], {
        env: { ...api.env, PORT: undefined },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // The worker logs JSON lines; its first line means it is up.
      await firstLine(worker);
    }, 120_000);
    afterAll(async () => {
      await stop(worker);
      await api.stop();
      await Promise.all([s3.stop(), kms.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('recovers the frozen worker’s jobs within about a lease, and no recording is ever available without its object', async () => {
      const ds = createDataSource(TEST_DATABASE_URL, 2);
      await ds.initialize();
      try {
        const tenant = await TenantService.open(ds).create('acme');
        const { key } = await ApiKeyService.open(ds).create(tenant.id, 'ingest');
        const ids = await Promise.all(
          [1, 2, 3].map(async (n) => {
            const call = makeCall({ externalCallId: `fence-${n}` });
            const form = new FormData();
            form.append('metadata', JSON.stringify(call.metadata));
            form.append('audio', new Blob([call.wav]), 'call.wav');
            const res = await fetch(`${api.base}/v1/recordings`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${key}` },
              body: form,
            });
            expect(res.status).toBe(202);
            return ((await res.json()) as { id: string }).id;
          }),
        );

        // Freeze whichever process holds the first redaction lease, for longer than the lease.
        let holder: number | undefined;
        for (let i = 0; i < 300 && !holder; i++) {
          const rows = await ds.query<{ worker: string }[]>(
            `SELECT worker FROM job_leases WHERE job_name = 'recording.redact' LIMIT 1`,
          );
          if (rows.length) holder = Number(rows[0].worker.split(':').at(-1));
          else await sleep(100);
        }
        expect(holder === api.child.pid || holder === worker.pid).toBe(true);
        process.kill(holder!, 'SIGSTOP');
        // Every moment while it is frozen and after: an available recording has its key row and object.
        const invariant = async () => {
          const rows = await ds.query<{ id: string; object_key: string | null; key_row: string | null }[]>(
            `SELECT r.id, r.object_key, k.object_key AS key_row FROM recordings r
             LEFT JOIN data_keys k ON k.object_key = r.object_key WHERE r.status = 'available'`,
          );
          for (const r of rows) {
            expect(r.key_row).toBe(r.object_key);
            expect(fs.existsSync(path.join(dataDir, 's3', 'vault', `${r.object_key}._S3rver_object`))).toBe(true);
          }
          return rows.length;
        };
        const takenOver = async () =>
          (
            await ds.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'recording.redact' AND state = 'cancelled'`,
            )
          )[0].n > 0;
        // Frozen for at least 5 s (longer than the lease) and until the other process has taken the job over:
        // on a loaded machine recovery may take longer than the lease, and a worker thawed before it would
        // simply carry on.
        const frozenAt = Date.now();
        while (Date.now() - frozenAt < 60_000 && (Date.now() - frozenAt < 5000 || !(await takenOver()))) {
          await invariant();
          await sleep(250);
        }
        process.kill(holder!, 'SIGCONT');

        const deadline = Date.now() + 90_000;
        while ((await invariant()) < ids.length && Date.now() < deadline) await sleep(250);
        expect(await invariant()).toBe(ids.length);

        // The takeover happened (a recovered job is cancelled and queued afresh), and each recording was redacted once.
        expect(await takenOver()).toBe(true);
        const redacted = await ds.query<{ resource_id: string; n: number }[]>(
          `SELECT resource_id, count(*)::int AS n FROM audit_events
           WHERE action = 'recording.redact' AND outcome = 'success' GROUP BY resource_id ORDER BY resource_id`,
        );
        expect(redacted).toEqual([...ids].sort().map((id) => ({ resource_id: id, n: 1 })));

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
        for (const id of ids) {
          const audio = await fetch(`${api.base}/v1/recordings/${id}/audio`, {
            headers: { Authorization: `Bearer ${qa}` },
          });
          expect(audio.status).toBe(200);
          expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(44);
        }
        expect(api.exit()).toBeUndefined();
        expect(worker.exitCode).toBeNull();
      } finally {
        await ds.destroy();
      }
    }, 180_000);
  });
});
