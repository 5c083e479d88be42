import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleCall } from '../src/sample-call';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { freePort, startService, type ServiceProcess } from './support/service';

type LogLine = Record<string, unknown> & { msg?: string; recordingId?: string };

/** The value of one Prometheus sample whose labels include `labels` (undefined if absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (m?.[1] !== name) continue;
    const have = Object.fromEntries(
      [...((m[2] as string | undefined) ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** The sum of every sample of `name` whose labels include `labels`. */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

/**
 * The built service as an operator runs it (`node dist/src/main.js`, JSON logs
 * to a pipe), on the machine's PostgreSQL: what its logs say about a
 * recording's way through the pipeline, and what they never say.
 */
describe('operations: what a running service tells its operator', () => {
  let s: ServiceProcess;
  let dataDir: string;
  let tenantId: string;
  const secrets: string[] = [];
  const hook = { calls: [] as number[], server: http.createServer() };
  const ids: string[] = [];
  let waiting = '';
  let uploadedBytes = 0;
  let metricsPort = 0;
  const metricsToken = 'scrape-token-0123456789abcdef';

  const logs = (): LogLine[] =>
    s
      .output()
      .out.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  async function uploadSample(key: string, callId: string, withoutConsent = false): Promise<string> {
    const { wav, metadata } = sampleCall(callId);
    // Nobody's consent under California's all-party rule: the recording waits for it.
    if (withoutConsent) delete metadata.consent;
    uploadedBytes += wav.length;
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('audio', new Blob([new Uint8Array(wav)]), 'call.wav');
    const res = await fetch(`${s.base}/v1/recordings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}` },
      body: form,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    await resetTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-ops-'));
    // The first attempt of each webhook event fails: its retry must be logged.
    const seen = new Set<string>();
    hook.server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        const status = seen.has(id) ? 200 : 500;
        seen.add(id);
        hook.calls.push(status);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => hook.server.listen(0, '127.0.0.1', () => r()));
    metricsPort = await freePort();
    s = await startService({
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: metricsToken,
      DATA_DIR: dataDir,
      DATABASE_URL: TEST_DATABASE_URL,
      LOG_FORMAT: 'json',
      WORKER_POLL_INTERVAL: '500ms',
      // The receiver is local and plain HTTP: the egress policy refuses both unless the operator names the host.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_PLAIN_HTTP_HOSTS: '127.0.0.1',
      WEBHOOK_BACKOFF: '200ms',
    });
    tenantId = String((await s.cli('tenant:create', 'acme')).id);
    const ingest = String((await s.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key);
    const admin = String((await s.cli('apikey:create', '--tenant', 'acme', '--role', 'admin')).key);
    const qa = String((await s.cli('token:issue', '--tenant', 'acme', '--role', 'qa')).token);
    const port = (hook.server.address() as { port: number }).port;
    const res = await fetch(`${s.base}/v1/tenants/current/webhook`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }),
    });
    expect(res.status).toBe(200);
    const webhookSecret = ((await res.json()) as { secret: string }).secret;
    secrets.push(ingest, admin, qa, webhookSecret);

    // Three uploads at once; the ids are known before any webhook answers.
    const [waits, ...done] = await Promise.all([
      uploadSample(ingest, 'ops-wait', true),
      ...['ops-1', 'ops-2', 'ops-3'].map((c) => uploadSample(ingest, c)),
    ]);
    waiting = waits;
    ids.push(...done);
    for (const id of ids) {
      await waitFor(`recording ${id}`, async () => {
        const r = await fetch(`${s.base}/v1/recordings/${id}`, { headers: { Authorization: `Bearer ${qa}` } });
        return ((await r.json()) as { status: string }).status === 'available';
      });
      // The QA token reaches the audio route too, so that it passes through the request log.
      const audio = await fetch(`${s.base}/v1/recordings/${id}/audio`, {
        headers: { Authorization: `Bearer ${qa}`, 'X-Access-Purpose': 'QA review' },
      });
      expect(audio.status).toBe(200);
      await audio.arrayBuffer();
    }
    // Each job's outcome line follows its work: wait for the last ones.
    await waitFor('the recording waiting for consent', () =>
      logs().some((l) => l.recordingId === waiting && l.to === 'awaiting_consent'),
    );
    await waitFor('recording.finalize outcomes', () =>
      ids.every((id) =>
        logs().some((l) => l.recordingId === id && l.job === 'recording.finalize' && l.outcome === 'completed'),
      ),
    );
    // Each recording's three events (received, processing, available), the waiting one's two, each sent twice.
    await waitFor('webhook deliveries', () => logs().filter((l) => l.outcome === 'succeeded').length === 11);
  }, 180_000);

  afterAll(async () => {
    await s.stop();
    hook.server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs every pipeline transition once, with recording, tenant, stage, duration and reason', () => {
    for (const id of ids) {
      const moves = logs().filter((l) => l.recordingId === id && typeof l.to === 'string');
      expect(moves.map((l) => [l.stage, l.to])).toEqual([
        ['upload', 'received'],
        ['consent', 'processing'],
        ['redact', 'available'],
      ]);
      for (const l of moves) {
        expect(l).toMatchObject({ tenantId, durationMs: expect.any(Number) });
        expect(l.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(moves[1].reason).toBe('consent allowed');
      expect(moves[2].reason).toMatch(/span\(s\) redacted, verified/);
    }
  });

  it('logs a recording that waits for consent with the reason', () => {
    const moves = logs().filter((l) => l.recordingId === waiting && typeof l.to === 'string');
    expect(moves.map((l) => l.to)).toEqual(['received', 'awaiting_consent']);
    expect(moves[1]).toMatchObject({
      tenantId,
      stage: 'consent',
      reason: expect.stringContaining('waiting for consent'),
    });
  });

  it('serves Prometheus metrics on their own port, behind the token, with the pipeline counted', async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${metricsToken}x` } })).status).toBe(401);
    expect((await fetch(`${s.base}/metrics`)).status).toBe(404); // not on the API's port
    const res = await fetch(url, { headers: { Authorization: `Bearer ${metricsToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    const transitions = (stage: string, to: string) => sample(text, 'vault_recording_transitions_total', { stage, to });
    expect(transitions('upload', 'received')).toBe(4);
    expect(transitions('consent', 'processing')).toBe(3);
    expect(transitions('consent', 'awaiting_consent')).toBe(1);
    expect(transitions('redact', 'available')).toBe(3);
    expect(sample(text, 'vault_upload_bytes_total')).toBe(uploadedBytes);

    const jobs = (kind: string, outcome: string) => sample(text, 'vault_job_duration_seconds_count', { kind, outcome });
    expect(jobs('recording.consent', 'completed')).toBe(4);
    expect(jobs('recording.redact', 'completed')).toBe(3);
    expect(jobs('recording.finalize', 'completed')).toBe(3);
    expect(jobs('recording.redact', 'failed')).toBeUndefined();
    expect(sample(text, 'vault_webhook_deliveries_total', { result: 'http_5xx' })).toBe(11);
    expect(sample(text, 'vault_webhook_deliveries_total', { result: 'delivered' })).toBe(11);

    // Route templates, never ids.
    const http = (method: string, route: string, status: string) =>
      sample(text, 'vault_http_request_duration_seconds_count', { method, route, status });
    expect(http('POST', '/v1/recordings', '202')).toBe(4);
    expect(http('GET', '/v1/recordings/:id/audio', '200')).toBe(3);
    expect(http('GET', '/v1/recordings/:id', '200')).toBeGreaterThanOrEqual(3);
    for (const id of [...ids, waiting]) expect(text).not.toContain(id);
    expect(text).not.toContain(tenantId);

    // Dependencies: every upload and redaction wraps a data key with KMS and stores objects in S3.
    expect(
      total(text, 'vault_dependency_duration_seconds_count', { dependency: 'kms', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(7);
    expect(
      total(text, 'vault_dependency_duration_seconds_count', { dependency: 's3', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(7);
    expect(
      sample(text, 'vault_dependency_duration_seconds_count', { dependency: 'db', operation: 'SELECT', outcome: 'ok' }),
    ).toBeGreaterThan(10);
    // The waiting recording's next consent check is a job in the queue, scheduled CONSENT_WAIT ahead.
    expect(sample(text, 'vault_queue_jobs', { queue: 'recording.consent', state: 'created' })).toBe(1);
    expect(
      sample(text, 'vault_queue_oldest_job_age_seconds', { queue: 'recording.consent', state: 'created' }),
    ).toBeGreaterThan(0);
  });

  it('logs every job outcome once, and every webhook attempt with the reason and the retry', () => {
    for (const id of ids) {
      const jobs = logs().filter((l) => l.recordingId === id && typeof l.job === 'string');
      const summary = jobs.map((l) => `${String(l.job)} ${String(l.outcome)}`).sort();
      expect(summary).toEqual([
        'recording.consent completed',
        'recording.finalize completed',
        'recording.redact completed',
      ]);
      for (const l of jobs)
        expect(l).toMatchObject({ tenantId, jobId: expect.any(String), durationMs: expect.any(Number) });
      const hooks = logs().filter((l) => l.recordingId === id && typeof l.eventType === 'string');
      expect(hooks.map((l) => `${String(l.eventType)} ${String(l.attempt)} ${String(l.outcome)}`).sort()).toEqual([
        'recording.available 1 pending',
        'recording.available 2 succeeded',
        'recording.processing 1 pending',
        'recording.processing 2 succeeded',
        'recording.received 1 pending',
        'recording.received 2 succeeded',
      ]);
      for (const l of hooks) expect(l).toMatchObject({ tenantId, deliveryId: expect.any(String), endpoint: 'tenant' });
      expect(hooks.find((l) => l.outcome === 'pending')).toMatchObject({
        statusCode: 500,
        reason: expect.stringContaining('answered 500'),
      });
    }
  });

  it('never logs card numbers, keys, tokens or webhook secrets', () => {
    const { out, err } = s.output();
    const all = out + err;
    expect(all).toContain(ids[0]); // the log is there to be searched
    expect(all).not.toMatch(/4111\s*1111\s*1111\s*1111|4(?:\D{0,3}1){15}/);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      expect(all).not.toContain(secret);
      expect(all).not.toContain(secret.slice(-16));
    }
  });
});
