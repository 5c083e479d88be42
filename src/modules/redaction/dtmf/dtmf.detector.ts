/**
 * Streaming DTMF detector (ITU-T Q.24 behaviour) for mono s16 PCM.
 *
 * The signal is cut into short blocks (~6.4 ms) and each block gets one
 * Goertzel pass per DTMF tone. A frame is the last four blocks (~25.6 ms); its
 * DFT is the sum of the block DFTs, so overlapping frames cost nothing extra.
 * The phase step between blocks measures each tone's frequency offset, which
 * gives a sharp ±1.5 % accept / ±3.5 % reject edge and lets the frame
 * magnitude be summed coherently for detuned tones. Per-block tone power
 * locates tone edges to a fraction of a block.
 */

export interface DtmfEvent {
  digit: string;
  startSample: number;
  /** Exclusive. */
  endSample: number;
  startMs: number;
  endMs: number;
  /** Peak level of the tone pair, dBFS. */
  level: number;
}

export interface DtmfOptions {
  /** Shorter tones are dropped. Q.24 wants ≥ 40 ms detected; edges are measured to a few ms. */
  minToneMs: number;
  /**
   * Accepted frequency offset per tone, as a fraction. Q.24 wants 1.5 % accepted
   * and 3.5 % rejected; 2 % leaves room for noise in the estimate and lets
   * fewer speech harmonics through than the midpoint would.
   */
  maxDeviation: number;
  /** Weakest tone accepted, peak dBFS. */
  minToneLevelDb: number;
  /** Low tone louder than high tone (line loss). */
  maxNormalTwistDb: number;
  /** High tone louder than low tone. */
  maxReverseTwistDb: number;
  /** The chosen tone must beat the rest of its group by this much. */
  minGroupDominanceDb: number;
  /** The two tones' share of frame power: the main guard against speech and music (0.55 let 3× more speech through). */
  minToneEnergyRatio: number;
  /** Second harmonic of the high tone relative to it; real generators have none, voices do. */
  maxHarmonicDb: number;
  /** Gaps inside one tone up to this long are bridged rather than splitting the digit. */
  maxDropoutMs: number;
  /** Passing frames (one per ~6.4 ms) a tone needs; speech lines up with a digit for a frame or two. */
  minFrames: number;
}

export const DEFAULT_DTMF_OPTIONS: DtmfOptions = {
  minToneMs: 35,
  maxDeviation: 0.02,
  minToneLevelDb: -45,
  maxNormalTwistDb: 10,
  maxReverseTwistDb: 10,
  minGroupDominanceDb: 8,
  minToneEnergyRatio: 0.7,
  maxHarmonicDb: -12,
  maxDropoutMs: 20,
  minFrames: 3,
};

const TONES = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
const KEYS = '123A456B789C*0#D';
const BLOCK_SECONDS = 0.0064;
const BLOCKS_PER_FRAME = 4;
/** Per-block history; must cover a frame plus the dropout bridge plus edge search. */
const HISTORY = 32;
const HISTORY_MASK = HISTORY - 1;
const FULL_SCALE = 32768;
/**
 * A block with less of the tone than this counts as outside it: at 10 dB SNR
 * noise alone reaches ~0.15; the cost is ≤ 0.35 block (2.2 ms) of edge error.
 */
const EDGE_FLOOR = 0.35;

interface Run {
  key: number;
  low: number;
  high: number;
  startSample: number;
  peakAmplitude: number;
  misses: number;
  lastBlock: number;
  frames: number;
}

export class DtmfDetector {
  private readonly opts: DtmfOptions;
  private readonly blockLen: number;
  private readonly frameLen: number;
  private readonly coef = new Float64Array(8);
  private readonly cosW = new Float64Array(8);
  private readonly sinW = new Float64Array(8);
  /** e^{-jωB}: advances the per-tone phase reference by one block. */
  private readonly stepRe = new Float64Array(8);
  private readonly stepIm = new Float64Array(8);
  /** Phase reference so that block DFTs share one time origin and add into frame DFTs. */
  private readonly refRe = new Float64Array(8);
  private readonly refIm = new Float64Array(8);

  private readonly samples: Int16Array;
  private fill = 0;
  private blockCount = 0;
  private readonly zRe = new Float64Array(HISTORY * 8);
  private readonly zIm = new Float64Array(HISTORY * 8);
  private readonly energy = new Float64Array(HISTORY);
  private readonly framePow = new Float64Array(8);

  private readonly silentBlockEnergy: number;
  private readonly minTonePower: number;
  private readonly maxDropoutBlocks: number;
  private run: Run | null = null;
  private out: DtmfEvent[] = [];

  // Results of refineTone(), kept in fields to avoid allocating per frame.
  private refinedPower = 0;
  private refinedOffset = 0;

  constructor(
    readonly sampleRate: number,
    options: Partial<DtmfOptions> = {},
  ) {
    if (!(sampleRate >= 6800)) throw new RangeError(`DTMF needs ≥ 6800 Hz, got ${sampleRate}`);
    this.opts = { ...DEFAULT_DTMF_OPTIONS, ...options };
    this.blockLen = Math.max(1, Math.round(sampleRate * BLOCK_SECONDS));
    this.frameLen = this.blockLen * BLOCKS_PER_FRAME;
    this.samples = new Int16Array(this.frameLen);
    for (let k = 0; k < 8; k++) {
      const w = (2 * Math.PI * TONES[k]) / sampleRate;
      this.coef[k] = 2 * Math.cos(w);
      this.cosW[k] = Math.cos(w);
      this.sinW[k] = Math.sin(w);
      this.stepRe[k] = Math.cos(w * this.blockLen);
      this.stepIm[k] = -Math.sin(w * this.blockLen);
    }
    const minAmp = FULL_SCALE * 10 ** (this.opts.minToneLevelDb / 20);
    this.minTonePower = (minAmp * minAmp) / 2;
    // A block this quiet cannot lift any frame over the tone-level floor.
    this.silentBlockEnergy = (this.minTonePower * this.blockLen) / 100;
    this.maxDropoutBlocks = Math.floor(((this.opts.maxDropoutMs / 1000) * sampleRate) / this.blockLen);
    this.resetPhase();
  }

  push(input: Int16Array): DtmfEvent[] {
    const B = this.blockLen;
    let i = 0;
    while (i < input.length) {
      const slot = (this.blockCount % BLOCKS_PER_FRAME) * B;
      const n = Math.min(B - this.fill, input.length - i);
      this.samples.set(input.subarray(i, i + n), slot + this.fill);
      this.fill += n;
      i += n;
      if (this.fill === B) {
        this.processBlock(slot);
        this.fill = 0;
      }
    }
    return this.takeEvents();
  }

  /** Ends the stream: reports a tone still sounding, then starts afresh at sample 0. */
  flush(): DtmfEvent[] {
    const end = this.blockCount * this.blockLen + this.fill;
    const B = this.blockLen;
    if (this.fill > 0) {
      const slot = (this.blockCount % BLOCKS_PER_FRAME) * B;
      this.samples.fill(0, slot + this.fill, slot + B);
      this.processBlock(slot);
    }
    // Trailing silence lets a tone that runs to the end finish through the normal path.
    for (let k = 0; k < BLOCKS_PER_FRAME + this.maxDropoutBlocks + 1 && this.run; k++) {
      const slot = (this.blockCount % BLOCKS_PER_FRAME) * B;
      this.samples.fill(0, slot, slot + B);
      this.processBlock(slot);
    }
    if (this.run) this.finishRun(this.run);
    const events = this.takeEvents();
    for (const e of events) {
      if (e.endSample > end) {
        e.endSample = end;
        e.endMs = (end * 1000) / this.sampleRate;
      }
    }
    this.fill = 0;
    this.blockCount = 0;
    this.run = null;
    this.resetPhase();
    return events;
  }

  private resetPhase(): void {
    this.refRe.fill(1);
    this.refIm.fill(0);
    this.zRe.fill(0);
    this.zIm.fill(0);
    this.energy.fill(0);
  }

  private takeEvents(): DtmfEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private processBlock(offset: number): void {
    const x = this.samples;
    const B = this.blockLen;
    const h = this.blockCount & HISTORY_MASK;
    let e = 0;
    for (let n = offset; n < offset + B; n++) e += x[n] * x[n];
    this.energy[h] = e;
    const zRe = this.zRe;
    const zIm = this.zIm;
    if (e < this.silentBlockEnergy) {
      zRe.fill(0, h * 8, h * 8 + 8);
      zIm.fill(0, h * 8, h * 8 + 8);
    } else {
      // Eight independent recurrences in one loop keep the CPU busy; one loop per tone would be latency-bound.
      const c = this.coef;
      const c0 = c[0],
        c1 = c[1],
        c2 = c[2],
        c3 = c[3],
        c4 = c[4],
        c5 = c[5],
        c6 = c[6],
        c7 = c[7];
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        a4 = 0,
        a5 = 0,
        a6 = 0,
        a7 = 0;
      let b0 = 0,
        b1 = 0,
        b2 = 0,
        b3 = 0,
        b4 = 0,
        b5 = 0,
        b6 = 0,
        b7 = 0;
      let t: number;
      for (let n = offset; n < offset + B; n++) {
        const v = x[n];
        t = v + c0 * a0 - b0;
        b0 = a0;
        a0 = t;
        t = v + c1 * a1 - b1;
        b1 = a1;
        a1 = t;
        t = v + c2 * a2 - b2;
        b2 = a2;
        a2 = t;
        t = v + c3 * a3 - b3;
        b3 = a3;
        a3 = t;
        t = v + c4 * a4 - b4;
        b4 = a4;
        a4 = t;
        t = v + c5 * a5 - b5;
        b5 = a5;
        a5 = t;
        t = v + c6 * a6 - b6;
        b6 = a6;
        a6 = t;
        t = v + c7 * a7 - b7;
        b7 = a7;
        a7 = t;
      }
      this.storeBlockDft(h, 0, a0, b0);
      this.storeBlockDft(h, 1, a1, b1);
      this.storeBlockDft(h, 2, a2, b2);
      this.storeBlockDft(h, 3, a3, b3);
      this.storeBlockDft(h, 4, a4, b4);
      this.storeBlockDft(h, 5, a5, b5);
      this.storeBlockDft(h, 6, a6, b6);
      this.storeBlockDft(h, 7, a7, b7);
    }
    this.advancePhase();
    this.blockCount++;
    if (this.blockCount >= BLOCKS_PER_FRAME) this.track(this.analyseFrame());
  }

  /** Goertzel state → block DFT, rotated onto the stream-wide phase reference. */
  private storeBlockDft(h: number, k: number, s1: number, s2: number): void {
    const yr = s1 - this.cosW[k] * s2;
    const yi = this.sinW[k] * s2;
    // Goertzel output is referenced to the block's last sample; that offset is the
    // same for every block, so only the per-block step needs undoing.
    const qr = this.refRe[k];
    const qi = this.refIm[k];
    this.zRe[h * 8 + k] = yr * qr - yi * qi;
    this.zIm[h * 8 + k] = yr * qi + yi * qr;
  }

  private advancePhase(): void {
    for (let k = 0; k < 8; k++) {
      const r = this.refRe[k] * this.stepRe[k] - this.refIm[k] * this.stepIm[k];
      const i = this.refRe[k] * this.stepIm[k] + this.refIm[k] * this.stepRe[k];
      const norm = 1 / Math.sqrt(r * r + i * i);
      this.refRe[k] = r * norm;
      this.refIm[k] = i * norm;
    }
  }

  /** Returns the key index (0–15) this frame shows, or -1. */
  private analyseFrame(): number {
    const o = this.opts;
    const last = this.blockCount - 1;
    const N = this.frameLen;
    const h0 = last & HISTORY_MASK;
    const h1 = (last - 1) & HISTORY_MASK;
    const h2 = (last - 2) & HISTORY_MASK;
    const h3 = (last - 3) & HISTORY_MASK;
    const energy = this.energy;
    const meanSq = (energy[h0] + energy[h1] + energy[h2] + energy[h3]) / N;
    if (meanSq < this.minTonePower) return -1;

    const scale = 2 / (N * N);
    const pow = this.framePow;
    const zRe = this.zRe;
    const zIm = this.zIm;
    for (let k = 0; k < 8; k++) {
      const sr = zRe[h0 * 8 + k] + zRe[h1 * 8 + k] + zRe[h2 * 8 + k] + zRe[h3 * 8 + k];
      const si = zIm[h0 * 8 + k] + zIm[h1 * 8 + k] + zIm[h2 * 8 + k] + zIm[h3 * 8 + k];
      pow[k] = (sr * sr + si * si) * scale;
    }
    let low = 0;
    for (let k = 1; k < 4; k++) if (pow[k] > pow[low]) low = k;
    let high = 4;
    for (let k = 5; k < 8; k++) if (pow[k] > pow[high]) high = k;
    // Cheap reject before the trigonometry: nominal-frequency power of a detuned
    // tone is at most ~7 dB low, so a frame this far below the ratio cannot pass.
    if (pow[low] + pow[high] < 0.2 * o.minToneEnergyRatio * meanSq) return -1;

    this.refineTone(low);
    const pLow = this.refinedPower;
    if (Math.abs(this.refinedOffset) > o.maxDeviation * TONES[low]) return -1;
    this.refineTone(high);
    const pHigh = this.refinedPower;
    const highOffset = this.refinedOffset;
    if (Math.abs(highOffset) > o.maxDeviation * TONES[high]) return -1;

    if (pLow < this.minTonePower || pHigh < this.minTonePower) return -1;
    if (pLow + pHigh < o.minToneEnergyRatio * meanSq) return -1;
    const twist = 10 * Math.log10(pHigh / pLow);
    if (twist > o.maxReverseTwistDb || -twist > o.maxNormalTwistDb) return -1;
    const dominance = 10 ** (-o.minGroupDominanceDb / 10);
    for (let k = 0; k < 4; k++) if (k !== low && pow[k] > pLow * dominance) return -1;
    for (let k = 4; k < 8; k++) if (k !== high && pow[k] > pHigh * dominance) return -1;
    if (this.harmonicPower(2 * (TONES[high] + highOffset)) > pHigh * 10 ** (o.maxHarmonicDb / 10)) return -1;
    return low * 4 + (high - 4);
  }

  /**
   * Measures tone k's frequency offset from the mean phase step between blocks,
   * then sums the frame's blocks coherently at that offset.
   */
  private refineTone(k: number): void {
    const last = this.blockCount - 1;
    let cr = 0;
    let ci = 0;
    for (let b = 1; b < BLOCKS_PER_FRAME; b++) {
      const j1 = ((last - b + 1) & HISTORY_MASK) * 8 + k;
      const j0 = ((last - b) & HISTORY_MASK) * 8 + k;
      cr += this.zRe[j1] * this.zRe[j0] + this.zIm[j1] * this.zIm[j0];
      ci += this.zIm[j1] * this.zRe[j0] - this.zRe[j1] * this.zIm[j0];
    }
    const step = Math.atan2(ci, cr);
    this.refinedOffset = (step * this.sampleRate) / (2 * Math.PI * this.blockLen);
    // Walking back from the newest block, undo the phase the offset added.
    const dr = Math.cos(step);
    const di = Math.sin(step);
    let rr = 1;
    let ri = 0;
    let sr = 0;
    let si = 0;
    for (let b = 0; b < BLOCKS_PER_FRAME; b++) {
      const j = ((last - b) & HISTORY_MASK) * 8 + k;
      sr += this.zRe[j] * rr - this.zIm[j] * ri;
      si += this.zRe[j] * ri + this.zIm[j] * rr;
      const t = rr * dr - ri * di;
      ri = rr * di + ri * dr;
      rr = t;
    }
    this.refinedPower = ((sr * sr + si * si) * 2) / (this.frameLen * this.frameLen);
  }

  /** Goertzel over the frame's samples; only candidate frames get here. */
  private harmonicPower(freq: number): number {
    if (freq >= this.sampleRate / 2) return 0;
    const B = this.blockLen;
    const c = 2 * Math.cos((2 * Math.PI * freq) / this.sampleRate);
    let s1 = 0;
    let s2 = 0;
    for (let b = BLOCKS_PER_FRAME - 1; b >= 0; b--) {
      const slot = ((this.blockCount - 1 - b) % BLOCKS_PER_FRAME) * B;
      for (let n = slot; n < slot + B; n++) {
        const t = this.samples[n] + c * s1 - s2;
        s2 = s1;
        s1 = t;
      }
    }
    const p = s1 * s1 + s2 * s2 - c * s1 * s2;
    return (2 * p) / (this.frameLen * this.frameLen);
  }

  private track(key: number): void {
    const run = this.run;
    const block = this.blockCount - 1;
    if (run && key === run.key) {
      run.misses = 0;
      run.lastBlock = block;
      this.noteFrame(run);
      return;
    }
    if (run) {
      run.misses++;
      if (key < 0 && run.misses <= this.maxDropoutBlocks) return;
      this.finishRun(run);
    }
    if (key < 0) return;
    const next: Run = {
      key,
      low: key >> 2,
      high: 4 + (key & 3),
      startSample: 0,
      peakAmplitude: 0,
      misses: 0,
      lastBlock: block,
      frames: 0,
    };
    next.startSample = this.findEdge(next, block - BLOCKS_PER_FRAME - 1, block, true);
    this.noteFrame(next);
    this.run = next;
  }

  private noteFrame(run: Run): void {
    run.frames++;
    run.peakAmplitude = Math.max(run.peakAmplitude, this.framePeakAmplitude(run));
  }

  private framePeakAmplitude(run: Run): number {
    this.refineTone(run.low);
    const low = Math.sqrt(2 * this.refinedPower);
    this.refineTone(run.high);
    return low + Math.sqrt(2 * this.refinedPower);
  }

  private finishRun(run: Run): void {
    this.run = null;
    const from = run.lastBlock - BLOCKS_PER_FRAME;
    const endSample = this.findEdge(run, Math.max(from, 0), this.blockCount - 1, false);
    const startSample = Math.min(run.startSample, endSample);
    if (((endSample - startSample) * 1000) / this.sampleRate < this.opts.minToneMs) return;
    if (run.frames < this.opts.minFrames) return;
    this.out.push({
      digit: KEYS[run.key],
      startSample,
      endSample,
      startMs: (startSample * 1000) / this.sampleRate,
      endMs: (endSample * 1000) / this.sampleRate,
      level: 20 * Math.log10(run.peakAmplitude / FULL_SCALE),
    });
  }

  /**
   * Tone edge inside blocks [from, to]: the block with the most tone power is
   * taken as fully covered; walking outwards, a block's share of the tone is
   * sqrt(power / full), since a partial block's DFT grows linearly with the
   * number of tone samples in it.
   */
  private findEdge(run: Run, from: number, to: number, start: boolean): number {
    from = Math.max(from, 0, this.blockCount - HISTORY);
    let peak = from;
    let peakPow = -1;
    for (let b = from; b <= to; b++) {
      const p = this.blockTonePower(run, b);
      if (p > peakPow) {
        peakPow = p;
        peak = b;
      }
    }
    const B = this.blockLen;
    if (peakPow <= 0) return peak * B;
    const share = (b: number) => Math.min(1, Math.sqrt(this.blockTonePower(run, b) / peakPow));
    let edge = peak;
    if (start) {
      while (edge > from && share(edge - 1) >= EDGE_FLOOR) edge--;
      return Math.round(edge * B + (1 - share(edge)) * B);
    }
    while (edge < to && share(edge + 1) >= EDGE_FLOOR) edge++;
    return Math.round(edge * B + share(edge) * B);
  }

  private blockTonePower(run: Run, b: number): number {
    const h = (b & HISTORY_MASK) * 8;
    const l = h + run.low;
    const g = h + run.high;
    return this.zRe[l] ** 2 + this.zIm[l] ** 2 + this.zRe[g] ** 2 + this.zIm[g] ** 2;
  }
}

export function detectDtmf(samples: Int16Array, sampleRate: number, options?: Partial<DtmfOptions>): DtmfEvent[] {
  const detector = new DtmfDetector(sampleRate, options);
  return [...detector.push(samples), ...detector.flush()];
}
