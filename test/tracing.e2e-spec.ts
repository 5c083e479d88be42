import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { sampleCall } from '../src/sample-call';
import { DIST } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { startService, type ServiceProcess } from './support/service';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/**
 * OpenTelemetry tracing against a local OTLP/HTTP collector: a tiny HTTP
 * server in the test that decodes the JSON export (`POST /v1/traces`).
 */
describe('tracing (OTLP)', () => {
  const spans: ExportedSpan[] = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) {
        const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
        for (const r of doc.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  let s: ServiceProcess;
  let dataDir: string;

  beforeAll(async () => {
    await resetTestDatabase();
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', () => r()));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-otel-'));
    s = await startService({
      DATA_DIR: dataDir,
      DATABASE_URL: TEST_DATABASE_URL,
      LOG_FORMAT: 'json',
      WORKER_POLL_INTERVAL: '500ms',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as { port: number }).port}`,
    });
  });

  afterAll(async () => {
    await s.stop();
    collector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports one trace from the upload request through every pipeline job, with S3, KMS and SQL spans', async () => {
    await s.cli('tenant:create', 'acme');
    const key = String((await s.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key);
    const { wav, metadata } = sampleCall('trace-1');
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('audio', new Blob([new Uint8Array(wav)]), 'call.wav');
    const res = await fetch(`${s.base}/v1/recordings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    const jobSpan = (name: string) =>
      spans.find((sp) => sp.name === `job ${name}` && attr(sp, 'vault.recording_id') === id);
    const deadline = Date.now() + 60_000;
    while (!jobSpan('recording.finalize')) {
      if (Date.now() > deadline) throw new Error(`no finalize span; got ${spans.map((sp) => sp.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1500)); // the last batch of the finalize job's children

    // The root of the consent job's trace is the upload request's server span.
    const traceId = jobSpan('recording.consent')!.traceId;
    const root = spans.filter((sp) => sp.traceId === traceId && !sp.parentSpanId);
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({ kind: 2, name: expect.stringMatching(/^POST/) });
    expect(attr(root[0], 'url.path') ?? attr(root[0], 'http.target')).toBe('/v1/recordings');
    const inTrace = spans.filter((sp) => sp.traceId === traceId);
    const names = inTrace.map((sp) => sp.name);
    for (const job of ['recording.consent', 'recording.redact', 'recording.finalize']) {
      expect(jobSpan(job)?.traceId).toBe(traceId);
    }
    // S3 and KMS through the AWS SDK, SQL through pg: in the request and in the jobs.
    expect(names.some((n) => /^S3\.(PutObject|UploadPart|CreateMultipartUpload)/.test(n))).toBe(true);
    expect(names.some((n) => /^KMS\.GenerateDataKey/.test(n))).toBe(true);
    expect(
      inTrace.some((sp) => attr(sp, 'db.system') === 'postgresql' || attr(sp, 'db.system.name') === 'postgresql'),
    ).toBe(true);
    const redact = jobSpan('recording.redact')!;
    const underRedact = inTrace.filter((sp) => sp.parentSpanId === redact.spanId).map((sp) => sp.name);
    expect(underRedact.some((n) => n.startsWith('S3.'))).toBe(true);
    // Nothing a client sent as a secret: no Authorization header, no query strings.
    expect(JSON.stringify(spans)).not.toContain(key);
  });

  it('loads no OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const script = `
      const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config/config.js'))});
      const { startTracingIfConfigured } = require(${JSON.stringify(path.join(DIST, 'tracing.start.js'))});
      startTracingIfConfigured(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: process.argv[1] }), 'api');
      process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@opentelemetry/sdk-trace')).length));`;
    const run = promisify(execFile);
    const off = await run(process.execPath, ['-e', script, '']);
    expect(off.stdout).toBe('0');
    const on = await run(process.execPath, ['-e', script, 'http://127.0.0.1:1']);
    expect(Number(on.stdout)).toBeGreaterThan(0);
  });
});

function attr(sp: ExportedSpan, key: string): unknown {
  const v = sp.attributes.find((a) => a.key === key)?.value;
  return v && Object.values(v)[0];
}
