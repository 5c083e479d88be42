import type { AudioCodec, LevelDbfs, ProbeResult, SpanLevel, TimeSpan, VerificationTolerance } from './media.types';
import { spansToFrames } from './wav-patch';

/** A-law has no zero code: its silence byte 0xD5 decodes to +8. */
const ALAW_SILENCE_DBFS = 20 * Math.log10(8 / 32768);

/**
 * What verification accepts inside a redacted span. Lossy figures: beside a tone at
 * −0.9 dBFS the worst interior peak measured was −48.6 dBFS (MP3, 8 kHz) and −48.9
 * (Opus) with 30 ms margins, and −60 dBFS (Vorbis, 8 kHz) only with 40 ms; the
 * thresholds keep ~8 dB of headroom above those. At the very edge the codecs leave
 * −23 (MP3) and −17 dBFS (Opus), which is why the margins exist and spans are padded.
 */
export function verificationTolerance(codec: AudioCodec): VerificationTolerance {
  switch (codec) {
    case 'pcm_alaw':
      return { edgeMarginMs: 0, maxPeakDbfs: ALAW_SILENCE_DBFS, exact: true };
    case 'pcm_s16le':
    case 'pcm_u8':
    case 'pcm_s24le':
    case 'pcm_mulaw':
    case 'flac':
      return { edgeMarginMs: 0, maxPeakDbfs: -Infinity, exact: true };
    case 'mp3':
    case 'opus':
      return { edgeMarginMs: 30, maxPeakDbfs: -40, exact: false };
    case 'vorbis':
      return { edgeMarginMs: 50, maxPeakDbfs: -40, exact: false };
    // Measured beside a full-scale 1 kHz tone: AAC −48 dBFS at 10 ms in, silent from 30 ms (8 kHz, 32 kbit/s),
    // but a replacement tone overshoots by 4 dB for most of the first 1024-sample frame (128 ms at 8 kHz);
    // G.722 −67 dBFS at 10 ms; a patched GSM block −62 dBFS from its first samples.
    case 'aac':
      return { edgeMarginMs: 130, maxPeakDbfs: -40, exact: false };
    case 'adpcm_g722':
      return { edgeMarginMs: 20, maxPeakDbfs: -40, exact: false };
    case 'gsm_ms':
      return { edgeMarginMs: 5, maxPeakDbfs: -50, exact: false };
    // Never an output (stored as FLAC); decoded AMR is only ever measured as an input.
    case 'amr_nb':
    case 'amr_wb':
      return { edgeMarginMs: 30, maxPeakDbfs: -40, exact: false };
  }
}

/** Splits interleaved frames into one array per channel. */
export function deinterleave(pcm: Int16Array, channels: number): Int16Array[] {
  if (channels === 1) return [pcm];
  const frames = Math.floor(pcm.length / channels);
  const out = Array.from({ length: channels }, () => new Int16Array(frames));
  for (let f = 0, i = 0; f < frames; f++) for (let c = 0; c < channels; c++) out[c][f] = pcm[i++];
  return out;
}

function toDbfs(peak: number, sumSquares: number, n: number): LevelDbfs {
  return {
    peakDbfs: 20 * Math.log10(peak / 32768),
    rmsDbfs: n ? 10 * Math.log10(sumSquares / n / 32768 ** 2) : -Infinity,
  };
}

/** Level inside each span per channel of decoded PCM, skipping `edgeMarginMs` at both ends. */
export async function spanLevels(
  pcm: AsyncIterable<Int16Array>,
  probe: ProbeResult,
  spans: readonly TimeSpan[],
  edgeMarginMs: number,
): Promise<SpanLevel[]> {
  const { channels, sampleRate } = probe;
  const windows = spans.map((s) => {
    // Never let the margin swallow a short span: measure at least its middle half.
    const margin = Math.min(edgeMarginMs, (s.endMs - s.startMs) / 4);
    const range = spansToFrames([{ startMs: s.startMs + margin, endMs: s.endMs - margin }], sampleRate).at(0);
    return {
      span: s,
      range: range ?? [0, 0],
      peak: new Array<number>(channels).fill(0),
      sum: new Array<number>(channels).fill(0),
      n: 0,
    };
  });
  let first = 0;
  for await (const samples of pcm) {
    const last = first + samples.length / channels;
    for (const w of windows) {
      const [a, b] = w.range;
      for (let f = Math.max(a, first); f < Math.min(b, last); f++) {
        for (let c = 0; c < channels; c++) {
          const v = samples[(f - first) * channels + c];
          w.peak[c] = Math.max(w.peak[c], Math.abs(v));
          w.sum[c] += v * v;
        }
        w.n++;
      }
    }
    first = last;
  }
  return windows.map((w) => {
    const perChannel = w.peak.map((p, c) => toDbfs(p, w.sum[c], w.n));
    return {
      startMs: w.span.startMs,
      endMs: w.span.endMs,
      peakDbfs: Math.max(...perChannel.map((l) => l.peakDbfs)),
      rmsDbfs: Math.max(...perChannel.map((l) => l.rmsDbfs)),
      channels: perChannel,
    };
  });
}
