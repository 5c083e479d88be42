import { readFileSync } from 'node:fs';
import { MediaRejectedError } from './media.errors';
import { assertPipeOnly, FfmpegRunner } from './ffmpeg.runner';

const PIPE = ['-protocol_whitelist', 'pipe'];

describe('assertPipeOnly', () => {
  it.each<[string, string[]]>([
    ['no protocol whitelist', ['-f', 'wav', '-i', 'pipe:0', 'pipe:1']],
    ['a wider whitelist', ['-protocol_whitelist', 'file,http,pipe', '-i', 'pipe:0', 'pipe:1']],
    ['a file input', [...PIPE, '-i', '/etc/passwd', 'pipe:1']],
    ['a URL anywhere', [...PIPE, '-i', 'pipe:0', '-metadata', 'http://127.0.0.1:1/', 'pipe:1']],
    ['a file output', [...PIPE, '-i', 'pipe:0', '/tmp/out.wav']],
  ])('refuses %s', (_name, args) => {
    expect(() => assertPipeOnly('ffmpeg', args)).toThrow();
  });

  it('accepts stdin to stdout', () => {
    expect(() =>
      assertPipeOnly('ffmpeg', [...PIPE, '-f', 'wav', '-i', 'pipe:0', '-map', '0:a:0', '-f', 's16le', 'pipe:1']),
    ).not.toThrow();
  });
});

describe('FfmpegRunner', () => {
  it('kills ffmpeg at the timeout and reports TIMEOUT', async () => {
    const runner = new FfmpegRunner({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
    // Waits forever for stdin that never comes.
    const tool = runner.run({
      tool: 'ffmpeg',
      args: ['-v', 'error', ...PIPE, '-f', 's16le', '-i', 'pipe:0', '-f', 's16le', 'pipe:1'],
      timeoutMs: 300,
    });
    const err = await tool.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaRejectedError);
    expect((err as MediaRejectedError).reason).toBe('TIMEOUT');
    expect(() => process.kill(tool.pid as number, 0)).toThrow();
  });

  it('runs under prlimit when available, with the file-size limit at zero', async () => {
    const runner = new FfmpegRunner({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
    const tool = runner.run({
      tool: 'ffprobe',
      args: ['-v', 'error', ...PIPE, '-f', 'wav', '-i', 'pipe:0'],
      timeoutMs: 5000,
    });
    // prlimit sets the limits on itself and then execs the tool: wait for the exec.
    while (readFileSync(`/proc/${tool.pid}/comm`, 'utf8').trim() !== 'ffprobe')
      await new Promise((r) => setTimeout(r, 5));
    const limits = readFileSync(`/proc/${tool.pid}/limits`, 'utf8');
    tool.stdin.end();
    await tool.done;
    expect(limits).toMatch(/Max file size\s+0\s+0/);
    expect(limits).toMatch(/Max address space\s+1073741824/);
  });

  it('reports a missing binary as a processing error, not a rejection', async () => {
    const runner = new FfmpegRunner(
      { ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: 'ffprobe' },
      { prlimitPath: null },
    );
    const tool = runner.run({ tool: 'ffmpeg', args: [...PIPE, '-i', 'pipe:0', 'pipe:1'], timeoutMs: 1000 });
    await expect(tool.done).rejects.toMatchObject({ name: 'MediaProcessingError' });
  });
});
