import { resolveMediaBinaries } from './binaries';

describe('resolveMediaBinaries', () => {
  it('prefers configured paths', () => {
    expect(resolveMediaBinaries({ ffmpegPath: '/opt/ff/ffmpeg', ffprobePath: '/opt/ff/ffprobe' })).toEqual({
      ffmpegPath: '/opt/ff/ffmpeg',
      ffprobePath: '/opt/ff/ffprobe',
      source: 'configured',
    });
  });

  it('uses the system ffmpeg on PATH', () => {
    expect(resolveMediaBinaries({}, '/nonexistent:/usr/bin')).toEqual({
      ffmpegPath: '/usr/bin/ffmpeg',
      ffprobePath: '/usr/bin/ffprobe',
      source: 'system',
    });
  });

  it('falls back to the npm-bundled binaries, with a warning, when PATH has none', () => {
    const r = resolveMediaBinaries({}, '/nonexistent');
    expect(r.source).toBe('bundled');
    expect(r.ffmpegPath).toMatch(/@ffmpeg-installer/);
    expect(r.ffprobePath).toMatch(/@ffprobe-installer/);
    expect(r.warning).toMatch(/FFMPEG_PATH/);
  });
});
