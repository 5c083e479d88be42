import { paddedRanges, trimSpans } from './spans';
import type { RedactionSpan } from '../../redaction/redaction.types';

const span = (startMs: number, endMs: number, kind: RedactionSpan['kind'] = 'pan'): RedactionSpan => ({
  startMs,
  endMs,
  channel: 0,
  kind,
  detector: 'transcript',
  confidence: 1,
  masked: '',
});

describe('paddedRanges', () => {
  it('pads, clips to the audio and merges overlapping spans', () => {
    expect(paddedRanges([span(1000, 2000), span(2400, 3000), span(9900, 10000)], 250, 10_000)).toEqual([
      { startMs: 750, endMs: 3250 },
      { startMs: 9650, endMs: 10_000 },
    ]);
  });

  it('clips a span padded past the start to zero', () => {
    expect(paddedRanges([span(100, 200)], 250, 5000)).toEqual([{ startMs: 0, endMs: 450 }]);
  });

  it('does not pad consent trims, which are exact', () => {
    expect(paddedRanges([span(0, 4000, 'consent-trim')], 250, 10_000)).toEqual([{ startMs: 0, endMs: 4000 }]);
  });

  it('drops spans entirely outside the audio', () => {
    expect(paddedRanges([span(20_000, 21_000)], 250, 10_000)).toEqual([]);
  });

  it('widens a range narrower than the minimum about its middle, within the audio', () => {
    // A 200 ms trim in a codec with a 130 ms edge margin: 520 ms, so verification has 260 ms of middle to check.
    expect(paddedRanges([span(1000, 1200, 'consent-trim')], 250, 10_000, 520)).toEqual([{ startMs: 840, endMs: 1360 }]);
    expect(paddedRanges([span(0, 200, 'consent-trim')], 250, 10_000, 520)).toEqual([{ startMs: 0, endMs: 520 }]);
    expect(paddedRanges([span(9900, 10_000, 'consent-trim')], 250, 10_000, 520)).toEqual([
      { startMs: 9480, endMs: 10_000 },
    ]);
    // Audio shorter than the minimum: all of it.
    expect(paddedRanges([span(100, 150)], 0, 300, 520)).toEqual([{ startMs: 0, endMs: 300 }]);
    // Wide enough already: unchanged; widened ranges that now touch are merged.
    expect(paddedRanges([span(1000, 2000)], 250, 10_000, 520)).toEqual([{ startMs: 750, endMs: 2250 }]);
    expect(paddedRanges([span(1000, 1100), span(1500, 1600)], 0, 10_000, 520)).toEqual([{ startMs: 790, endMs: 1810 }]);
  });

  it('clips trims to the real duration', () => {
    expect(trimSpans([{ startMs: 5000, endMs: 99_999_999, reason: 'CONSENT_REVOKED' }], 8000)).toMatchObject([
      { startMs: 5000, endMs: 8000 },
    ]);
  });
});
