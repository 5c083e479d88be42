import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { MediaProcessingError, MediaRejectedError } from './media.errors';

export type MediaTool = 'ffmpeg' | 'ffprobe';

export interface RunSpec {
  tool: MediaTool;
  args: string[];
  timeoutMs: number;
}

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when the caller ended the process on purpose (enough data read, limit hit). */
  killed: boolean;
  stderrTail: string;
}

export interface RunningTool {
  pid: number | undefined;
  stdin: Writable;
  stdout: Readable;
  /** Rejects with TIMEOUT when the wall-clock or CPU limit ended the process. */
  done: Promise<RunOutcome>;
  kill(): void;
}

/** The seam for replacing how ffmpeg is run (fluent-ffmpeg, a sandbox, a remote worker). */
export interface MediaToolRunner {
  run(spec: RunSpec): RunningTool;
}

export interface ToolLimits {
  /** null: no rlimits, timeouts only. */
  prlimitPath: string | null;
  addressSpaceBytes: number;
}

const DEFAULT_PRLIMIT = '/usr/bin/prlimit';
const STDERR_TAIL_BYTES = 2048;

/**
 * Spawns ffmpeg/ffprobe with an argument array (never a shell), refuses any input
 * other than stdin, and runs under rlimits: bounded memory and CPU, no core dumps,
 * and a zero file-size limit so a demuxer tricked into writing gets SIGXFSZ.
 */
export class FfmpegRunner implements MediaToolRunner {
  private readonly limits: ToolLimits;

  constructor(
    private readonly paths: { ffmpegPath: string; ffprobePath: string },
    limits: Partial<ToolLimits> = {},
  ) {
    this.limits = {
      prlimitPath:
        limits.prlimitPath !== undefined ? limits.prlimitPath : existsSync(DEFAULT_PRLIMIT) ? DEFAULT_PRLIMIT : null,
      addressSpaceBytes: limits.addressSpaceBytes ?? 1 << 30,
    };
  }

  run(spec: RunSpec): RunningTool {
    assertPipeOnly(spec.tool, spec.args);
    const binary = spec.tool === 'ffmpeg' ? this.paths.ffmpegPath : this.paths.ffprobePath;
    const { prlimitPath, addressSpaceBytes } = this.limits;
    const cpuSeconds = Math.ceil(spec.timeoutMs / 1000) * 2; // two threads may both be busy for the whole wall time
    const [command, args] = prlimitPath
      ? [
          prlimitPath,
          [`--as=${addressSpaceBytes}`, `--cpu=${cpuSeconds}`, '--core=0', '--fsize=0', '--', binary, ...spec.args],
        ]
      : [binary, spec.args];
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    child.stdin.on('error', () => undefined); // EPIPE once the tool has read what it needs; `done` tells the outcome

    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr = (stderr + s).slice(-STDERR_TAIL_BYTES);
    });

    let killed = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);

    const done = new Promise<RunOutcome>((resolve, reject) => {
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(
          new MediaProcessingError(`cannot run ${spec.tool}: ${(err as NodeJS.ErrnoException).code ?? err.message}`),
        );
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (timedOut || signal === 'SIGXCPU') reject(new MediaRejectedError('TIMEOUT'));
        else resolve({ code, signal, killed, stderrTail: stderr.trim() });
      });
    });

    return {
      pid: child.pid,
      stdin: child.stdin,
      stdout: child.stdout,
      done,
      kill: () => {
        killed = true;
        child.kill('SIGKILL');
      },
    };
  }
}

/** Defence in depth behind the sniffer: whatever builds the arguments, nothing but stdin is ever opened. */
export function assertPipeOnly(tool: MediaTool, args: readonly string[]): void {
  if (tool === 'ffmpeg' && args[args.length - 1] !== 'pipe:1') throw new Error('ffmpeg output must be pipe:1');
  const whitelist = args.indexOf('-protocol_whitelist');
  if (whitelist < 0 || args[whitelist + 1] !== 'pipe')
    throw new Error('media tool run without -protocol_whitelist pipe');
  args.forEach((arg, i) => {
    if (arg === '-i' && args[i + 1] !== 'pipe:0') throw new Error('media tool input must be pipe:0');
    if (/^[a-z][a-z0-9+.-]*:/i.test(arg) && arg !== 'pipe:0' && arg !== 'pipe:1') {
      throw new Error('media tool argument names a protocol');
    }
  });
}

/**
 * Writes chunks into a tool's stdin with backpressure. Once the tool has gone, reading
 * goes on only while `keepReading` asks for it (the probe's Ogg scan).
 */
export async function feed(
  chunks: AsyncIterable<Buffer>,
  tool: RunningTool,
  keepReading?: (chunk: Buffer) => boolean,
): Promise<void> {
  const { stdin } = tool;
  let closed = false;
  const onClose = (): void => {
    closed = true;
  };
  stdin.once('close', onClose);
  try {
    for await (const chunk of chunks) {
      if (keepReading ? !keepReading(chunk) : closed) break;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the 'close' listener between chunks
      if (closed || stdin.destroyed || stdin.write(chunk)) continue;
      await new Promise<void>((resolve) => {
        const settle = (): void => {
          stdin.off('drain', settle);
          stdin.off('close', settle);
          resolve();
        };
        stdin.once('drain', settle);
        stdin.once('close', settle);
      });
    }
  } finally {
    stdin.off('close', onClose);
    stdin.end();
  }
}
