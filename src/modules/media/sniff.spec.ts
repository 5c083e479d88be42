import * as fx from '../../../test/fixtures/audio';
import { MediaRejectedError } from './media.errors';
import { mp4PrimingFrames, OggDurationScanner, parseMpegAudioHeader, sniffContainer } from './sniff';

function reason(head: Buffer): string {
  try {
    return sniffContainer(head);
  } catch (err) {
    return (err as MediaRejectedError).reason;
  }
}

describe('sniffContainer', () => {
  it.each<[string, () => Buffer, string]>([
    ['WAV', () => fx.tone({ seconds: 0.2 }), 'wav'],
    ['MP3 with ID3', () => fx.tone({ seconds: 0.2, codec: 'mp3' }), 'mp3'],
    [
      'MP3 frames only',
      () => fx.ffmpeg(['-f', 'lavfi', '-i', 'sine=d=0.5', '-c:a', 'libmp3lame', '-id3v2_version', '0', '-f', 'mp3']),
      'mp3',
    ],
    ['Ogg', () => fx.tone({ seconds: 0.2, codec: 'opus' }), 'ogg'],
    ['FLAC', () => fx.tone({ seconds: 0.2, codec: 'flac' }), 'flac'],
    ['HLS', () => fx.HLS_FILE_PLAYLIST, 'PLAYLIST_REJECTED'],
    ['HLS with BOM and blank lines', () => Buffer.from('\uFEFF\n\n#EXTM3U\nhttp://x/y\n'), 'PLAYLIST_REJECTED'],
    ['ffconcat', () => fx.FFCONCAT_SCRIPT, 'PLAYLIST_REJECTED'],
    ['URL list', () => fx.URL_LIST, 'PLAYLIST_REJECTED'],
    ['path list', () => Buffer.from('/etc/passwd\n/etc/shadow\n'), 'PLAYLIST_REJECTED'],
    ['plain text', () => Buffer.from('hello there, nothing to open here'), 'UNSUPPORTED_FORMAT'],
    ['MP4 (a video track is refused after ffprobe)', fx.mp4WithVideo, 'mp4'],
    ['M4A with the index at the end', () => fx.tone({ seconds: 0.3, codec: 'aac' }), 'mp4'],
    ['AMR-NB', () => fx.amrNb(fx.tone({ seconds: 0.3 })), 'amr'],
    ['AMR-WB', () => fx.amrWb(['loud', 'dtx'], () => 0.5), 'amr'],
    ['multichannel AMR', () => Buffer.from('#!AMR_MC1.0\n\0\0\0\x01'), 'UNSUPPORTED_FORMAT'],
    ['GSM 6.10 WAV', () => fx.tone({ seconds: 0.3, codec: 'gsm_ms' }), 'wav'],
    [
      'ADTS AAC (frame sync, layer 0)',
      () => Buffer.from([0xff, 0xf1, 0x50, 0x80, 0, 0x1f, 0xfc]),
      'UNSUPPORTED_FORMAT',
    ],
    ['random', () => fx.randomBytes(), 'UNSUPPORTED_FORMAT'],
    ['empty', () => Buffer.alloc(0), 'EMPTY'],
  ])('%s', (_name, make, expected) => {
    expect(reason(make().subarray(0, 4096))).toBe(expected);
  });

  it('wants a second MPEG frame where the first says it ends', () => {
    const frame = Buffer.alloc(288);
    Buffer.from([0xff, 0xe3, 0x48, 0xc0]).copy(frame);
    expect(parseMpegAudioHeader(frame)).toMatchObject({ sampleRate: 8000, frameBytes: 288, channels: 1 });
    const junk = Buffer.concat([frame, Buffer.alloc(5000, 0x20)]);
    expect(reason(junk)).toBe('UNSUPPORTED_FORMAT');
    expect(reason(Buffer.concat([frame, frame, junk]))).toBe('mp3');
  });
});

describe('OggDurationScanner', () => {
  it('finds the duration of Opus and Vorbis from page headers, however the bytes arrive', () => {
    for (const codec of ['opus', 'vorbis'] as const) {
      const ogg = fx.tone({ seconds: 2.5, codec });
      for (const sizes of [[1], [27], [4096], [13, 200, 7]]) {
        const scanner = new OggDurationScanner();
        for (const piece of fx.splitBuffer(ogg, sizes)) scanner.push(piece);
        expect(scanner.durationSec).toBeCloseTo(2.5, 2);
        expect(scanner.bytes).toBe(ogg.length);
      }
    }
  });

  it('gives up (null) on a stream that stops being Ogg', () => {
    const scanner = new OggDurationScanner();
    scanner.push(
      Buffer.concat([fx.tone({ seconds: 1, codec: 'opus' }), Buffer.from('garbage that is not a page header')]),
    );
    expect(scanner.durationSec).toBeNull();
  });
});

describe('mp4PrimingFrames', () => {
  /** A fragmented AAC MP4 as a recorder streams it, optionally with a subtitle track ahead of the audio. */
  function fragmented(subtitleFirst: boolean): Buffer {
    const srt = Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nhello\n\n');
    const inputs = subtitleFirst ? ['-f', 'srt', '-i', 'pipe:0'] : [];
    const audio = subtitleFirst ? 1 : 0;
    return fx.ffmpeg(
      [
        ...inputs,
        ...['-f', 'lavfi', '-i', 'sine=d=2:sample_rate=8000'],
        ...(subtitleFirst ? ['-map', '0', '-c:s', 'mov_text'] : []),
        ...['-map', String(audio), '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov+delay_moov', '-f', 'mp4'],
      ],
      subtitleFirst ? srt : undefined,
    );
  }

  it("takes the sound track's edit list, not the first track's", () => {
    const plain = mp4PrimingFrames(fragmented(false), 8000);
    expect(plain).toBeGreaterThan(0); // AAC's encoder priming
    expect(mp4PrimingFrames(fragmented(true), 8000)).toBe(plain);
  });
});
