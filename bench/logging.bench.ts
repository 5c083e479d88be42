/**
 * What masking every log line costs (log-masking.ts): the same lines written by a pino logger
 * with the process's options, with and without the masking hook, into a stream that drops them.
 * Typical lines (a request, a pipeline transition, a job failure with a stack and ffmpeg's
 * stderr), a line holding a card number and an API key, and a 60 KB string. Single-threaded, a
 * few seconds.
 *
 *   npm run bench -- logging
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { logOptions } from '../src/common/logging';
import { prng, randomPan } from '../test/fixtures/cards';

const ROUNDS = 20_000;

function logger(masked: boolean): pino.Logger {
  const { hooks, ...options } = logOptions({ logLevel: 'info', logFormat: 'json' });
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  return pino({ ...options, ...(masked ? { hooks } : {}), base: { context: 'bench' } }, sink);
}

const pan = randomPan(prng(7), [16]);
const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
const failure = new Error('MediaProcessingError: the output decoder failed');
const lines: [string, (log: pino.Logger) => void][] = [
  [
    'request',
    (log) =>
      log.info(
        {
          req: { id: '3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76', method: 'GET', path: '/v1/recordings/3d6f0a4e' },
          res: { statusCode: 200 },
          responseTime: 12,
        },
        'request completed',
      ),
  ],
  [
    'transition',
    (log) =>
      log.info(
        {
          recordingId: '3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76',
          tenantId: '5a0c8e2e-1b7d-4c61-8f0e-9d2b3c4a5e6f',
          stage: 'redact',
          from: 'processing',
          to: 'available',
          durationMs: 1834,
          reason: 'consent allowed',
        },
        'recording processing → available',
      ),
  ],
  [
    'job failure, stack',
    (log) =>
      log.warn(
        {
          job: 'recording.process',
          jobId: 'b7e1c1de-55c9-4b0a-9d7c-0a2f6b1d9e33',
          err: failure,
          stderr: '[wav @ 0x55d5c8a0] invalid start code in RIFF header\nError opening input files: Invalid data',
        },
        'job recording.process failed, will retry',
      ),
  ],
  [
    'card + API key',
    (log) =>
      log.warn(
        {
          metadata: {
            note: `card ${spaced}`,
            auth: 'Bearer crv_abcdefghijkl_QmFzZTY0dXJsU2VjcmV0MzJCeXRlc0hlcmUxMjM0NTY3',
          },
        },
        `echo ${pan}`,
      ),
  ],
  ['60 KB string', (log) => log.info({ blob: 'call note 0123 '.repeat(4000) }, 'large')],
];

/** CPU time, not wall time: on a shared machine the wall clock measures the neighbours too. */
function perLine(log: pino.Logger, write: (log: pino.Logger) => void, rounds: number): number {
  for (let i = 0; i < 200; i++) write(log);
  const t0 = process.cpuUsage();
  for (let i = 0; i < rounds; i++) write(log);
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / rounds;
}

export function run(): Promise<void> {
  const plain = logger(false);
  const masked = logger(true);
  process.stdout.write('| line | unmasked CPU µs/line | masked CPU µs/line | masking adds |\n|---|---|---|---|\n');
  for (const [name, write] of lines) {
    const rounds = name === '60 KB string' ? ROUNDS / 20 : ROUNDS;
    const a = perLine(plain, write, rounds);
    const b = perLine(masked, write, rounds);
    process.stdout.write(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b - a).toFixed(2)} µs |\n`);
  }
  return Promise.resolve();
}
