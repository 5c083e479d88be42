import { OutputCheck } from './output-check';

const RATE = 8000;

/** `seconds` of a 440 Hz tone at −6 dBFS, with [from, to) ms digitally silent. */
function audio(seconds: number, silent: Array<[number, number]> = []): Int16Array {
  const out = new Int16Array(seconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const ms = (i * 1000) / RATE;
    out[i] = silent.some(([a, b]) => ms >= a && ms < b)
      ? 0
      : Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  }
  return out;
}

function check(
  codec: 'aac' | 'pcm_s16le',
  ranges: Array<[number, number]>,
  pcm: Int16Array,
  durationMs: number,
  mode: 'mute' | 'tone' = 'mute',
) {
  const c = new OutputCheck(
    { codec, sampleRate: RATE, channels: 1 },
    ranges.map(([startMs, endMs]) => ({ startMs, endMs })),
    mode,
    durationMs,
  );
  for (let i = 0; i < pcm.length; i += 4096) c.push(pcm.subarray(i, i + 4096));
  return c.finish().result;
}

describe('OutputCheck', () => {
  it('checks a range narrower than twice the codec edge margin (its middle half), and fails it when loud', () => {
    // AAC's margin is 130 ms: a 250 ms range used to have nothing left to check, and passed unmuted.
    const loud = check('aac', [[1000, 1250]], audio(3), 3000);
    expect(loud.spansChecked).toBe(1);
    expect(loud.passed).toBe(false);
    expect(loud.failures[0]).toMatch(/^span 1000-1250 ms peaks at -6\.\d dBFS$/);
    const muted = check('aac', [[1000, 1250]], audio(3, [[1000, 1250]]), 3000);
    expect(muted).toMatchObject({ passed: true, spansChecked: 1 });
  });

  it('checks every sample muted, the first and last of a range whose ends fall between samples included', () => {
    // 1000.0625 ms is frame 8000.5: the patcher mutes frames 8000..8800 (rounded outwards), all of them.
    const ranges: Array<[number, number]> = [[1000.0625, 1100.0625]];
    const muted = audio(3);
    muted.fill(0, 8000, 8801);
    expect(check('pcm_s16le', ranges, muted, 3000)).toMatchObject({ passed: true, spansChecked: 1 });
    for (const frame of [8000, 8400, 8800]) {
      const left = Int16Array.from(muted);
      left[frame] = 1;
      const result = check('pcm_s16le', ranges, left, 3000);
      expect([frame, result.passed]).toEqual([frame, false]);
      expect(result.failures).toEqual(['span 1000.0625-1100.0625 ms peaks at -90.3 dBFS']);
    }
  });

  it('fails an output that stops more than 100 ms short of the input, and passes one that does not', () => {
    const short = check('pcm_s16le', [[500, 800]], audio(2, [[500, 800]]), 3000);
    expect(short.passed).toBe(false);
    expect(short.failures).toEqual(['the output ends at 2000 ms, the input at 3000 ms']);
    expect(check('pcm_s16le', [[500, 800]], audio(3, [[500, 800]]), 3050).passed).toBe(true);
  });

  it('in tone mode, passes the 1 kHz tone and fails anything else as loud (speech, a range never replaced)', () => {
    /** 3 s of 440 Hz at −6 dBFS with [1000, 2000) ms replaced by `hz` at −20 dBFS (`toneSample`'s level). */
    const replaced = (hz: number) => {
      const out = audio(3);
      for (let i = RATE; i < 2 * RATE; i++) out[i] = Math.round(3277 * Math.sin((2 * Math.PI * hz * i) / RATE));
      return out;
    };
    expect(check('pcm_s16le', [[1000, 2000]], replaced(1000), 3000, 'tone')).toMatchObject({ passed: true });
    const other = check('pcm_s16le', [[1000, 2000]], replaced(440), 3000, 'tone');
    expect(other.passed).toBe(false);
    expect(other.failures).toEqual([
      expect.stringMatching(/^span 1000-2000 ms is not the 1000 Hz tone \(0\.\d\d of its energy\)$/),
    ]);
  });
});
