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

  it('clips trims to the real duration', () => {
    expect(trimSpans([{ startMs: 5000, endMs: 99_999_999, reason: 'CONSENT_REVOKED' }], 8000)).toMatchObject([
      { startMs: 5000, endMs: 8000 },
    ]);
  });
});
