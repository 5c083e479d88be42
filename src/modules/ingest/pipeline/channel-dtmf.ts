import { DtmfDetector, type DtmfEvent } from '../../redaction/dtmf/dtmf.detector';

/**
 * Keypad tones on each channel and, when there are several, on their mix: a tone
 * pair split across channels (its low tone on one, its high tone on the other) is a
 * tone on neither, yet one on any mono speaker or downmix the recording is played on.
 */
export class ChannelDtmf {
  private readonly detectors: DtmfDetector[];
  private readonly mixer: DtmfDetector | null;
  readonly events: DtmfEvent[][];
  readonly mixed: DtmfEvent[] = [];

  constructor(channels: number, sampleRate: number) {
    this.detectors = Array.from({ length: channels }, () => new DtmfDetector(sampleRate));
    this.events = this.detectors.map(() => []);
    this.mixer = channels > 1 ? new DtmfDetector(sampleRate) : null;
  }

  /** One array per channel, of equal length. */
  push(chans: Int16Array[]): void {
    chans.forEach((c, i) => this.events[i].push(...this.detectors[i].push(c)));
    if (this.mixer) this.mixed.push(...this.mixer.push(mix(chans)));
  }

  flush(): void {
    this.detectors.forEach((d, i) => this.events[i].push(...d.flush()));
    if (this.mixer) this.mixed.push(...this.mixer.flush());
  }
}

/** The channels' mean, as a downmix plays them (no clipping). */
function mix(chans: Int16Array[]): Int16Array {
  const out = new Int16Array(chans[0].length);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (const c of chans) sum += c[i];
    out[i] = Math.round(sum / chans.length);
  }
  return out;
}
