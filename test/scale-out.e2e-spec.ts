import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { sampleCall } from '../src/sample-call';
import { DIST, firstLine, requireBuild, stop } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { freePort, startService, type ServiceProcess } from './support/service';

const UPLOADS = 10;
const AUTH_FAILURE_LIMIT = 5;

/** The S3 and KMS stand-ins, once, in a process of their own: what every instance shares. */
async function startStandIns(dataDir: string) {
  const script = `
    const { resolveServices } = require(${JSON.stringify(path.join(DIST, 'embedded/embedded.js'))});
    const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config/config.js'))});
    resolveServices(loadConfig(process.env)).then((s) => {
      process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
      process.stdout.write(JSON.stringify({ s3: s.s3, kms: s.kms }) + '\\n');
    }, (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: dataDir, S3_ENDPOINT: '', KMS_KEY_ID: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const s = JSON.parse(await firstLine(child)) as {
    s3: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
    kms: {
      endpoint: string;
      keyId: string;
      signingKeyId: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    };
  };
  return {
    child,
    env: {
      S3_ENDPOINT: s.s3.endpoint,
      S3_ACCESS_KEY_ID: s.s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s.s3.credentials.secretAccessKey,
      KMS_ENDPOINT: s.kms.endpoint,
      KMS_KEY_ID: s.kms.keyId,
      KMS_SIGNING_KEY_ID: s.kms.signingKeyId,
      KMS_ACCESS_KEY_ID: s.kms.credentials.accessKeyId,
      KMS_SECRET_ACCESS_KEY: s.kms.credentials.secretAccessKey,
    },
  };
}

interface Worker {
  child: ChildProcess;
  metricsPort: number;
  out(): string;
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<Worker> {
  requireBuild();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, 'worker.js')], {
    env: { ...process.env, ...env, METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('worker running') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${err.slice(-2000)}`)));
  });
  return { child, metricsPort, out: () => out };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

function sum(text: string, name: string, labels: Record<string, string>): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

/**
 * The README's scale-out shape on this machine: two API processes
 * (WORKER_ENABLED=false) and two workers from the build, against the
 * machine's PostgreSQL and one shared S3 and KMS.
 */
describe('scale-out: 2 API + 2 worker processes on one PostgreSQL, S3 and KMS', () => {
  const dirs: string[] = [];
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  const apis: { s: ServiceProcess; metricsPort: number }[] = [];
  const workers: Worker[] = [];
  let db: Client;

  beforeAll(async () => {
    await resetTestDatabase();
    const dir = (name: string) => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), `vault-scale-${name}-`));
      dirs.push(d);
      return d;
    };
    standIns = await startStandIns(dir('standins'));
    // One DATA_DIR for the development token issuer's key, so that every API accepts the CLI's tokens.
    const shared = {
      ...standIns.env,
      DATABASE_URL: TEST_DATABASE_URL,
      DATA_DIR: dir('shared'),
      LOG_FORMAT: 'json',
      WORKER_POLL_INTERVAL: '500ms',
      AUDIT_CHECKPOINT_INTERVAL: '1s',
      AUTH_FAILURE_LIMIT: String(AUTH_FAILURE_LIMIT),
    };
    // The first API migrates and writes the issuer key; the rest start together.
    const first = await freePort();
    apis.push({
      s: await startService({ ...shared, WORKER_ENABLED: 'false', METRICS_PORT: String(first) }),
      metricsPort: first,
    });
    const second = await freePort();
    const [api2, ...ws] = await Promise.all([
      startService({ ...shared, WORKER_ENABLED: 'false', METRICS_PORT: String(second) }),
      startWorker(shared),
      startWorker(shared),
    ]);
    apis.push({ s: api2, metricsPort: second });
    workers.push(...ws);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db.end();
    await Promise.all([...apis.map((a) => a.s.stop()), ...workers.map((w) => stop(w.child))]);
    await stop(standIns.child);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('spreads uploads over both APIs, processes every recording exactly once, signs checkpoints one instance at a time', async () => {
    const [api1, api2] = apis.map((a) => a.s);
    await api1.cli('tenant:create', 'acme');
    const key = String((await api1.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key);
    const auditor = String((await api2.cli('token:issue', '--tenant', 'acme', '--role', 'auditor')).token);

    const ids = await Promise.all(
      Array.from({ length: UPLOADS }, async (_, i) => {
        const { wav, metadata } = sampleCall(`scale-${i}`);
        const form = new FormData();
        form.append('metadata', JSON.stringify(metadata));
        form.append('audio', new Blob([new Uint8Array(wav)]), 'call.wav');
        const res = await fetch(`${apis[i % 2].s.base}/v1/recordings`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}` },
          body: form,
        });
        expect(res.status).toBe(202);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    const deadline = Date.now() + 120_000;
    for (const id of ids) {
      for (;;) {
        // Either API answers for any recording.
        const res = await fetch(`${apis[Math.floor(Math.random() * 2)].s.base}/v1/recordings/${id}`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        const { status } = (await res.json()) as { status: string };
        if (status === 'available') break;
        expect(['received', 'processing']).toContain(status);
        if (Date.now() > deadline) throw new Error(`recording ${id} still ${status}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }

    // Each API took its half of the uploads.
    for (const a of apis) {
      const text = await scrape(a.metricsPort);
      expect(sum(text, 'vault_http_request_duration_seconds_count', { route: '/v1/recordings', status: '202' })).toBe(
        UPLOADS / 2,
      );
    }
    // Exactly once: one consent decision and one redaction per recording in the audit log, one job row each.
    const { rows: audits } = await db.query<{ id: string; action: string; n: number }>(
      `SELECT resource_id AS id, action, count(*)::int AS n FROM audit_events
        WHERE action IN ('recording.consent', 'recording.redact') GROUP BY 1, 2`,
    );
    expect(audits).toHaveLength(UPLOADS * 2);
    expect(audits.every((a) => a.n === 1 && ids.includes(a.id))).toBe(true);
    const { rows: jobs } = await db.query<{ id: string; name: string; n: number; state: string }>(
      `SELECT data->>'recordingId' AS id, name, count(*)::int AS n, min(state::text) AS state FROM pgboss.job
        WHERE name IN ('recording.consent', 'recording.redact') GROUP BY 1, 2`,
    );
    expect(jobs).toHaveLength(UPLOADS * 2);
    expect(jobs.every((j) => j.n === 1 && j.state === 'completed')).toBe(true);
    // The workers shared the work; the APIs ran none of it.
    const redactsBy = workers.map(
      (w) => jsonLines(w.out()).filter((l) => l.job === 'recording.redact' && l.outcome === 'completed').length,
    );
    expect(redactsBy[0] + redactsBy[1]).toBe(UPLOADS);
    expect(Math.min(...redactsBy)).toBeGreaterThan(0);
    for (const a of apis) expect(jsonLines(a.s.output().out).some((l) => typeof l.job === 'string')).toBe(false);

    // Checkpoints: every instance runs the timer (1 s), one signs at a time: as many KMS signatures as checkpoints.
    await new Promise((r) => setTimeout(r, 3000));
    const texts = await Promise.all(
      [...apis.map((a) => a.metricsPort), ...workers.map((w) => w.metricsPort)].map(scrape),
    );
    const signs = texts.map((t) =>
      sum(t, 'vault_dependency_duration_seconds_count', { dependency: 'kms', operation: 'Sign' }),
    );
    const { rows: cps } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_checkpoints');
    expect(cps[0].n).toBeGreaterThan(0);
    expect(signs.reduce((a, b) => a + b, 0)).toBe(cps[0].n);
    const verify = await fetch(`${api1.base}/v1/audit/verify`, { headers: { Authorization: `Bearer ${auditor}` } });
    expect(verify.status).toBe(200);
    // The API no longer shows the shared chain's counts; the checkpoints counted above are the stored ones.
    expect(await verify.json()).toMatchObject({ valid: true });
  }, 240_000);

  it('throttles failed authentication on every API', async () => {
    // The counter lives in PostgreSQL, shared by the instances: alternating between two APIs does not double the
    // failures let through (a per-process counter would let the limit through on each).
    const answers: Record<number, number[]> = { 0: [], 1: [] };
    for (let i = 0; i < AUTH_FAILURE_LIMIT * 2 + 2; i++) {
      const a = i % 2;
      const res = await fetch(`${apis[a].s.base}/v1/recordings`, { headers: { Authorization: 'Bearer crv_wrong' } });
      answers[a].push(res.status);
    }
    for (const a of [0, 1]) expect(answers[a].at(-1)).toBe(429);
    expect([...answers[0], ...answers[1]].filter((s) => s === 401).length).toBe(AUTH_FAILURE_LIMIT);
  });
});
