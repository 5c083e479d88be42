import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MediaDriver } from '../../media/media.driver';
import { MediaRejectedError } from '../../media/media.errors';
import type { AudioCodec, OpenStream, ProbeResult, TimeSpan } from '../../media/media.types';
import { deinterleave } from '../../media/verification';
import type { DtmfEvent } from '../../redaction/dtmf/dtmf.detector';
import { ChannelDtmf } from './channel-dtmf';
import { OutputCheck } from './output-check';
import { dtmfSpans } from './spans';

/**
 * The sample-by-sample analyses of the pipeline — keypad-tone detection of
 * the input, and the output check (muted ranges, residual tones, waveform) —
 * on a worker thread of their own, fed the samples as the main thread reads,
 * decrypts and seals them. The two halves then overlap on two cores instead
 * of taking turns on one, and the event loop serving the API is not held by a
 * detector. The results are exactly those of the same classes in-process
 * (they are the same classes); from TypeScript sources (the test runner),
 * where no compiled worker script exists, they run in-process.
 */
export type AnalysisSpec =
  | { kind: 'dtmf'; sampleRate: number; channels: number }
  | {
      kind: 'output-check';
      output: { codec: AudioCodec; sampleRate: number; channels: number };
      ranges: TimeSpan[];
      mode: 'mute' | 'tone';
      durationMs: number;
    };

export interface DtmfAnalysis {
  frames: number;
  events: DtmfEvent[][];
  /** Tones on the channels' mix (see ChannelDtmf); empty for one channel. */
  mixed: DtmfEvent[];
}
export type OutputCheckAnalysis = ReturnType<OutputCheck['finish']>;
type ResultOf<S extends AnalysisSpec> = S extends { kind: 'dtmf' } ? DtmfAnalysis : OutputCheckAnalysis;

export interface Analyzer {
  push(pcm: Int16Array): void;
  finish(): unknown;
}

/** The analysis itself, wherever it runs. */
export function createAnalyzer(spec: AnalysisSpec): Analyzer {
  if (spec.kind === 'output-check') return new OutputCheck(spec.output, spec.ranges, spec.mode, spec.durationMs);
  const dtmf = new ChannelDtmf(spec.channels, spec.sampleRate);
  let frames = 0;
  return {
    push(pcm) {
      frames += pcm.length / spec.channels;
      dtmf.push(deinterleave(pcm, spec.channels));
    },
    finish(): DtmfAnalysis {
      dtmf.flush();
      return { frames, events: dtmf.events, mixed: dtmf.mixed };
    },
  };
}

const WORKER_SCRIPT = ((script) => (fs.existsSync(script) ? script : undefined))(
  path.join(__dirname, 'pcm-analysis.worker.js'),
);

/** Samples queued for the worker beyond which `push` waits: bounds memory when the reader outruns the analysis. */
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

export type WorkerMessage =
  { type: 'ack'; bytes: number } | { type: 'result'; result: unknown } | { type: 'error'; message: string };

export abstract class PcmAnalysis<R> {
  /** On its worker thread when the build has one, else in-process. */
  static start<S extends AnalysisSpec>(spec: S): PcmAnalysis<ResultOf<S>> {
    return WORKER_SCRIPT
      ? new ThreadedAnalysis<ResultOf<S>>(WORKER_SCRIPT, spec)
      : new InProcessAnalysis<ResultOf<S>>(createAnalyzer(spec));
  }

  /** Interleaved samples, whole frames; resolves when there is room for more. Rejects once the analysis failed. */
  abstract push(pcm: Int16Array): Promise<void>;
  abstract finish(): Promise<R>;
  /** Stops it (on a failure elsewhere); idempotent. */
  abstract abort(): void;
}

class InProcessAnalysis<R> extends PcmAnalysis<R> {
  constructor(private readonly analyzer: Analyzer) {
    super();
  }
  push(pcm: Int16Array): Promise<void> {
    this.analyzer.push(pcm);
    return Promise.resolve();
  }
  finish(): Promise<R> {
    return Promise.resolve(this.analyzer.finish() as R);
  }
  abort(): void {
    // Nothing runs on its own.
  }
}

/**
 * Threads kept between analyses (starting one costs ~50 ms of module
 * loading): at most as many idle as analyses ever ran at once, unref'd so
 * they never hold the process open.
 */
const idle: Worker[] = [];
let running = 0;
let mostAtOnce = 0;

function takeWorker(script: string): Worker {
  running++;
  mostAtOnce = Math.max(mostAtOnce, running);
  const reused = idle.pop();
  if (reused) {
    reused.ref();
    return reused;
  }
  return new Worker(script);
}

function releaseWorker(worker: Worker, reusable: boolean): void {
  running--;
  // Only these: Node's own listeners (which start and stop the message port) must stay.
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  if (reusable && idle.length < mostAtOnce) {
    worker.unref();
    // A thread that dies while idle just leaves the pool.
    worker.once('exit', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    worker.on('error', () => undefined);
    idle.push(worker);
  } else void worker.terminate();
}

class ThreadedAnalysis<R> extends PcmAnalysis<R> {
  private readonly worker: Worker;
  private inFlight = 0;
  /** A result delivered or a failure: nothing after it counts. */
  private settled = false;
  private failure?: Error;
  private room?: { resolve: () => void; reject: (e: Error) => void };
  private result?: { resolve: (r: R) => void; reject: (e: Error) => void };

  constructor(script: string, spec: AnalysisSpec) {
    super();
    this.worker = takeWorker(script);
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ack') {
        this.inFlight -= m.bytes;
        if (this.inFlight <= MAX_IN_FLIGHT_BYTES / 2) this.takeRoom()?.resolve();
      } else if (m.type === 'error') this.fail(new Error(`sample analysis failed: ${m.message}`));
      else if (!this.settled && this.result) {
        this.settled = true;
        releaseWorker(this.worker, true);
        this.result.resolve(m.result as R);
      }
    });
    this.worker.on('error', (e: Error) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error('the sample analysis thread stopped before its result')));
    this.worker.postMessage({ type: 'start', spec });
  }

  push(pcm: Int16Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.settled) return Promise.reject(new Error('sample analysis already finished'));
    if (pcm.length === 0) return Promise.resolve();
    // Transferred, not copied: a view into a larger (pooled) buffer is copied out first.
    const own = pcm.byteOffset === 0 && pcm.byteLength === pcm.buffer.byteLength ? pcm : pcm.slice();
    this.inFlight += own.byteLength;
    this.worker.postMessage({ type: 'push', pcm: own }, [own.buffer as ArrayBuffer]);
    if (this.inFlight < MAX_IN_FLIGHT_BYTES) return Promise.resolve();
    return new Promise((resolve, reject) => (this.room = { resolve, reject }));
  }

  finish(): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<R>((resolve, reject) => (this.result = { resolve, reject }));
    this.worker.postMessage({ type: 'finish' });
    return done;
  }

  abort(): void {
    this.fail(new Error('sample analysis aborted'));
  }

  private takeRoom() {
    const room = this.room;
    this.room = undefined;
    return room;
  }

  /** A failed thread is never reused: its analysis state is unknown. */
  private fail(e: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.failure = e;
    releaseWorker(this.worker, false);
    this.takeRoom()?.reject(e);
    this.result?.reject(e);
  }
}

/**
 * One decode of the input: the real duration and the DTMF tones on every
 * channel, detected on the analysis thread while this one reads and decodes.
 */
export async function detectInputDtmf(media: MediaDriver, open: OpenStream, probe: ProbeResult) {
  const analysis = PcmAnalysis.start({ kind: 'dtmf', sampleRate: probe.sampleRate, channels: probe.channels });
  try {
    for await (const pcm of media.decodePcm(open, probe)) await analysis.push(pcm);
  } catch (e) {
    analysis.abort();
    throw e;
  }
  const { frames, events, mixed } = await analysis.finish();
  if (frames === 0) throw new MediaRejectedError('EMPTY');
  return { durationMs: Math.round((frames / probe.sampleRate) * 1000), dtmf: dtmfSpans(events, mixed) };
}
