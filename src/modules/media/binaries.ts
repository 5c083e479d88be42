import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MediaBinaries {
  ffmpegPath: string;
  ffprobePath: string;
  source: 'configured' | 'system' | 'bundled' | 'missing';
  warning?: string;
}

/**
 * FFMPEG_PATH/FFPROBE_PATH when set; else the system's ffmpeg on PATH (it gets
 * security updates); else the npm-bundled static binaries, a 2018 build kept
 * only so that `npm ci && npm start` works on a machine with nothing but Node.
 */
export function resolveMediaBinaries(
  configured: { ffmpegPath?: string; ffprobePath?: string },
  envPath = process.env.PATH ?? '',
): MediaBinaries {
  if (configured.ffmpegPath && configured.ffprobePath) {
    return { ffmpegPath: configured.ffmpegPath, ffprobePath: configured.ffprobePath, source: 'configured' };
  }
  const onPath = (name: string) =>
    envPath
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, name))
      .find(isExecutable);
  const ffmpeg = configured.ffmpegPath ?? onPath('ffmpeg');
  const ffprobe = configured.ffprobePath ?? onPath('ffprobe');
  if (ffmpeg && ffprobe)
    return {
      ffmpegPath: ffmpeg,
      ffprobePath: ffprobe,
      source: configured.ffmpegPath || configured.ffprobePath ? 'configured' : 'system',
    };
  const bundled = bundledBinaries();
  if (bundled) {
    return {
      ffmpegPath: ffmpeg ?? bundled.ffmpeg,
      ffprobePath: ffprobe ?? bundled.ffprobe,
      source: 'bundled',
      warning:
        'ffmpeg/ffprobe not found on PATH: using the npm-bundled static build from 2018 as a fallback. ' +
        'Install the system ffmpeg (it gets security updates) or set FFMPEG_PATH and FFPROBE_PATH.',
    };
  }
  return {
    ffmpegPath: ffmpeg ?? 'ffmpeg',
    ffprobePath: ffprobe ?? 'ffprobe',
    source: 'missing',
    warning: 'ffmpeg/ffprobe not found: uploads are accepted but cannot be processed until they are installed.',
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function bundledBinaries(): { ffmpeg: string; ffprobe: string } | undefined {
  try {
    // Optional dependencies: absent on platforms they do not build for.
    const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
    return isExecutable(ffmpeg) && isExecutable(ffprobe) ? { ffmpeg, ffprobe } : undefined;
  } catch {
    return undefined;
  }
}
