import { CALL_PAN } from '../../../../test/fixtures/call';
import { KEYPAD_TONES } from '../../redaction/dtmf/dtmf.keypad';
import { OutputCheck } from './output-check';
import { createAnalyzer, type DtmfAnalysis } from './pcm-analysis';
import { dtmfSpans } from './spans';

const RATE = 8000;

/**
 * 4 s of stereo with the card number keyed from 1 s, 80 ms a digit and 80 ms apart:
 * `split`, each digit's low tone on the left channel and its high tone on the right
 * (a keypad tone on neither, one in their mix); else both tones on the right.
 */
function keyed(split: boolean): Int16Array {
  const pcm = new Int16Array(4 * RATE * 2);
  CALL_PAN.forEach((d, k) => {
    const [lo, hi] = KEYPAD_TONES[d];
    const s0 = RATE + k * 1280;
    for (let i = 0; i < 640; i++) {
      const a = 9000 * Math.sin((2 * Math.PI * lo * i) / RATE);
      const b = 9000 * Math.sin((2 * Math.PI * hi * i) / RATE);
      pcm[2 * (s0 + i)] = split ? Math.round(a) : 0;
      pcm[2 * (s0 + i) + 1] = Math.round(split ? b : a + b);
    }
  });
  return pcm;
}

function analyse(pcm: Int16Array): DtmfAnalysis {
  const a = createAnalyzer({ kind: 'dtmf', sampleRate: RATE, channels: 2 });
  for (let i = 0; i < pcm.length; i += 4096) a.push(pcm.subarray(i, i + 4096));
  return a.finish() as DtmfAnalysis;
}

describe('keypad tones split across channels', () => {
  it('are found on the mix and muted on every channel', () => {
    const { events, mixed } = analyse(keyed(true));
    expect(events.map((e) => e.length)).toEqual([0, 0]);
    expect(mixed.map((e) => e.digit).join('')).toBe(CALL_PAN.join(''));
    const spans = dtmfSpans(events, mixed);
    expect(spans).toEqual([expect.objectContaining({ channel: null, kind: 'pan', detector: 'dtmf' })]);
  });

  it('on one channel are reported once, on that channel', () => {
    const { events, mixed } = analyse(keyed(false));
    expect(mixed.length).toBe(CALL_PAN.length); // the mix has them too
    expect(dtmfSpans(events, mixed)).toEqual([expect.objectContaining({ channel: 1, kind: 'pan' })]);
  });

  it('left in an output fail its check', () => {
    const check = new OutputCheck({ codec: 'pcm_s16le', sampleRate: RATE, channels: 2 }, [], 'mute', 4000);
    check.push(keyed(true));
    const { result } = check.finish();
    expect(result).toMatchObject({ passed: false, residualDtmf: 1 });
    expect(result.failures).toEqual(['1 DTMF run(s) remain in the output']);
  });
});
