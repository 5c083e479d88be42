import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource } from '../src/database/data-source';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { makeCall, wavBytes } from '../test/fixtures/call';
import { resetTestDatabase } from '../test/support/database';
import { databaseOutage } from '../test/support/outage';
import { startService, type ServiceProcess } from '../test/support/service';

/**
 * Durability under faults, on default job settings (JOB_LEASE 30s,
 * JOB_HEARTBEAT 5s, WORKER_POLL_INTERVAL 2s):
 *
 * 1. Recovery after kill -9 of the service during a recording's redaction: a
 *    10-minute recording (real generated audio), and a job as long as a 4-hour
 *    recording's (the same audio with the test-only REDACTION_TEST_DELAY making
 *    the killed attempt's redaction last 20 minutes; generating and uploading
 *    4 h of audio for each run is not worth it, and recovery does not read the
 *    audio). Peer: the same recording processed without a kill.
 * 2. A 30 s database outage (ALLOW_CONNECTIONS false + terminated sessions)
 *    under steady reads and uploads: requests answered during it, by status, and
 *    how soon after it the service answers everything again.
 *
 * Resets the database `vault_bench` (BENCH_DATABASE_URL to override).
 */

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench';
const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 30) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Setup {
  svc: ServiceProcess;
  dataDir: string;
  key: string;
}

async function setup(env: NodeJS.ProcessEnv = {}): Promise<Setup> {
  await resetTestDatabase(DATABASE_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-recovery-bench-'));
  const svc = await startService({ DATABASE_URL, DATA_DIR: dataDir, ...env });
  const ds = createDataSource(DATABASE_URL, 1);
  await ds.initialize();
  try {
    const tenant = await TenantService.open(ds).create('acme');
    const { key } = await ApiKeyService.open(ds).create(tenant.id, 'ingest');
    return { svc, dataDir, key };
  } finally {
    await ds.destroy();
  }
}

function tenMinuteCall(id: string): { wav: Buffer; metadata: Record<string, unknown> } {
  const call = makeCall({ externalCallId: id });
  const tiled = new Int16Array(call.samples.length * 50);
  for (let i = 0; i < 50; i++) tiled.set(call.samples, i * call.samples.length);
  return { wav: wavBytes(tiled, 8000), metadata: call.metadata };
}

async function post(base: string, key: string, call: { wav: Buffer; metadata: unknown }): Promise<Response> {
  const form = new FormData();
  form.append('metadata', JSON.stringify(call.metadata));
  form.append('audio', new Blob([call.wav]), 'call.wav');
  return fetch(`${base}/v1/recordings`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: form });
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const ds = createDataSource(DATABASE_URL, 1);
  await ds.initialize();
  try {
    return await ds.query<T[]>(sql, params);
  } finally {
    await ds.destroy();
  }
}

const status = async (id: string) =>
  (await query<{ status: string }>('SELECT status FROM recordings WHERE id = $1', [id]))[0].status;

/** kill -9 during redaction, start again; ms from the kill to the job running again and to `available`. */
async function killDuringRedaction(delay?: string): Promise<{ running: number; available: number }> {
  const s = await setup(delay ? { REDACTION_TEST_DELAY: delay } : {});
  try {
    const res = await post(s.svc.base, s.key, tenMinuteCall('recovery'));
    const { id } = (await res.json()) as { id: string };
    const leased = async () =>
      query<{ worker: string }>(
        `SELECT worker FROM job_leases WHERE job_name = 'recording.redact' AND data->>'recordingId' = $1`,
        [id],
      );
    while (!(await leased()).length) await sleep(50);
    await sleep(1000);
    await s.svc.stop('SIGKILL');
    const killedAt = Date.now();
    // The restarted service processes at normal speed: the test-only delay applied to the killed attempt only.
    const again = await startService({ ...s.svc.env, REDACTION_TEST_DELAY: undefined });
    try {
      let running = NaN;
      for (;;) {
        const rows = await leased();
        if (Number.isNaN(running) && rows.some((r) => r.worker.endsWith(`:${again.child.pid}`)))
          running = Date.now() - killedAt;
        if ((await status(id)) === 'available') return { running, available: Date.now() - killedAt };
        if (Date.now() - killedAt > 600_000) throw new Error('not recovered within 10 minutes');
        await sleep(100);
      }
    } finally {
      await again.stop();
    }
  } finally {
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
}

/** The peer: accepted to `available` with nothing killed. */
async function uninterrupted(): Promise<number> {
  const s = await setup();
  try {
    const started = Date.now();
    const res = await post(s.svc.base, s.key, tenMinuteCall('peer'));
    const { id } = (await res.json()) as { id: string };
    while ((await status(id)) !== 'available') await sleep(100);
    return Date.now() - started;
  } finally {
    await s.svc.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
}

interface OutageResult {
  during: Map<string, number>;
  otherThan503: number;
  firstSuccessMs: number;
  readyMs: number;
  allAcceptedFinalMs: number;
  exited: boolean;
}

/** Four clients reading and uploading throughout a database outage. */
async function outage(): Promise<OutageResult> {
  const s = await setup({ JOB_LEASE: '30s' });
  const auth = { Authorization: `Bearer ${s.key}` };
  const small = makeCall({ externalCallId: 'outage' });
  const accepted: string[] = [];
  const during = new Map<string, number>();
  let phase: 'before' | 'during' | 'after' = 'before';
  let otherThan503 = 0;
  let lifted = 0;
  let firstSuccessMs = NaN;
  let stop = false;
  const client = async (n: number) => {
    for (let i = 0; !stop; i++) {
      const upload = (i + n) % 4 === 0;
      const res = await (
        upload
          ? post(s.svc.base, s.key, { wav: small.wav, metadata: { ...small.metadata, externalCallId: `o-${n}-${i}` } })
          : fetch(`${s.svc.base}/v1/recordings?limit=5`, { headers: auth })
      ).catch(() => undefined);
      const body = res ? ((await res.json().catch(() => ({}))) as { id?: string; code?: string }) : {};
      if (res?.status === 202 && body.id) accepted.push(body.id);
      if (phase === 'during') {
        const k = res ? `${res.status} ${body.code ?? ''}`.trim() : 'no answer';
        during.set(k, (during.get(k) ?? 0) + 1);
      }
      if (res && res.status >= 500 && res.status !== 503) otherThan503++;
      if (phase === 'after' && res?.ok && Number.isNaN(firstSuccessMs)) firstSuccessMs = Date.now() - lifted;
      await sleep(100);
    }
  };
  try {
    const clients = [0, 1, 2, 3].map(client);
    await sleep(5000);
    const down = await databaseOutage(DATABASE_URL);
    phase = 'during';
    await sleep(OUTAGE_MS);
    await down.end();
    lifted = Date.now();
    phase = 'after';
    let readyMs = NaN;
    while (Number.isNaN(readyMs)) {
      if ((await fetch(`${s.svc.base}/health/ready`)).ok) readyMs = Date.now() - lifted;
      else await sleep(100);
    }
    await sleep(3000);
    stop = true;
    await Promise.all(clients);
    let allAcceptedFinalMs = NaN;
    while (Number.isNaN(allAcceptedFinalMs) && Date.now() - lifted < 300_000) {
      const [{ open }] = await query<{ open: number }>(
        `SELECT count(*)::int AS open FROM recordings WHERE id = ANY($1::uuid[]) AND status NOT IN ('available', 'rejected', 'failed')`,
        [accepted],
      );
      if (open === 0) allAcceptedFinalMs = Date.now() - lifted;
      else await sleep(250);
    }
    return { during, otherThan503, firstSuccessMs, readyMs, allAcceptedFinalMs, exited: s.svc.exit() !== undefined };
  } finally {
    stop = true;
    await s.svc.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const sec = (ms: number) => (ms / 1000).toFixed(1);
  const peer = await uninterrupted();
  process.stdout.write(
    [
      '',
      'Recovery after kill -9 during redaction (defaults: JOB_LEASE 30s, JOB_HEARTBEAT 5s, poll 2s; service restarted at once)',
      '',
      '| recording | kill → job running again | kill → available | available ÷ uninterrupted (peer) |',
      '| --- | ---: | ---: | ---: |',
      `| 10 min, uninterrupted (peer) | — | ${sec(peer)} s (accept → available) | 1.00× |`,
      '',
    ].join('\n'),
  );
  const ten = await killDuringRedaction();
  process.stdout.write(
    `| 10 min, killed mid-redaction | ${sec(ten.running)} s | ${sec(ten.available)} s | ${(ten.available / peer).toFixed(2)}× |\n`,
  );
  const four = await killDuringRedaction('20m');
  process.stdout.write(
    `| 4 h job length (10 min audio + 20 min REDACTION_TEST_DELAY in the killed attempt) | ${sec(four.running)} s | ${sec(four.available)} s | ${(four.available / peer).toFixed(2)}× |\n\n`,
  );
  const o = await outage();
  const total = [...o.during.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    [
      `Database outage of ${sec(OUTAGE_MS)} s under 4 clients (reads and uploads, 100 ms apart)`,
      '',
      '| measure | value |',
      '| --- | ---: |',
      `| requests answered during the outage | ${total} |`,
      ...[...o.during.entries()].map(([k, n]) => `| … ${k} | ${n} (${((n / total) * 100).toFixed(0)} %) |`),
      `| 5xx other than 503 (whole run) | ${o.otherThan503} |`,
      `| outage lifted → first successful request | ${sec(o.firstSuccessMs)} s |`,
      `| outage lifted → /health/ready 200 | ${sec(o.readyMs)} s |`,
      `| outage lifted → every accepted upload final | ${sec(o.allAcceptedFinalMs)} s |`,
      `| process exited | ${o.exited ? 'yes' : 'no'} |`,
      '',
    ].join('\n'),
  );
}
