import { bucketMs, MAX_PEAKS, PeakAccumulator } from './peaks';

describe('PeakAccumulator', () => {
  it('puts each sample in its bucket and keeps the loudest of all channels', () => {
    // 1 s at 8 kHz: 10 ms buckets of 80 frames.
    const acc = new PeakAccumulator(8000, 1000);
    const left = new Int16Array(8000);
    const right = new Int16Array(8000);
    left[0] = 16384; // bucket 0: half scale
    right[85] = -32768; // bucket 1: full scale, negative
    left[7999] = 3277; // last bucket: a tenth of full scale, 25.5 rounded up
    // Fed in uneven chunks, as a decoder delivers them.
    for (const [a, b] of [
      [0, 81],
      [81, 5000],
      [5000, 8000],
    ])
      acc.push([left.subarray(a, b), right.subarray(a, b)]);
    const r = acc.result();
    const peaks = Buffer.from(r.peaks, 'base64');
    expect(r).toMatchObject({ version: 1, durationMs: 1000, msPerPeak: 10 });
    expect(peaks).toHaveLength(100);
    expect(peaks[0]).toBe(128);
    expect(peaks[1]).toBe(255);
    expect(peaks[99]).toBe(26);
    expect(peaks.subarray(2, 99).every((v) => v === 0)).toBe(true);
  });

  it('never exceeds MAX_PEAKS buckets, however long the call', () => {
    for (const ms of [1, 999, 100_000, 3_600_000, 6 * 3_600_000]) {
      expect(Math.ceil(ms / bucketMs(ms))).toBeLessThanOrEqual(MAX_PEAKS);
      expect(bucketMs(ms)).toBeGreaterThanOrEqual(10);
    }
  });

  it('places buckets right when a bucket is a fractional number of samples (22.05 kHz: 220.5 per 10 ms)', () => {
    const acc = new PeakAccumulator(22050, 100);
    const pcm = new Int16Array(2205);
    pcm[220] = 32767; // frame 220 < 220.5: bucket 0
    pcm[221] = -100; // bucket 1
    pcm[441] = 16384; // 441 = 2 × 220.5: bucket 2
    acc.push([pcm.subarray(0, 300)]);
    acc.push([pcm.subarray(300)]);
    const peaks = Buffer.from(acc.result().peaks, 'base64');
    expect([...peaks.subarray(0, 4)]).toEqual([255, 1, 128, 0]);
  });

  it('ignores samples past the duration it was told (decoder padding)', () => {
    const acc = new PeakAccumulator(8000, 20);
    acc.push([new Int16Array(400).fill(32767)]);
    expect(Buffer.from(acc.result().peaks, 'base64')).toHaveLength(2);
  });
});
