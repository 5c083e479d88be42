/**
 * Redact + seal + verify of one long re-encoded call, as RedactStep does it
 * (its own redactAndVerify, through the Nest app): wall time and CPU, this
 * process and its ffmpeg children apart. The input is 1 h of 8 kHz mono MP3
 * at 32 kb/s made by ffmpeg: a voiced hum with a keypad tone every 3 minutes,
 * found and padded by the pipeline's own DTMF pass. Not part of `npm test`.
 *
 *   BENCH_DATABASE_URL=postgres://…/vault_bench npm run bench -- redact-verify
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { createApp, openRuntime, type OpenRuntime } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { lazyStream } from '../src/modules/ingest/pipeline/pipeline.support';
import { RedactStep } from '../src/modules/ingest/pipeline/redact.step';
import { paddedRanges } from '../src/modules/ingest/pipeline/spans';
import { MediaDriver } from '../src/modules/media/media.driver';
import type { OpenStream, ProbeResult, TimeSpan } from '../src/modules/media/media.types';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import type { RedactionSpan, VerificationResult } from '../src/modules/redaction/redaction.types';
import { TenantService } from '../src/modules/tenants/tenant.service';
import { resetTestDatabase } from '../test/support/database';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench';
const SECONDS = 3600;
const RUNS = 3;
const CLK_TCK = 100;
const run$ = promisify(execFile);

/** RedactStep's private passes, called as the step calls them. */
interface StepInternals {
  detectDtmf(open: OpenStream, probe: ProbeResult): Promise<{ durationMs: number; dtmf: RedactionSpan[] }>;
  redactAndVerify(
    rec: RecordingEntity,
    wrappingKeyId: string | null,
    open: OpenStream,
    probe: ProbeResult,
    ranges: TimeSpan[],
    mode: 'mute' | 'tone',
    durationMs: number,
  ): Promise<{ sealed: { objectKey: string } | null; verification: VerificationResult }>;
}

function cpuSeconds(): { self: number; children: number } {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return { self: (f[11] + f[12]) / CLK_TCK, children: (f[13] + f[14]) / CLK_TCK };
}

async function makeMp3(file: string): Promise<void> {
  // A 2 s keypad "1" every 180 s over a 220 Hz hum with a syllable-rate envelope and a little noise.
  const voice = '0.25*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*3*t))+0.01*(2*random(0)-1)';
  const key = '0.35*(sin(2*PI*697*t)+sin(2*PI*1209*t))';
  const expr = `if(between(mod(t,180),60,62),${key},${voice})`;
  await run$('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc=exprs='${expr}':s=8000:d=${SECONDS}`],
    ...['-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3', file],
  ]);
}

export async function run(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redact-verify-'));
  let rt: OpenRuntime | undefined;
  let app: INestApplication | undefined;
  try {
    const mp3 = path.join(tmp, 'call.mp3');
    await makeMp3(mp3);
    const audio = fs.readFileSync(mp3);
    await resetTestDatabase(DATABASE_URL);
    const config = loadConfig({
      DATABASE_URL,
      DATA_DIR: path.join(tmp, 'data'),
      LOG_LEVEL: 'silent',
      WORKER_ENABLED: 'false',
    });
    rt = await openRuntime(config);
    app = await createApp(rt, { logger: false });
    await app.init();
    const step = app.get<RedactStep, StepInternals>(RedactStep);
    const envelope = app.get(EnvelopeService);
    const media = app.get(MediaDriver);
    const tenant = await app.get(TenantService).create('bench-redact-verify');
    const recordings = rt.dataSource.getRepository(RecordingEntity);

    const rec = await recordings.save(
      recordings.create({ tenantId: tenant.id, externalCallId: 'redact-verify', status: 'processing' }),
    );
    const quarantine = await envelope.seal({
      tenantId: tenant.id,
      recordingId: rec.id,
      kind: 'quarantine',
      wrappingKeyId: null,
      source: Readable.from([audio]),
    });
    const open = lazyStream(() => envelope.open(quarantine.objectKey));
    const probe = await media.probe(open);
    const { durationMs, dtmf } = await step.detectDtmf(open, probe);
    const ranges = paddedRanges(dtmf, config.redaction.paddingMs, durationMs);
    console.log(
      `\nInput: ${durationMs / 1000} s ${probe.codec} ${probe.sampleRate} Hz ${probe.channels} ch, ` +
        `${(audio.length / 2 ** 20).toFixed(1)} MiB, ${dtmf.length} keypad spans; ` +
        `${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}\n`,
    );
    console.log('| run | wall s | CPU node s | CPU ffmpeg s | CPU total s | verification |');
    console.log('|---|---|---|---|---|---|');
    for (let r = 1; r <= RUNS; r++) {
      const cpu0 = cpuSeconds();
      const t0 = performance.now();
      const { sealed, verification: v } = await step.redactAndVerify(
        rec,
        null,
        open,
        probe,
        ranges,
        'mute',
        durationMs,
      );
      const wall = (performance.now() - t0) / 1000;
      const cpu1 = cpuSeconds();
      const self = cpu1.self - cpu0.self;
      const kids = cpu1.children - cpu0.children;
      const verdict = `${v.passed ? 'passed' : 'FAILED'}, ${v.spansChecked} spans, worst ${v.worstPeakDbfs} dBFS`;
      console.log(
        `| ${r} | ${wall.toFixed(2)} | ${self.toFixed(2)} | ${kids.toFixed(2)} | ${(self + kids).toFixed(2)} | ${verdict} |`,
      );
      if (sealed) await envelope.shred(sealed.objectKey);
    }
  } finally {
    await app?.close();
    await rt?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
