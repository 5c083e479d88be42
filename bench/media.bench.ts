import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ffmpeg, opener } from '../test/fixtures/audio';
import { MediaDriver } from '../src/modules/media/media.driver';
import type { TimeSpan } from '../src/modules/media/media.types';

/**
 * Redaction cost on a 1-hour 8 kHz mono recording with 10 spans, against bare
 * ffmpeg doing the same format round trip (the floor a decode+encode can reach).
 * Everything goes through pipes from memory so both sides pay the same I/O.
 */

const HOUR = 3600;
const SPANS: TimeSpan[] = Array.from({ length: 10 }, (_, i) => ({
  startMs: i * 350_000 + 12_345.5,
  endMs: i * 350_000 + 16_789.25,
}));

interface Row {
  name: string;
  seconds: number;
  floor?: number;
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

function bareFfmpeg(input: Buffer, args: string[]): Promise<number> {
  const child = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-i', 'pipe:0', ...args, 'pipe:1'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  return drain(child.stdout);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function run(): Promise<Row[]> {
  const driver = new MediaDriver({ timeoutMs: 10 * 60_000 });
  const source = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=8000:duration=${HOUR}`];
  const inputs = {
    pcm: ffmpeg([...source, '-c:a', 'pcm_s16le', '-f', 'wav']),
    mulaw: ffmpeg([...source, '-c:a', 'pcm_mulaw', '-f', 'wav']),
    mp3: ffmpeg([...source, '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3']),
  };
  const rows: Row[] = [];
  for (const [name, input, floorArgs] of [
    ['WAV PCM: in-place patch', inputs.pcm, ['-f', 'wav']],
    ['WAV µ-law: in-place patch', inputs.mulaw, ['-c:a', 'pcm_mulaw', '-f', 'wav']],
    ['MP3: decode → mute → encode', inputs.mp3, ['-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3']],
  ] as const) {
    const probe = await driver.probe(opener(input, 64 * 1024));
    const ours = await timed(() => drain(driver.redact(opener(input, 64 * 1024), probe, SPANS)));
    const floor = await timed(() => bareFfmpeg(input, [...floorArgs]));
    const verify = await timed(() => driver.measureSpans(opener(input, 64 * 1024), probe, SPANS));
    rows.push({ name, seconds: ours, floor }, { name: `  bare ffmpeg ${probe.codec} → same`, seconds: floor });
    rows.push({ name: '  measureSpans (verify decode)', seconds: verify });
  }
  printTable(rows);
  return rows;
}

function printTable(rows: Row[]): void {
  const lines = [
    '| 1 h 8 kHz mono, 10 spans | seconds | × real time | vs bare ffmpeg |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const ratio = r.floor ? `${(r.seconds / r.floor).toFixed(2)}× the time` : '';
      return `| ${r.name} | ${r.seconds.toFixed(2)} | ${Math.round(HOUR / r.seconds)}× | ${ratio} |`;
    }),
  ];
  console.log(lines.join('\n'));
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
