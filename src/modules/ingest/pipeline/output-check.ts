import { PeakAccumulator, type Peaks } from '../../media/peaks';
import { deinterleave, verificationTolerance } from '../../media/verification';
import type { AudioCodec, TimeSpan } from '../../media/media.types';
import type { RedactionSpan, VerificationResult } from '../../redaction/redaction.types';
import { ChannelDtmf } from './channel-dtmf';
import { dtmfSpans } from './spans';

const TONE_PEAK_DBFS = -20;
const TONE_HZ = 1000;
/**
 * Share of a replaced range's energy that must be the 1 kHz tone: a pure tone
 * measures ~1.0, lossy coding of it above 0.95 here; the level check alone let
 * anything as loud pass (speech at −20 dBFS peak, a range not replaced at all).
 */
const MIN_TONE_SHARE = 0.8;
/**
 * How much shorter than the input the output may decode. Encoders pad (MP3
 * ends ~70 ms longer here) and every output codec measured decodes at least as
 * long as its input; this only absorbs rounding and a decoder's last partial frame.
 */
const MAX_SHORTFALL_MS = 100;

/**
 * Verification of the redacted output, fed its samples in order (whoever
 * produced them: a decode of the stored object, or the bytes as written):
 * every muted range silent (or the tone: its level, and nearly all of its
 * energy at 1 kHz) within the codec's tolerance, no DTMF left anywhere, and
 * the output as long as the input. The same samples give the waveform, so it
 * shows exactly what was verified.
 */
export class OutputCheck {
  private readonly tolerance;
  private readonly windows: Array<{
    r: TimeSpan;
    from: number;
    to: number;
    peak: number;
    /** Tone mode, per channel: Goertzel state at 1 kHz and the energy, over the window. */
    tone?: ToneState;
  }>;
  private readonly toneCoef: number;
  private readonly dtmf: ChannelDtmf;
  private readonly waveform: PeakAccumulator;
  private frame = 0;
  private first = 0;

  constructor(
    private readonly output: { codec: AudioCodec; sampleRate: number; channels: number },
    ranges: readonly TimeSpan[],
    private readonly mode: 'mute' | 'tone',
    private readonly durationMs: number,
  ) {
    this.tolerance = verificationTolerance(output.codec);
    this.waveform = new PeakAccumulator(output.sampleRate, durationMs);
    const rate = output.sampleRate;
    this.windows = ranges
      .map((r) => {
        // Never let the margin swallow a short range: at least its middle half is checked (the redact
        // step widens ranges so that the full margin fits; a range that still does not is checked anyway).
        // Rounded outwards, as spansToFrames rounds what is muted: a range's first and last samples are
        // checked too when its ends fall between samples (any rate but a multiple of 1 kHz).
        const margin = Math.min(this.tolerance.edgeMarginMs, (r.endMs - r.startMs) / 4);
        return {
          r,
          from: Math.max(0, Math.floor(((r.startMs + margin) * rate) / 1000)),
          to: Math.ceil(((r.endMs - margin) * rate) / 1000),
          peak: 0,
          ...(mode === 'tone' ? { tone: toneState(output.channels) } : {}),
        };
      })
      // Only a range too narrow to hold one whole sample has nothing to check.
      .filter((w) => w.to > w.from);
    this.toneCoef = 2 * Math.cos((2 * Math.PI * TONE_HZ) / rate);
    this.dtmf = new ChannelDtmf(output.channels, rate);
  }

  /** Interleaved samples, whole frames. */
  push(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    const frames = pcm.length / this.output.channels;
    const chans = this.output.channels === 1 ? [pcm] : deinterleave(pcm, this.output.channels);
    this.dtmf.push(chans);
    this.waveform.push(chans);
    const { windows, frame } = this;
    while (this.first < windows.length && windows[this.first].to <= frame) this.first++;
    for (let w = this.first; w < windows.length && windows[w].from < frame + frames; w++) {
      const win = windows[w];
      const lo = Math.max(win.from, frame) - frame;
      const hi = Math.min(win.to, frame + frames) - frame;
      for (const c of chans) for (let i = lo; i < hi; i++) win.peak = Math.max(win.peak, Math.abs(c[i]));
      if (win.tone) this.feedTone(win.tone, chans, lo, hi);
    }
    this.frame += frames;
  }

  private feedTone(t: ToneState, chans: Int16Array[], lo: number, hi: number) {
    const k = this.toneCoef;
    chans.forEach((c, ch) => {
      let s1 = t.s1[ch];
      let s2 = t.s2[ch];
      let e = t.energy[ch];
      for (let i = lo; i < hi; i++) {
        const x = c[i];
        const s0 = x + k * s1 - s2;
        s2 = s1;
        s1 = s0;
        e += x * x;
      }
      t.s1[ch] = s1;
      t.s2[ch] = s2;
      t.energy[ch] = e;
    });
    t.n += hi - lo;
  }

  /** The weakest channel's share of its energy at 1 kHz (|X|² of a pure tone over n samples is n·E/2). */
  private toneShare(t: ToneState): number {
    let least = 1;
    for (let ch = 0; ch < t.s1.length; ch++) {
      const power = t.s1[ch] ** 2 + t.s2[ch] ** 2 - this.toneCoef * t.s1[ch] * t.s2[ch];
      const share = t.energy[ch] > 0 && t.n > 0 ? (2 * power) / (t.n * t.energy[ch]) : 0;
      least = Math.min(least, share);
    }
    return least;
  }

  finish(): { result: VerificationResult; residual: RedactionSpan[]; peaks: Peaks } {
    this.dtmf.flush();
    const failures: string[] = [];
    let worst = -Infinity;
    for (const w of this.windows) {
      const peakDbfs = w.peak === 0 ? -Infinity : 20 * Math.log10(w.peak / 32768);
      worst = Math.max(worst, peakDbfs);
      const ok =
        this.mode === 'mute'
          ? peakDbfs <= this.tolerance.maxPeakDbfs
          : Math.abs(peakDbfs - TONE_PEAK_DBFS) <= (this.tolerance.exact ? 1 : 3);
      if (!ok) failures.push(`span ${w.r.startMs}-${w.r.endMs} ms peaks at ${peakDbfs.toFixed(1)} dBFS`);
      const share = w.tone ? this.toneShare(w.tone) : 1;
      if (share < MIN_TONE_SHARE)
        failures.push(
          `span ${w.r.startMs}-${w.r.endMs} ms is not the ${TONE_HZ} Hz tone (${share.toFixed(2)} of its energy)`,
        );
    }
    // A truncated output passes every check above vacuously for what it lacks: the recording would be
    // kept shorter than the call with no one told. (A muted range past its end is then missing, not silent.)
    const outputMs = Math.round((this.frame * 1000) / this.output.sampleRate);
    if (outputMs < this.durationMs - MAX_SHORTFALL_MS)
      failures.push(`the output ends at ${outputMs} ms, the input at ${this.durationMs} ms`);
    const residual = dtmfSpans(this.dtmf.events, this.dtmf.mixed);
    if (residual.length) failures.push(`${residual.length} DTMF run(s) remain in the output`);
    return {
      residual,
      peaks: this.waveform.result(),
      result: {
        passed: failures.length === 0,
        codec: this.output.codec,
        maxPeakDbfs: Number.isFinite(this.tolerance.maxPeakDbfs) ? this.tolerance.maxPeakDbfs : null,
        edgeMarginMs: this.tolerance.edgeMarginMs,
        spansChecked: this.windows.length,
        worstPeakDbfs: Number.isFinite(worst) ? Math.round(worst * 10) / 10 : null,
        residualDtmf: residual.length,
        attempts: 1,
        failures,
      },
    };
  }
}

type ToneState = ReturnType<typeof toneState>;

function toneState(channels: number) {
  return {
    s1: new Float64Array(channels),
    s2: new Float64Array(channels),
    energy: new Float64Array(channels),
    n: 0,
  };
}
