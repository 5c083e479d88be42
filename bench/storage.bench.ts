/**
 * Encrypted audio streaming (issues 3 and 19). The S3 server (the embedded
 * s3rver) runs in its own process, so its HTTP work is not counted against the
 * service; the service runs in another child (so its RSS is its own) with the
 * development KMS in a temp DATA_DIR and the machine's PostgreSQL (database
 * `vault_bench_storage`, reset; BENCH_STORAGE_DATABASE_URL to override). This
 * process seals the recordings through the same S3/KMS and is the HTTP client.
 *
 *   1. full 500 MiB stream through GET /v1/recordings/:id/audio vs a raw S3
 *      GetObject of a same-sized plain object from the same s3rver (goal ≥ 0.85),
 *      and the same ratio for 1, 16 and 100 MiB objects;
 *   2. time to first byte of a 64 KiB range at offset 0, 50 % and 95 %;
 *   3. the service's peak RSS while 20 clients stream 100 MiB and 500 MiB at
 *      once, and 100 clients 20 MiB each, against its idle RSS.
 *
 *   npm run bench -- storage
 *
 * Defaults (lower them for a quick try): STORAGE_BENCH_MIB=500 STORAGE_BENCH_SMALL_MIB=100
 * STORAGE_BENCH_CLIENTS=20 STORAGE_BENCH_RUNS=7 STORAGE_BENCH_RANGE_REPS=30 STORAGE_BENCH_MANY=100
 * STORAGE_BENCH_MANY_MIB=20.
 */
import 'reflect-metadata';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { openRuntime, type OpenRuntime } from '../src/bootstrap';
import { loadConfig, type AppConfig } from '../src/config/config';
import { issueDevToken, loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { DataKeyRepository } from '../src/modules/crypto/data-key.repository';
import { PgNotifications } from '../src/database/pg-notifications';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { KmsService } from '../src/modules/crypto/kms.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { ObjectStore } from '../src/modules/storage/object-store';
import { createS3Client } from '../src/modules/storage/s3.client';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { resetTestDatabase } from '../test/support/database';

const DATABASE_URL = process.env.BENCH_STORAGE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench_storage';
const MiB = 1024 * 1024;
const envInt = (name: string, def: number) => {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : def;
};
const BIG = envInt('STORAGE_BENCH_MIB', 500) * MiB;
const SMALL = envInt('STORAGE_BENCH_SMALL_MIB', 100) * MiB;
const CLIENTS = envInt('STORAGE_BENCH_CLIENTS', 20);
const RUNS = envInt('STORAGE_BENCH_RUNS', 7);
const RANGE_REPS = envInt('STORAGE_BENCH_RANGE_REPS', 30);
const MANY = envInt('STORAGE_BENCH_MANY', 100);
const MANY_SIZE = envInt('STORAGE_BENCH_MANY_MIB', 20) * MiB;
const SIZES = [1, 16].map((n) => n * MiB);
const RANGE_SIZE = 64 * 1024;
const SAMPLE_MS = 100;

// ---------------------------------------------------------------- database

// ---------------------------------------------------------------- the service, in a child process

/** Same start-up as main.ts (embedded stand-ins recorded in DATA_DIR), on an ephemeral loopback port. */
const CHILD_SCRIPT = (dist: string) => `
  require('reflect-metadata');
  const { openRuntime, createApp } = require(${JSON.stringify(path.join(dist, 'bootstrap.js'))});
  const { loadConfig } = require(${JSON.stringify(path.join(dist, 'config/config.js'))});
  (async () => {
    const runtime = await openRuntime(loadConfig(process.env), { recordEmbedded: true });
    const app = await createApp(runtime, { logger: false });
    await app.listen(0, '127.0.0.1');
    process.stdout.write(JSON.stringify({ port: app.getHttpServer().address().port }) + '\\n');
    let stopping = false;
    process.on('SIGTERM', async () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(1), 10000).unref();
      try { await app.close(); await runtime.close(); } finally { process.exit(0); }
    });
  })().catch((e) => { console.error(e); process.exit(1); });`;

/** The embedded s3rver alone in a child process, as a real S3 endpoint would be. */
const S3_SCRIPT = (dist: string, dir: string) => `
  const { startEmbeddedS3 } = require(${JSON.stringify(path.join(dist, 'embedded/s3.server.js'))});
  startEmbeddedS3(${JSON.stringify(dir)}, 'vault').then((s) => {
    process.stdout.write(JSON.stringify({ endpoint: s.endpoint }) + '\\n');
    process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
  }, (e) => { console.error(e); process.exit(1); });`;

/** The first line a child writes: its address, once it listens. */
function firstLine(child: ChildProcess & { stdout: NodeJS.ReadableStream }, what: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before listening`)));
  });
}

async function startS3(dataDir: string): Promise<{ child: ChildProcess; pid: number; env: NodeJS.ProcessEnv }> {
  const dist = path.resolve(__dirname, '../src');
  const child = spawn(process.execPath, ['-e', S3_SCRIPT(dist, path.join(dataDir, 's3-own'))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, 's3rver');
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  return {
    child,
    pid: child.pid!,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: 'vault', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
  };
}

interface Service {
  child: ChildProcess;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

async function startService(dataDir: string, s3Env: NodeJS.ProcessEnv): Promise<Service> {
  const dist = path.resolve(__dirname, '../src');
  if (!fs.existsSync(path.join(dist, 'bootstrap.js')))
    throw new Error(`${dist}/bootstrap.js is missing: run npm run build`);
  // A clean environment: S3_ENDPOINT, KMS_KEY_ID, OIDC_ISSUER … unset, so the embedded stand-ins and the dev issuer are used.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Only the read path is measured; no jobs are enqueued, and the worker would require every job handler to exist.
    WORKER_ENABLED: 'false',
    ...s3Env,
  };
  // e.g. STORAGE_BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  const extra = (process.env.STORAGE_BENCH_CHILD_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...extra, '-e', CHILD_SCRIPT(dist)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, 'service');
  const { port } = JSON.parse(line) as { port: number };
  return {
    child,
    pid: child.pid!,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------- RSS of the child

function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

/** Resets the kernel's peak-RSS mark (VmHWM) so it can be read per run; false where not permitted. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU time (user + system) the process has used, ms; /proc/<pid>/stat counts in clock ticks (100 Hz on Linux). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function sampleRss(pid: number): { stop(): { peak: number; samples: number } } {
  let peak = rssMiB(pid);
  let samples = 1;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
      samples++;
    } catch {
      /* exited */
    }
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssMiB(pid));
      return { peak, samples: samples + 1 };
    },
  };
}

// ---------------------------------------------------------------- generated audio

/**
 * Deterministic "random-ish" bytes, streamed in 1 MiB chunks: one random MiB,
 * each copy stamped with its index, so any range's expected bytes are known
 * without ever holding the object.
 */
class Pattern {
  private readonly base = randomBytes(MiB);

  stream(size: number): Readable {
    const chunk = (i: number) => this.chunk(i);
    return Readable.from(
      (function* () {
        for (let offset = 0, i = 0; offset < size; offset += MiB, i++)
          yield chunk(i).subarray(0, Math.min(MiB, size - offset));
      })(),
      { objectMode: false },
    );
  }

  slice(start: number, endInclusive: number): Buffer {
    const parts: Buffer[] = [];
    for (let at = start; at <= endInclusive;) {
      const index = Math.floor(at / MiB);
      const to = Math.min(MiB, endInclusive - index * MiB + 1);
      parts.push(this.chunk(index).subarray(at - index * MiB, to));
      at = index * MiB + to;
    }
    return Buffer.concat(parts);
  }

  private chunk(index: number): Buffer {
    const b = Buffer.allocUnsafe(MiB);
    this.base.copy(b);
    b.writeUInt32BE(index, 0);
    return b;
  }
}

// ---------------------------------------------------------------- clients

interface Fetched {
  status: number;
  /** Request start to response headers (HTTP paths only). */
  headersMs?: number;
  /** Request start to first body byte. */
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  /** 'data' events the client saw. */
  reads: number;
  body?: Buffer;
}

/** The one consumer for both paths: 'data' events, bytes counted and dropped unless `keep`. */
function consume(
  stream: Readable,
  t0: number,
  status: number,
  keep: boolean,
  headersMs?: number,
  onChunk?: (c: Buffer) => void,
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let ttfbMs = -1;
    let bytes = 0;
    let reads = 0;
    const parts: Buffer[] = [];
    stream.on('data', (c: Buffer) => {
      if (ttfbMs < 0) ttfbMs = performance.now() - t0;
      bytes += c.length;
      reads++;
      if (keep) parts.push(c);
      onChunk?.(c);
    });
    stream.once('end', () =>
      resolve({
        status,
        headersMs,
        ttfbMs,
        totalMs: performance.now() - t0,
        bytes,
        reads,
        body: keep ? Buffer.concat(parts) : undefined,
      }),
    );
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('response aborted')));
  });
}

function apiGet(
  agent: http.Agent,
  port: number,
  urlPath: string,
  headers: http.OutgoingHttpHeaders,
  keep = false,
  method: 'GET' | 'HEAD' = 'GET',
  onChunk?: (c: Buffer) => void,
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers, agent }, (res) => {
      consume(res, t0, res.statusCode ?? 0, keep, performance.now() - t0, onChunk).then(resolve, reject);
    });
    req.once('error', reject);
    req.end();
  });
}

async function s3Get(
  s3: S3Client,
  bucket: string,
  key: string,
  range?: [number, number],
  keep = false,
): Promise<Fetched> {
  const t0 = performance.now();
  const out = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: range && `bytes=${range[0]}-${range[1]}` }),
  );
  return consume(out.Body as Readable, t0, out.$metadata.httpStatusCode ?? 0, keep);
}

function expectFetched(what: string, f: Fetched, status: number, bytes: number, expected?: Buffer): void {
  if (f.status !== status) throw new Error(`${what}: status ${f.status}, expected ${status}`);
  if (f.bytes !== bytes) throw new Error(`${what}: ${f.bytes} bytes, expected ${bytes}`);
  if (expected && f.body && !f.body.equals(expected))
    throw new Error(`${what}: body differs from the sealed plaintext`);
}

// ---------------------------------------------------------------- statistics and tables

const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const percentile = (xs: number[], p: number) => {
  const s = sortNum(xs);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const median = (xs: number[]) => {
  const s = sortNum(xs);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

function table(head: string[], rows: string[][], right = head.map((_, i) => i > 0)): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${w.map((n, i) => (right[i] ? `${'-'.repeat(n - 1)}:` : '-'.repeat(n))).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------- the benchmark

export async function run(): Promise<void> {
  await resetTestDatabase(DATABASE_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-bench-storage-'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let service: Service | undefined;
  let rt: OpenRuntime | undefined;
  let s3: S3Client | undefined;
  let s3Server: Awaited<ReturnType<typeof startS3>> | undefined;
  try {
    s3Server = await startS3(dataDir);
    service = await startService(dataDir, s3Server.env);
    const { pid, port } = service;
    await sleep(1000);
    const baselineRss = rssMiB(pid);

    // This process reaches the child's embedded s3rver and KMS the way the operator CLI does (DATA_DIR/embedded.json).
    const config: AppConfig = loadConfig({ DATABASE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...s3Server.env });
    rt = await openRuntime(config, { reuseEmbedded: true, migrate: false });
    s3 = createS3Client(rt.services.s3);
    const store = new ObjectStore(s3, rt.services);
    const envelope = new EnvelopeService(
      new DataKeyRepository(rt.dataSource.getRepository(DataKeyEntity)),
      config,
      new KmsService(rt.services),
      store,
      new PgNotifications(rt.services, rt.dataSource),
    );
    const tenant = await TenantService.open(rt.dataSource).create('bench');
    const token = await issueDevToken(
      await loadDevIssuerKey(dataDir),
      {
        subject: 'qa@bench',
        audience: config.oidc.audience,
        role: 'qa',
        tenant: tenant.name,
        roleClaim: config.oidc.roleClaim,
        tenantClaim: config.oidc.tenantClaim,
      },
      3600,
    );
    const auth = { Authorization: `Bearer ${token}` };
    const pattern = new Pattern();
    const recordings = rt.dataSource.getRepository(RecordingEntity);

    const seal = async (size: number) => {
      const rec = await recordings.save(
        recordings.create({
          tenantId: tenant.id,
          externalCallId: `bench-${size}-${randomBytes(4).toString('hex')}`,
          status: 'processing',
          mediaFormat: 'wav',
        }),
      );
      const t0 = performance.now();
      const sealed = await envelope.seal({
        tenantId: tenant.id,
        recordingId: rec.id,
        kind: 'recording',
        wrappingKeyId: null,
        source: pattern.stream(size),
      });
      const ms = performance.now() - t0;
      if (sealed.plaintextSize !== size) throw new Error(`sealed ${sealed.plaintextSize} bytes, expected ${size}`);
      await recordings.update(
        { id: rec.id },
        {
          status: 'available',
          objectKey: sealed.objectKey,
          objectSize: String(sealed.ciphertextSize),
          objectSha256: Buffer.from(sealed.sha256, 'hex'),
        },
      );
      return { id: rec.id, ms, ciphertextSize: sealed.ciphertextSize, objectKey: sealed.objectKey };
    };
    const audio = (id: string) => `/v1/recordings/${id}/audio`;

    const load = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    console.log(`\nMachine: ${os.cpus().length} CPUs, Node ${process.version}, load average at start ${load()}`);
    console.log(
      `Setup: service pid ${pid} on 127.0.0.1:${port} with the development KMS in ${dataDir}; s3rver in its own process (pid ${s3Server.pid}, ${s3Server.env.S3_ENDPOINT}); ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`,
    );
    const big = await seal(BIG);
    console.log(
      `  sealed ${BIG / MiB} MiB recording in ${(big.ms / 1000).toFixed(1)} s (${mibps(BIG, big.ms).toFixed(0)} MiB/s, ciphertext ${big.ciphertextSize} B)`,
    );
    const bigKey = big.objectKey;
    const small = await seal(SMALL);
    console.log(`  sealed ${SMALL / MiB} MiB recording in ${(small.ms / 1000).toFixed(1)} s`);
    const plainKey = `bench/plain-${BIG}`;
    const t0 = performance.now();
    await store.put(plainKey, pattern.stream(BIG));
    console.log(
      `  uploaded ${BIG / MiB} MiB plain object in ${((performance.now() - t0) / 1000).toFixed(1)} s (same ObjectStore.put, no encryption)`,
    );
    const bucket = store.bucket;

    // ------------------------------------------------------------ 1. full stream vs raw GET
    const fullApi = () => apiGet(agent, port, audio(big.id), auth);
    const fullRaw = () => s3Get(s3!, bucket, plainKey);
    // EnvelopeService.openRange in this process: the same S3 GET + decrypt, without the service's HTTP response.
    const fullLocal = async () => {
      const t = performance.now();
      return consume(await envelope.openRange(bigKey, big.ciphertextSize, 0, BIG - 1), t, 200, false);
    };
    // Warm-up, untimed: JIT, keep-alive sockets, the data-key cache and the authenticated length;
    // this one stream is also checked byte for byte (SHA-256) against the generated plaintext.
    const want = createHash('sha256');
    for await (const c of pattern.stream(BIG)) want.update(c as Buffer);
    const got = createHash('sha256');
    expectFetched(
      'API warm-up',
      await apiGet(agent, port, audio(big.id), auth, false, 'GET', (c) => got.update(c)),
      200,
      BIG,
    );
    if (got.digest('hex') !== want.digest('hex'))
      throw new Error('the streamed recording differs from the sealed plaintext');
    expectFetched('raw warm-up', await fullRaw(), 200, BIG);
    expectFetched('in-process warm-up', await fullLocal(), 200, BIG);
    // Wall-clock rates, and CPU ms per MiB of the service process and of this (client) process: the CPU
    // figures hold up when other work shares the machine's cores, the rates do not.
    type Path = 'api' | 'raw' | 'local';
    const rates: Record<Path, number[]> = { api: [], raw: [], local: [] };
    const svcCpu: Record<Path, number[]> = { api: [], raw: [], local: [] };
    const cliCpu: Record<Path, number[]> = { api: [], raw: [], local: [] };
    const readSize: Record<Path, number[]> = { api: [], raw: [], local: [] };
    const apiTtfb: number[] = [];
    const fetchers: Record<Path, () => Promise<Fetched>> = { api: fullApi, raw: fullRaw, local: fullLocal };
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, alternating which goes first.
      for (const which of i % 2 ? (['local', 'raw', 'api'] as const) : (['api', 'raw', 'local'] as const)) {
        const svc0 = cpuMs(pid);
        const cli0 = ownCpuMs();
        const f = await fetchers[which]();
        svcCpu[which].push((cpuMs(pid) - svc0) / (BIG / MiB));
        cliCpu[which].push((ownCpuMs() - cli0) / (BIG / MiB));
        expectFetched(`${which} full`, f, 200, BIG);
        rates[which].push(mibps(BIG, f.totalMs));
        readSize[which].push(f.bytes / f.reads / 1024);
        if (which === 'api') apiTtfb.push(f.ttfbMs);
      }
    }
    const { api, raw } = rates;
    // Each API run against the raw run next to it in time: the ratio least disturbed by other load on the machine.
    const paired = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));

    // ------------------------------------------------------------ 1b. the same ratio by object size
    const bySize: { size: number; api: number; raw: number; ratio: number; runs: number }[] = [];
    for (const size of [...SIZES, SMALL]) {
      const rec = size === SMALL ? small : await seal(size);
      const plain = `bench/plain-${size}`;
      await store.put(plain, pattern.stream(size));
      expectFetched(`API ${size} warm-up`, await apiGet(agent, port, audio(rec.id), auth), 200, size);
      expectFetched(`raw ${size} warm-up`, await s3Get(s3, bucket, plain), 200, size);
      const runs = Math.min(31, Math.max(RUNS, Math.round((RUNS * BIG) / size / 20)));
      const a: number[] = [];
      const r: number[] = [];
      for (let i = 0; i < runs; i++) {
        const pair = i % 2 ? (['raw', 'api'] as const) : (['api', 'raw'] as const);
        for (const which of pair) {
          const f = which === 'api' ? await apiGet(agent, port, audio(rec.id), auth) : await s3Get(s3, bucket, plain);
          expectFetched(`${which} ${size}`, f, 200, size);
          (which === 'api' ? a : r).push(mibps(size, f.totalMs));
        }
      }
      bySize.push({ size, api: median(a), raw: median(r), ratio: paired(a, r), runs });
    }
    bySize.push({ size: BIG, api: median(api), raw: median(raw), ratio: paired(api, raw), runs: RUNS });

    // ------------------------------------------------------------ 2. TTFB of a 64 KiB range, 0 vs 95 %
    const at95 = Math.floor((BIG * 0.95) / 4096) * 4096;
    const at50 = Math.floor((BIG * 0.5) / 4096) * 4096;
    const ranges = { '0': 0, '50%': at50, '95%': at95 } as const;
    const expected = {
      '0': pattern.slice(0, RANGE_SIZE - 1),
      '50%': pattern.slice(at50, at50 + RANGE_SIZE - 1),
      '95%': pattern.slice(at95, at95 + RANGE_SIZE - 1),
    };
    const offsets = ['0', '50%', '95%'] as const;
    const rangeApi = (k: keyof typeof ranges) =>
      apiGet(agent, port, audio(big.id), { ...auth, Range: `bytes=${ranges[k]}-${ranges[k] + RANGE_SIZE - 1}` }, true);
    const rangeRaw = (k: keyof typeof ranges) =>
      s3Get(s3!, bucket, plainKey, [ranges[k], ranges[k] + RANGE_SIZE - 1], true);
    // The first request to a recording authenticates its length (one extra small GET); the full streams above
    // already did, and this warms both offsets once more before timing.
    for (const k of offsets) {
      for (let i = 0; i < 3; i++) {
        expectFetched(`API range ${k} warm-up`, await rangeApi(k), 206, RANGE_SIZE, expected[k]);
        expectFetched(`raw range ${k} warm-up`, await rangeRaw(k), 206, RANGE_SIZE, expected[k]);
      }
    }
    const rangeLocal = async (k: keyof typeof ranges) => {
      const t = performance.now();
      return consume(
        await envelope.openRange(bigKey, big.ciphertextSize, ranges[k], ranges[k] + RANGE_SIZE - 1),
        t,
        206,
        true,
      );
    };
    const head = () => apiGet(agent, port, audio(big.id), auth, false, 'HEAD');
    for (const k of offsets)
      expectFetched(`in-process range ${k} warm-up`, await rangeLocal(k), 206, RANGE_SIZE, expected[k]);
    expectFetched('HEAD warm-up', await head(), 200, 0);
    const ttfb: Record<string, number[]> = {};
    for (const what of ['API GET', 'raw S3 GET', 'openRange in bench process'])
      for (const k of offsets) ttfb[`${what} ${k}`] = [];
    ttfb['API HEAD (headers)'] = [];
    for (let i = 0; i < RANGE_REPS; i++) {
      for (const k of i % 2 ? [...offsets].reverse() : offsets) {
        const a = await rangeApi(k);
        expectFetched(`API range ${k}`, a, 206, RANGE_SIZE, expected[k]);
        ttfb[`API GET ${k}`].push(a.ttfbMs);
        const r = await rangeRaw(k);
        expectFetched(`raw range ${k}`, r, 206, RANGE_SIZE, expected[k]);
        ttfb[`raw S3 GET ${k}`].push(r.ttfbMs);
        const l = await rangeLocal(k);
        expectFetched(`in-process range ${k}`, l, 206, RANGE_SIZE, expected[k]);
        ttfb[`openRange in bench process ${k}`].push(l.ttfbMs);
      }
      const h = await head();
      expectFetched('HEAD', h, 200, 0);
      ttfb['API HEAD (headers)'].push(h.headersMs!);
    }

    // One cold request for contrast: the first ever to the 100 MiB recording (key unwrapped by KMS, length authenticated).
    const cold = await apiGet(agent, port, audio(small.id), { ...auth, Range: `bytes=0-${RANGE_SIZE - 1}` }, true);
    expectFetched('cold range', cold, 206, RANGE_SIZE, pattern.slice(0, RANGE_SIZE - 1));

    // ------------------------------------------------------------ 3. peak RSS under concurrent full streams
    const concurrent = async (label: string, id: string, size: number, clients: number) => {
      await sleep(2000);
      const idle = rssMiB(pid);
      const hwmReset = resetPeak(pid);
      const sampler = sampleRss(pid);
      const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
      const start = performance.now();
      try {
        const all = await Promise.all(
          Array.from({ length: clients }, () => apiGet(streamAgent, port, audio(id), auth)),
        );
        for (const f of all) expectFetched(`${label} stream`, f, 200, size);
      } finally {
        streamAgent.destroy();
      }
      const ms = performance.now() - start;
      const { peak, samples } = sampler.stop();
      return {
        label,
        idle,
        peak,
        hwm: hwmReset ? rssMiB(pid, 'VmHWM') : undefined,
        samples,
        ms,
        rate: mibps(size * clients, ms),
      };
    };
    const many = await seal(MANY_SIZE);
    const afterSetupRss = rssMiB(pid);
    const conc = [
      await concurrent(`1 × ${BIG / MiB} MiB`, big.id, BIG, 1),
      await concurrent(`${CLIENTS} × ${SMALL / MiB} MiB`, small.id, SMALL, CLIENTS),
      await concurrent(`${CLIENTS} × ${BIG / MiB} MiB`, big.id, BIG, CLIENTS),
      await concurrent(`${MANY} × ${MANY_SIZE / MiB} MiB`, many.id, MANY_SIZE, MANY),
    ];

    // ------------------------------------------------------------ report
    const f1 = (n: number) => n.toFixed(1);
    const f0 = (n: number) => n.toFixed(0);
    console.log(
      `\n### 1. Full ${BIG / MiB} MiB stream, ${RUNS} interleaved runs each after one untimed warm-up (one client, keep-alive)\n`,
    );
    const ratioBest = Math.max(...api) / Math.max(...raw);
    const ratioMedian = median(api) / median(raw);
    const f2 = (n: number) => n.toFixed(2);
    const row1 = (label: string, p: Path) => [
      label,
      f0(Math.max(...rates[p])),
      f0(median(rates[p])),
      f0(Math.min(...rates[p])),
      f2(median(svcCpu[p])),
      f2(median(cliCpu[p])),
      f1(median(readSize[p])),
    ];
    table(
      [
        'path',
        'best MiB/s',
        'median MiB/s',
        'worst MiB/s',
        'service CPU ms/MiB',
        'client CPU ms/MiB',
        'client read KiB',
      ],
      [
        row1('GET /v1/recordings/:id/audio (decrypt, 200)', 'api'),
        row1('raw S3 GetObject, plain object, same s3rver', 'raw'),
        row1('EnvelopeService.openRange in the bench process', 'local'),
        [
          'API / raw (goal ≥ 0.85): best, median of medians, median of paired runs',
          f2(ratioBest),
          `${f2(ratioMedian)} (paired ${f2(paired(api, raw))})`,
          '',
          f2(median(svcCpu.api) / median(svcCpu.raw)),
          f2(median(cliCpu.api) / median(cliCpu.raw)),
          '',
        ],
      ],
    );
    console.log(
      '(CPU and read-size columns: medians. s3rver runs in its own process, so the service CPU is the service alone; ' +
        '"client read KiB" is the mean size of the data events this process received.)',
    );
    console.log(`\nAPI full-stream time to first byte: median ${f1(median(apiTtfb))} ms`);
    console.log(`\n### 1b. Stream throughput by object size (medians; ratio = median of paired API/raw runs)\n`);
    table(
      ['object', 'runs', 'API MiB/s', 'raw S3 MiB/s', 'API / raw'],
      bySize.map((b) => [`${b.size / MiB} MiB`, String(b.runs), f0(b.api), f0(b.raw), f2(b.ratio)]),
    );

    console.log(
      `\n### 2. Time to first byte of a 64 KiB range (bytes=a-(a+65535)), a = 0, ${at50} (50 %) and ${at95} (95 %), ` +
        `${RANGE_REPS} interleaved rounds; length authenticated and data key cached beforehand (warm)\n`,
    );
    const rows2 = Object.entries(ttfb).map(([k, xs]) => [
      k,
      f1(percentile(xs, 0.5)),
      f1(percentile(xs, 0.95)),
      f1(Math.min(...xs)),
      f1(Math.max(...xs)),
    ]);
    for (const k of ['50%', '95%'] as const) {
      const p50 = percentile(ttfb[`API GET ${k}`], 0.5) / percentile(ttfb['API GET 0'], 0.5);
      const p95 = percentile(ttfb[`API GET ${k}`], 0.95) / percentile(ttfb['API GET 0'], 0.95);
      rows2.push([`API GET ${k} / API GET 0 (goal ≤ 1.5)`, p50.toFixed(2), p95.toFixed(2), '', '']);
    }
    for (const k of offsets) {
      const p50 = percentile(ttfb[`API GET ${k}`], 0.5) / percentile(ttfb[`raw S3 GET ${k}`], 0.5);
      const p95 = percentile(ttfb[`API GET ${k}`], 0.95) / percentile(ttfb[`raw S3 GET ${k}`], 0.95);
      rows2.push([`API GET ${k} / raw S3 GET ${k}`, p50.toFixed(2), p95.toFixed(2), '', '']);
    }
    table(['request', 'p50 ms', 'p95 ms', 'min ms', 'max ms'], rows2);
    console.log(
      `\nCold, for contrast (not in the ratio): the first request to the ${SMALL / MiB} MiB recording, ` +
        `bytes=0-${RANGE_SIZE - 1}, data key not cached and length not yet authenticated: ${f1(cold.ttfbMs)} ms to first byte`,
    );

    console.log(
      `\n### 3. Service process RSS (child pid ${pid}: Nest app + embedded s3rver + KMS; sampled every ${SAMPLE_MS} ms)\n`,
    );
    table(
      [
        'scenario',
        'wall s',
        'aggregate MiB/s',
        'idle RSS before MiB',
        'peak RSS MiB',
        'peak − idle MiB',
        'kernel VmHWM MiB',
      ],
      [
        ['baseline: idle after start-up', '', '', f0(baselineRss), '', '', ''],
        ['idle after setup and parts 1–2', '', '', f0(afterSetupRss), '', '', ''],
        ...conc.map((c) => [
          `${c.label} concurrent`,
          f1(c.ms / 1000),
          f0(c.rate),
          f0(c.idle),
          f0(c.peak),
          f0(c.peak - c.idle),
          c.hwm === undefined ? 'n/a' : f0(c.hwm),
        ]),
      ],
    );
    console.log(`\nLoad average at end: ${load()} (other processes on the machine share its CPUs)`);
    const [, smallRun, bigRun] = conc;
    console.log(
      `\n${CLIENTS} × ${BIG / MiB} MiB peak / ${CLIENTS} × ${SMALL / MiB} MiB peak = ${(bigRun.peak / smallRun.peak).toFixed(2)} ` +
        `(object ${BIG / SMALL}× larger); ${conc.reduce((n, c) => n + c.samples, 0)} RSS samples`,
    );
  } finally {
    agent.destroy();
    s3?.destroy();
    await rt?.close().catch(() => undefined);
    await service?.stop();
    if (s3Server && s3Server.child.exitCode === null) {
      const exited = new Promise((r) => s3Server!.child.once('exit', r));
      s3Server.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
