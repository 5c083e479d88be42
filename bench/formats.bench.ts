/**
 * Ingest → available real-time factor of each input format next to 16-bit WAV:
 * the same generated call (steady two-tone voice, keypad card runs, a spoken
 * card number in the transcript and pause markers, tiled to FORMATS_BENCH_MIN
 * minutes), encoded in each format, uploaded over HTTP to the service running
 * in this process and polled until `available`. The queue polls every 500 ms
 * and a recording passes three jobs, so short calls measure mostly that: the
 * table also shows the same figure minus 1.5 s.
 *
 * Database `vault_bench_formats` on the machine's PostgreSQL, schema reset
 * (BENCH_FORMATS_DATABASE_URL to override).
 *
 *   npm run bench -- formats
 */
import { performance } from 'node:perf_hooks';

process.env.TEST_DATABASE_URL =
  process.env.BENCH_FORMATS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench_formats';

const MINUTES = Number(process.env.FORMATS_BENCH_MIN ?? 10);
const QUEUE_FLOOR_S = 1.5;

interface Row {
  label: string;
  output: string;
  bytes: number;
  seconds: number;
}

export async function run(): Promise<void> {
  // Required here, after TEST_DATABASE_URL is set: the test support reads it at load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startTestApp } = require('../test/support/app') as typeof import('../test/support/app');
  const { settle, upload } = require('../test/support/upload') as typeof import('../test/support/upload');
  const { makeCall } = require('../test/fixtures/call') as typeof import('../test/fixtures/call');
  const { amrNb, amrWb, encode } = require('../test/fixtures/audio') as typeof import('../test/fixtures/audio');
  const { prng } = require('../test/fixtures/cards') as typeof import('../test/fixtures/cards');
  const { pcm16Wav } = require('../src/modules/media/pcm-wav') as typeof import('../src/modules/media/pcm-wav');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
  try {
    await t.tenant('bench');
    const key = (await t.apiKey('bench', 'ingest')).key;
    const qa = await t.token('bench', 'qa');
    const tiles = Math.max(1, Math.round((MINUTES * 60) / 12));

    /** makeCall's 12-second call tiled: every tile has its keypad run and marker; the transcript covers every tile. */
    function longCall(rate: number, id: string) {
      const base = makeCall({ externalCallId: id, rate });
      const samples = new Int16Array(base.samples.length * tiles);
      for (let i = 0; i < tiles; i++) samples.set(base.samples, i * base.samples.length);
      const meta = base.metadata as {
        transcript: { words: Array<{ startMs: number; endMs: number }> };
        markers: Array<{ startMs: number; endMs: number }>;
      };
      const shift = <T extends { startMs: number; endMs: number }>(xs: T[]) =>
        Array.from({ length: tiles }, (_, i) =>
          xs.map((x) => ({ ...x, startMs: x.startMs + i * 12_000, endMs: x.endMs + i * 12_000 })),
        ).flat();
      return {
        wav: pcm16Wav(samples, rate),
        metadata: {
          ...base.metadata,
          transcript: { format: 'words', words: shift(meta.transcript.words) },
          markers: shift(meta.markers),
        },
      };
    }

    const formats: Array<{ label: string; rate: number; audio: (wav: Buffer) => Buffer }> = [
      { label: 'WAV PCM 8 kHz (peer)', rate: 8000, audio: (w) => w },
      { label: 'AAC in M4A 8 kHz', rate: 8000, audio: (w) => encode(w, 'aac') },
      { label: 'GSM 6.10 WAV 8 kHz', rate: 8000, audio: (w) => encode(w, 'gsm_ms') },
      { label: 'WAV PCM 16 kHz (peer)', rate: 16000, audio: (w) => w },
      { label: 'G.722 WAV 16 kHz', rate: 16000, audio: (w) => encode(w, 'adpcm_g722') },
      { label: 'AMR-NB 8 kHz', rate: 8000, audio: (w) => amrNb(w) },
    ];
    const rows: Row[] = [];
    let n = 0;
    for (const f of formats) {
      const call = longCall(f.rate, `bench-${++n}`);
      const audio = f.audio(call.wav);
      rows.push(await measure(f.label, audio, call.metadata));
    }
    // AMR-WB has no encoder here: valid frames with random parameters, 20 ms each, no transcript.
    const frames = Array.from({ length: MINUTES * 3000 }, (_, i) => (i % 500 < 25 ? 'dtx' : 'loud'));
    rows.push(
      await measure('AMR-WB 16 kHz (random frames)', amrWb(frames, prng(5)), {
        externalCallId: `bench-${++n}`,
        startedAt: '2026-11-20T15:00:00Z',
        participants: [{ id: 'customer', role: 'customer', jurisdiction: 'US-CA' }],
        consent: [{ participant: 'customer', kind: 'granted', method: 'ivr-keypress', offsetMs: 0 }],
        markers: [{ kind: 'pause', startMs: 5000, endMs: 6000 }],
      }),
    );

    async function measure(label: string, audio: Buffer, metadata: unknown): Promise<Row> {
      const started = performance.now();
      const res = await upload(t, key, metadata, audio);
      if (res.status !== 202) throw new Error(`${label}: upload answered ${res.status} ${JSON.stringify(res.body)}`);
      const rec = await settle(t, key, res.body.id, undefined, 600_000);
      const seconds = (performance.now() - started) / 1000;
      if (rec.status !== 'available') throw new Error(`${label}: ended ${rec.status} ${rec.statusReason}`);
      const { body } = await t
        .http()
        .get(`/v1/recordings/${res.body.id}/redactions`)
        .set('Authorization', `Bearer ${qa}`);
      const out = body.report.output as { format: string; codec: string; fallback?: string };
      return {
        label,
        output: `${out.format}/${out.codec}${out.fallback ? ' (fallback)' : ''}`,
        bytes: audio.length,
        seconds,
      };
    }

    const audioSeconds = tiles * 12;
    const peer = (r: Row) =>
      rows.find(
        (x) => x.label.startsWith('WAV PCM') && x.label.includes(r.label.includes('16 kHz') ? '16 kHz' : '8 kHz'),
      )!;
    console.log(
      `\nIngest → available, ${(audioSeconds / 60).toFixed(1)} min of audio per format, one upload at a time\n`,
    );
    console.log(
      '| input | stored as | size | seconds | × real time | × real time less 1.5 s queue | vs WAV at its rate |',
    );
    console.log(
      '| ----- | --------- | ---- | ------- | ----------- | ---------------------------- | ------------------ |',
    );
    for (const r of rows) {
      const rtf = audioSeconds / r.seconds;
      const net = audioSeconds / Math.max(0.05, r.seconds - QUEUE_FLOOR_S);
      const ratio = peer(r).seconds / r.seconds;
      console.log(
        `| ${r.label} | ${r.output} | ${(r.bytes / 1024 / 1024).toFixed(1)} MiB | ${r.seconds.toFixed(2)} | ${rtf.toFixed(0)}× | ${net.toFixed(0)}× | ${ratio.toFixed(2)} |`,
      );
    }
    console.log("\nvs WAV: the WAV peer's seconds divided by the format's (1.00 = as fast; 0.25 = four times slower).");
  } finally {
    await t.close();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
