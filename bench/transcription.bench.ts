/**
 * Transcription: what the openai-compatible path adds per hour of audio beyond
 * the engine's own work (ffmpeg decode, channel split, silence chunking, WAV
 * framing, multipart upload over loopback, verbose_json parsing, stitching),
 * against a bare ffmpeg decode of the same hour; and full-text search latency
 * over 10,000 redacted transcripts against a plain indexed lookup. Resets the
 * database `vault_bench` (BENCH_DATABASE_URL to override).
 *
 *   npm run bench -- transcription
 */
import busboy from 'busboy';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataSource, migrate } from '../src/database/data-source';
import { MediaDriver } from '../src/modules/media/media.driver';
import { pcm16Wav } from '../src/modules/media/pcm-wav';
import { OpenAiCompatibleTranscriber } from '../src/modules/transcription/openai-compatible.transcriber';
import { opener } from '../test/fixtures/audio';
import { resetTestDatabase } from '../test/support/database';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench';
const HOUR = 3600;
const RATE = 8000;
const TRANSCRIPTS = 10_000;
const QUERIES = 300;

/** One hour of stereo "speech": 300 Hz bursts of 0.2–0.6 s with pauses, each channel its own. */
function hourOfSpeech(): Buffer {
  let s = 17;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const frames = HOUR * RATE;
  const pcm = new Int16Array(frames * 2);
  for (const ch of [0, 1]) {
    for (let at = 0; at < frames;) {
      at += Math.floor((0.1 + rand() * 0.8) * RATE);
      const len = Math.floor((0.2 + rand() * 0.4) * RATE);
      for (let i = 0; i < len && at + i < frames; i++)
        pcm[(at + i) * 2 + ch] = Math.round(6000 * Math.sin((2 * Math.PI * (250 + 100 * ch) * i) / RATE));
      at += len;
    }
  }
  return pcm16Wav(pcm, RATE, 2);
}

/** An engine that answers at once: a word every 0.45 s of the chunk, as verbose_json. Its own time is measured. */
async function instantEngine() {
  const stats = { requests: 0, engineMs: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    const bb = busboy({ headers: req.headers });
    let bytes = 0;
    bb.on('file', (_n, stream) => stream.on('data', (c: Buffer) => (bytes += c.length)));
    bb.on('close', () => {
      const t0 = performance.now();
      const seconds = (bytes - 44) / 2 / RATE;
      const words = Array.from({ length: Math.floor(seconds / 0.45) }, (_, i) => ({
        word: ` word${i % 50}`,
        start: Math.round(i * 45) / 100,
        end: Math.round(i * 45 + 30) / 100,
      }));
      const body = JSON.stringify({ task: 'transcribe', language: 'english', duration: seconds, text: '', words });
      stats.engineMs += performance.now() - t0;
      stats.requests++;
      stats.bytes += bytes;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    req.pipe(bb);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

async function openAiPath(): Promise<void> {
  const wav = hourOfSpeech();
  const driver = new MediaDriver({ timeoutMs: 10 * 60_000 });
  const open = opener(wav, 64 * 1024);
  const probe = await driver.probe(open);
  const decode = await timed(async () => {
    let n = 0;
    for await (const pcm of driver.decodePcm(open, probe)) n += pcm.length;
    return n;
  });
  const engine = await instantEngine();
  try {
    const rows: { name: string; seconds: number; engine: number; requests: number; words: number }[] = [];
    for (const chunkMin of [10, 2]) {
      const before = { ...engine.stats };
      const transcriber = new OpenAiCompatibleTranscriber({
        url: engine.url,
        model: 'bench',
        chunkMs: chunkMin * 60_000,
        timeoutMs: 120_000,
        retry: { retries: 0, backoffMs: 0 },
        egress: { allowedHosts: ['127.0.0.1'] },
      });
      const run = await timed(() =>
        transcriber.transcribe(
          {
            tenantId: 't',
            recordingId: 'r',
            format: probe.format,
            sampleRate: probe.sampleRate,
            channels: probe.channels,
            pcm: () => driver.decodePcm(open, probe),
            encoded: open,
          },
          AbortSignal.timeout(600_000),
        ),
      );
      rows.push({
        name: `openai-compatible, ${chunkMin} min chunks`,
        seconds: run.seconds,
        engine: (engine.stats.engineMs - before.engineMs) / 1000,
        requests: engine.stats.requests - before.requests,
        words: run.value.words.length,
      });
    }
    console.log(`\nTranscription path, 1 h 8 kHz stereo WAV (${(wav.length / 1e6).toFixed(0)} MB), loopback engine\n`);
    console.log('| path | seconds | engine’s own | added (path − engine) | vs bare decode | requests | words |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| bare ffmpeg decode (peer) | ${decode.seconds.toFixed(2)} | – | – | 1.00× | – | – |`);
    for (const r of rows) {
      const added = r.seconds - r.engine;
      console.log(
        `| ${r.name} | ${r.seconds.toFixed(2)} | ${r.engine.toFixed(3)} | ${added.toFixed(2)} s per hour | ${(added / decode.seconds).toFixed(2)}× | ${r.requests} | ${r.words} |`,
      );
    }
  } finally {
    await engine.close();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function search(): Promise<void> {
  await resetTestDatabase(DATABASE_URL);
  const ds = createDataSource(DATABASE_URL, 4);
  await ds.initialize();
  try {
    await migrate(ds);
    const [tenant] = await ds.query<{ id: string }[]>(`INSERT INTO tenants (name) VALUES ('bench') RETURNING id`);
    let s = 5;
    const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    // Zipf-like: common words are common, as in speech.
    const word = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)];
    for (let batch = 0; batch < TRANSCRIPTS / 500; batch++) {
      const texts = Array.from({ length: 500 }, () => Array.from({ length: 600 }, word).join(' '));
      await ds.query(
        `WITH r AS (
           INSERT INTO recordings (tenant_id, external_call_id, status)
           SELECT $1, 'call-' || g, 'available' FROM generate_series($2::int, $2::int + 499) g
           RETURNING id, external_call_id)
         INSERT INTO recording_transcripts (recording_id, tenant_id, object_key, words, search)
         SELECT r.id, $1, 'k/' || r.id, 600, to_tsvector('simple', t.text)
         FROM r JOIN unnest($3::text[]) WITH ORDINALITY t(text, n) ON r.external_call_id = 'call-' || ($2::int + t.n - 1)`,
        [tenant.id, batch * 500, texts],
      );
    }
    await ds.query('ANALYZE');
    const measure = async (sql: string, param: () => unknown[]) => {
      const ms: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const t0 = performance.now();
        await ds.query(sql, param());
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b);
    };
    // The list query the API runs with ?q= (newest first, one page of 50).
    const fts = `SELECT r.id FROM recordings r WHERE r.tenant_id = $1 AND EXISTS (SELECT 1 FROM recording_transcripts rt
      WHERE rt.recording_id = r.id AND rt.tenant_id = r.tenant_id AND rt.search @@ websearch_to_tsquery('simple', $2))
      ORDER BY r.created_at DESC LIMIT 50`;
    const rows = [
      ['q = one rare word', await measure(fts, () => [tenant.id, vocabulary[1000 + Math.floor(rand() * 4000)]])],
      [
        'q = two common words',
        await measure(fts, () => [
          tenant.id,
          `${vocabulary[Math.floor(rand() * 50)]} ${vocabulary[Math.floor(rand() * 50)]}`,
        ]),
      ],
      ['q = "a phrase"', await measure(fts, () => [tenant.id, `"${word()} ${word()}"`])],
      [
        'plain indexed lookup (externalCallId, peer)',
        await measure(
          `SELECT r.id FROM recordings r WHERE r.tenant_id = $1 AND r.external_call_id = $2 ORDER BY r.created_at DESC LIMIT 50`,
          () => [tenant.id, `call-${Math.floor(rand() * TRANSCRIPTS)}`],
        ),
      ],
    ] as const;
    const peer = rows[3][1];
    console.log(`\nSearch over ${TRANSCRIPTS} redacted transcripts of 600 words (${QUERIES} queries each)\n`);
    console.log('| query | p50 ms | p95 ms | p50 vs lookup | p95 vs lookup |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, ms] of rows) {
      console.log(
        `| ${name} | ${percentile(ms, 0.5).toFixed(2)} | ${percentile(ms, 0.95).toFixed(2)} | ${(percentile(ms, 0.5) / percentile(peer, 0.5)).toFixed(1)}× | ${(percentile(ms, 0.95) / percentile(peer, 0.95)).toFixed(1)}× |`,
      );
    }
  } finally {
    await ds.destroy();
  }
}

export async function run(): Promise<void> {
  await openAiPath();
  await search();
}
